import { catalogHandlers } from './catalog/handlers';
import { driftHandlers } from './drift/handlers';
import { driftEvidence } from './drift/store';
import { EventBus } from './events/event-bus';
import { FileSecretStore } from './secrets/file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { governanceHandlers } from './governance/handlers';
import { lineageHandlers } from './lineage/handlers';
import { monitoringHandlers } from './monitoring/handlers';
import { createMonitoring } from './monitoring/runtime';
import { createDispatch, type Dispatch } from './rpc/dispatch';
import type { Handlers } from './rpc/handler';
import type { CoreServices } from './services';
import { openWorkspaceStore, type WorkspaceStore } from './store/open-store';
import { systemHandlers } from './system/handlers';
import { APP_VERSION } from './version';
import { defaultResourcesDir } from './resources';
import { loadDemo } from './demo/load-demo';
import { registryHandlers } from './registry/handlers';
import { createRegistry, type Registry, type RegistryOptions } from './registry/runtime';
import { reportsHandlers } from './reports/handlers';
import type { PdfPrinter } from './reports/pdf/printer';
import type { TeamSync } from './teamsync/engine';
import { createTeamSync, teamsyncHandlers } from './teamsync/handlers';

export interface CoreOptions {
  /** The secret store for tokens and private keys; a 0600 file in the data dir by default. */
  secrets?: SecretStore;
  dataDir: string;
  workspaceKind?: 'user' | 'demo';
  resourcesDir?: string;
  nativeBinding?: string;
  now?: () => number;
  validateOutput?: boolean;
  reportInternalError?: (operation: string, error: unknown) => void;
  /** Registry connectors: secret store, env, and (tests) clock and timeouts. */
  registry?: RegistryOptions;
  /** PDF printing for reports (the desktop app: Electron printToPDF); default playwright-core + system Chromium. */
  pdfPrinter?: () => PdfPrinter;
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly store: WorkspaceStore;
  readonly services: CoreServices;
  /** Registry sync; long-lived hosts start `registry.scheduler`. */
  readonly registry: Registry;
  /** Team sync through PostgreSQL; long-lived hosts call `team.start()` for live replication. */
  readonly team: TeamSync;
  /**
   * Work a long-running host (desktop app, `quorum serve`) does between requests: scheduled
   * registry syncs and live team sync. One-shot CLI commands never start it.
   */
  startBackgroundWork(): void;
  close(): void;
}

/**
 * The composition root shared by the desktop app, browser mode and the CLI: opens the
 * workspace, builds every handler, and returns the one dispatch function they all call.
 */
export function createCore(options: CoreOptions): Core {
  const store = openWorkspaceStore({
    dataDir: options.dataDir,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const events = new EventBus();
  const services: CoreServices = {
    store,
    events,
    now: options.now ?? Date.now,
    appVersion: APP_VERSION,
    resourcesDir: options.resourcesDir ?? defaultResourcesDir(),
    workspaceKind: options.workspaceKind ?? 'user',
    secrets: options.secrets ?? options.registry?.secrets ?? new FileSecretStore(store.dataDir),
  };
  const { secrets } = services;
  const registry = createRegistry(services, { ...options.registry, secrets });
  const team = createTeamSync(services, { secrets, ...(options.registry?.env ? { env: options.registry.env } : {}) });
  const handlers: Handlers = {
    ...systemHandlers(services),
    ...catalogHandlers(services),
    ...lineageHandlers(services),
    ...registryHandlers(registry),
    ...monitoringHandlers(createMonitoring(services, { ...options.registry, secrets })),
    ...teamsyncHandlers(team),
    ...governanceHandlers(services, { secrets, providers: { drift: (subject) => driftEvidence(store.db, subject) } }),
    ...driftHandlers(services),
    // Reports read evidence through the other operations, so they get the dispatch (made below).
    ...reportsHandlers(services, { secrets, dispatch: () => dispatch, ...(options.pdfPrinter ? { printer: options.pdfPrinter } : {}) }),
  };
  const dispatch = createDispatch(handlers, {
    validateOutput: options.validateOutput ?? process.env.NODE_ENV !== 'production',
    reportInternalError:
      options.reportInternalError ??
      ((operation, error) => {
        process.stderr.write(
          `quorum: internal error in ${operation}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }),
  });
  if (services.workspaceKind === 'demo' && isEmpty(store)) loadDemo(services);
  return {
    dispatch,
    events,
    store,
    services,
    registry,
    team,
    startBackgroundWork: () => {
      registry.scheduler.start();
      team.start();
    },
    close: () => {
      void team.close();
      // Running syncs are cancelled; they stop writing before the database closes.
      void registry.close();
      store.close();
    },
  };
}

function isEmpty(store: WorkspaceStore): boolean {
  return (store.db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n === 0;
}
