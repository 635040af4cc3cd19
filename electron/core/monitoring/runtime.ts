import { connectorOptionsFromEnv } from '../registry/connectors';
import { CredentialResolver } from '../registry/credentials';
import type { RegistryOptions } from '../registry/runtime';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { CoreServices } from '../services';
import { MonitoringService } from './service';
import { MonitoringStore } from './store';

/**
 * Monitoring for one open workspace. It reads credentials from the same places as the
 * registry (the `secrets` store and `env` of the core's registry options) and builds its
 * HTTP clients with the same tuning (QUORUM_HTTP_TIMEOUT_SECONDS, QUORUM_HTTP_MAX_RETRIES).
 */
export function createMonitoring(services: CoreServices, options: RegistryOptions = {}): MonitoringService {
  const env = options.env ?? process.env;
  const credentials = new CredentialResolver(options.secrets ?? new FileSecretStore(services.store.dataDir), env);
  return new MonitoringService(
    services,
    new MonitoringStore(services.store.db),
    credentials,
    connectorOptionsFromEnv(env, options.connectors),
  );
}
