import { connectorOptionsFromEnv } from '../registry/connectors';
import { CredentialResolver } from '../registry/credentials';
import type { RegistryOptions } from '../registry/runtime';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { CoreServices } from '../services';
import { DEFAULT_POLL_SCHEDULER_OPTIONS, PollScheduler, type PollSchedulerOptions } from './scheduler';
import { MonitoringService } from './service';
import { MonitoringStore } from './store';

export interface MonitoringOptions {
  /** The poll schedule's tick and (tests) the length of an interval minute. */
  readonly scheduler?: Partial<PollSchedulerOptions>;
}

/** Everything monitoring is made of, for one open workspace. */
export interface Monitoring {
  readonly service: MonitoringService;
  /** Started by long-lived hosts (desktop app, `quorum serve`); never by one-shot CLI commands. */
  readonly scheduler: PollScheduler;
  /** Stops the schedule and cancels running polls before it returns; what they stored is kept. */
  close(): Promise<void>;
}

/**
 * Monitoring for one open workspace. It reads credentials from the same places as the
 * registry (the `secrets` store and `env` of the core's registry options) and builds its
 * HTTP clients with the same tuning (QUORUM_HTTP_TIMEOUT_SECONDS, QUORUM_HTTP_MAX_RETRIES).
 */
export function createMonitoring(services: CoreServices, options: RegistryOptions = {}, monitoring: MonitoringOptions = {}): Monitoring {
  const env = options.env ?? process.env;
  const credentials = new CredentialResolver(options.secrets ?? new FileSecretStore(services.store.dataDir), env);
  const store = new MonitoringStore(services.store.db);
  const service = new MonitoringService(services, store, credentials, connectorOptionsFromEnv(env, options.connectors));
  const scheduler = new PollScheduler(service, store, services.now, { ...DEFAULT_POLL_SCHEDULER_OPTIONS, ...monitoring.scheduler });
  return { service, scheduler, close: () => scheduler.close() };
}
