import type { SyncResult } from '@shared/domain/registry';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import type { CoreServices } from '../services';
import { ConnectionService } from './connection-service';
import { connectorOptionsFromEnv, type ConnectorRuntimeOptions } from './connectors';
import { CredentialResolver } from './credentials';
import { metricHistory, type MetricHistory } from './metric-history';
import { DEFAULT_SCHEDULER_OPTIONS, SyncScheduler, type SchedulerOptions } from './scheduler';
import { RegistryStore } from './store';
import { DEFAULT_SYNC_OPTIONS, SyncService, type SyncServiceOptions } from './sync-service';
import { WriteBackGate } from './write-back';

export interface RegistryOptions {
  /** Where `secret:` references live; the desktop app passes its keychain-backed store. Default: a 0600 file in the data directory. */
  readonly secrets?: SecretStore;
  /** Where `env:` references are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly connectors?: ConnectorRuntimeOptions;
  readonly sync?: Partial<SyncServiceOptions>;
  readonly scheduler?: Partial<SchedulerOptions>;
}

/** Everything the registry feature is made of, for one open workspace. */
export interface Registry {
  readonly connections: ConnectionService;
  readonly sync: SyncService;
  /** Started by long-lived hosts (desktop app, `quorum serve`); never by one-shot CLI commands. */
  readonly scheduler: SyncScheduler;
  /** For the governance issue: tag and alias write-back, refused unless the connection allows it. */
  readonly writeBack: WriteBackGate;
  metricHistory(input: { connection: string; runId: string; key: string }, signal: AbortSignal): Promise<MetricHistory>;
  /** Stops the schedule and cancels running syncs; what they fetched is kept. */
  close(): Promise<SyncResult[][]>;
}

export function createRegistry(services: CoreServices, options: RegistryOptions = {}): Registry {
  const store = new RegistryStore(services.store.db);
  const env = options.env ?? process.env;
  const credentials = new CredentialResolver(options.secrets ?? new FileSecretStore(services.store.dataDir), env);
  const connectorOptions = connectorOptionsFromEnv(env, options.connectors);
  const sync = new SyncService(services, store, credentials, connectorOptions, { ...DEFAULT_SYNC_OPTIONS, ...options.sync });
  const scheduler = new SyncScheduler(sync, store, services.now, { ...DEFAULT_SCHEDULER_OPTIONS, ...options.scheduler });
  return {
    connections: new ConnectionService(services, store, credentials, sync, connectorOptions),
    sync,
    scheduler,
    writeBack: new WriteBackGate(store, credentials, connectorOptions),
    metricHistory: (input, signal) => metricHistory({ store, credentials, connectorOptions, now: services.now }, input, signal),
    close: async () => {
      scheduler.stop();
      return sync.close();
    },
  };
}
