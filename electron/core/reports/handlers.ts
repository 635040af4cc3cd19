import { join } from 'node:path';
import type { reportsOperations } from '@shared/contract/reports.contract';
import type { Dispatch } from '../rpc/dispatch';
import type { Handlers } from '../rpc/handler';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import type { CoreServices } from '../services';
import { invokerOf } from './invoke';
import { PlaywrightPdfPrinter } from './pdf/playwright-printer';
import type { PdfPrinter } from './pdf/printer';
import { ReportsService } from './service';

type ReportsHandlers = Pick<Handlers, keyof typeof reportsOperations>;

export interface ReportsOptions {
  /** The core's dispatch, read lazily: reports gather evidence through the other operations. */
  dispatch: () => Dispatch;
  /** The desktop app passes an Electron printToPDF printer; headless modes get playwright-core + system Chromium. */
  printer?: () => PdfPrinter;
  secrets?: SecretStore;
}

export function reportsHandlers(services: CoreServices, options: ReportsOptions): ReportsHandlers {
  const provided = (services as Partial<{ secrets: SecretStore }>).secrets;
  const service = new ReportsService({
    db: services.store.db,
    now: services.now,
    resourcesDir: services.resourcesDir,
    reportsDir: join(services.store.dataDir, 'reports'),
    appVersion: services.appVersion,
    secrets: options.secrets ?? provided ?? new FileSecretStore(services.store.dataDir),
    invoke: invokerOf(options.dispatch),
    printer: options.printer ?? (() => new PlaywrightPdfPrinter()),
    progress: (jobId, done, total, label, state) =>
      services.events.emit('job.progress', {
        jobId,
        kind: 'report',
        label,
        done,
        total,
        state,
        message: state === 'failed' || state === 'cancelled' ? label : null,
      }),
    changed: () => services.events.emit('data.changed', { topics: ['reports', 'governance'] }),
  });
  return {
    'reports.generate': (input, context) => service.generate(input, context.signal),
    'reports.cancel': ({ jobId }) => ({ cancelled: service.cancel(jobId) }),
    'reports.preview': (input) => service.preview(input),
    'reports.list': ({ limit }) => service.list(limit),
    'reports.verify': ({ file }) => service.verify(file),
  };
}
