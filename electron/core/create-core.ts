import { catalogHandlers } from './catalog/handlers';
import { EventBus } from './events/event-bus';
import { createDispatch, type Dispatch } from './rpc/dispatch';
import type { Handlers } from './rpc/handler';
import type { CoreServices } from './services';
import { openWorkspaceStore, type WorkspaceStore } from './store/open-store';
import { systemHandlers } from './system/handlers';
import { APP_VERSION } from './version';
import { defaultResourcesDir } from './resources';
import { loadDemo } from './demo/load-demo';

export interface CoreOptions {
  dataDir: string;
  workspaceKind?: 'user' | 'demo';
  resourcesDir?: string;
  nativeBinding?: string;
  now?: () => number;
  validateOutput?: boolean;
  reportInternalError?: (operation: string, error: unknown) => void;
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly store: WorkspaceStore;
  readonly services: CoreServices;
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
  };
  const handlers: Handlers = { ...systemHandlers(services), ...catalogHandlers(services) };
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
  return { dispatch, events, store, services, close: () => store.close() };
}

function isEmpty(store: WorkspaceStore): boolean {
  return (store.db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n === 0;
}
