import { catalogHandlers } from './catalog/handlers';
import { driftCrossingSource } from './drift/crossings';
import { driftHandlers } from './drift/handlers';
import { driftEvidence } from './drift/store';
import { EventBus } from './events/event-bus';
import { FileSecretStore } from './secrets/file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { governanceHandlers } from './governance/handlers';
import { lineageContext } from './lineage/context';
import { lineageHandlers } from './lineage/handlers';
import { dataQualityEvidence } from './lineage/query/quality-evidence';
import { LineageReceiverHost } from './lineage/receiver/host';
import { monitoringHandlers } from './monitoring/handlers';
import { createGovernanceWatcher } from './notifications/governance-watcher';
import { createMonitoring, type Monitoring, type MonitoringOptions } from './monitoring/runtime';
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
  /** Monitoring: (tests) the poll schedule's tick and interval length. Credentials and HTTP tuning come from `registry`. */
  monitoring?: MonitoringOptions;
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
  /** Prometheus monitoring; long-lived hosts start `monitoring.scheduler`. */
  readonly monitoring: Monitoring;
  /** Team sync through PostgreSQL; long-lived hosts call `team.start()` for live replication. */
  readonly team: TeamSync;
  /** The OpenLineage receiver as the workspace settings say; started by startBackgroundWork(). */
  readonly lineageReceiver: LineageReceiverHost;
  /**
   * Work a long-running host (desktop app, `quorum serve`) does between requests: scheduled
   * registry syncs, scheduled Prometheus polls, live team sync, the OpenLineage receiver. One-shot CLI commands never start it.
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
  const monitoring = createMonitoring(services, { ...options.registry, secrets }, options.monitoring);
  const team = createTeamSync(services, { secrets, ...(options.registry?.env ? { env: options.registry.env } : {}) });
  const lineageReceiver = new LineageReceiverHost(services);
  const handlers: Handlers = {
    ...systemHandlers(services),
    ...catalogHandlers(services),
    ...lineageHandlers(services, lineageReceiver),
    ...registryHandlers(registry),
    ...monitoringHandlers(monitoring),
    ...teamsyncHandlers(team),
    ...governanceHandlers(services, {
      secrets,
      providers: {
        drift: (subject, asOf) => driftEvidence(store.db, subject, asOf),
        dataQuality: (subject, asOf) => dataQualityEvidence(lineageContext(services), subject, asOf),
      },
      registry: registry.writeBack,
      driftCrossings: driftCrossingSource(store.db),
    }),
    ...driftHandlers(services),
    // Reports read evidence through the other operations, so they get the dispatch (made below).
    ...reportsHandlers(services, { secrets, dispatch: () => dispatch, ...(options.pdfPrinter ? { printer: options.pdfPrinter } : {}) }),
  };
  const dispatch = createDispatch(handlers, {
    validateOutput: options.validateOutput ?? process.env.NODE_ENV !== 'production',
    reportInternalError:
      options.reportInternalError ??
      ((operation, error) => {
        // Work still in flight when the host closed the core fails on the closed database; that is shutdown, not a bug.
        if (!store.db.open) return;
        process.stderr.write(
          `quorum: internal error in ${operation}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }),
  });
  if (services.workspaceKind === 'demo' && isEmpty(store)) loadDemo(services);
  // Reads through dispatch like any client; started with the other background work.
  const governanceNotifications = createGovernanceWatcher({ dispatch, events });
  return {
    dispatch,
    events,
    store,
    services,
    registry,
    monitoring,
    team,
    lineageReceiver,
    startBackgroundWork: () => {
      registry.scheduler.start();
      monitoring.scheduler.start();
      team.start();
      // Never rejects: a port in use becomes the receiver's status, and the app keeps working.
      void lineageReceiver.start();
      governanceNotifications.start();
    },
    close: () => {
      // First, while the database is open: it writes what it already accepted.
      lineageReceiver.closeNow();
      governanceNotifications.stop();
      void team.close();
      // Running syncs are cancelled; they stop writing before the database closes.
      void registry.close();
      // Running Prometheus polls are cancelled before this returns; they read and write nothing after.
      void monitoring.close();
      store.close();
    },
  };
}

function isEmpty(store: WorkspaceStore): boolean {
  return (store.db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n === 0;
}
