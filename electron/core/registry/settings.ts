import { connectionSettingsSchema, DEFAULT_SYNC_INTERVAL_MINUTES, type ConnectionSettings } from '@shared/domain/registry';
import { QuorumError } from '../errors';

export const DEFAULT_SETTINGS: ConnectionSettings = {
  auth: { kind: 'none' },
  caFile: null,
  insecureSkipVerify: false,
  writeBack: false,
  syncIntervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
};

/**
 * Settings as stored in `connections.options_json`. Connections created before this issue
 * (the demo's recording) hold `{}`; missing fields take the defaults, so nothing needs a
 * data migration.
 */
export function parseSettings(optionsJson: string): ConnectionSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(optionsJson);
  } catch {
    raw = {};
  }
  const merged = { ...DEFAULT_SETTINGS, ...(typeof raw === 'object' && raw !== null ? raw : {}) };
  const parsed = connectionSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export function serializeSettings(settings: ConnectionSettings): string {
  return JSON.stringify(connectionSettingsSchema.parse(settings));
}

/**
 * A registry URL as stored: http(s) only, no credentials (they would land in the database
 * and in every message), no query or fragment, no trailing slash. A path prefix stays
 * (`https://host/mlflow`), as MLflow clients allow.
 */
export function normalizeRegistryUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new QuorumError('invalid_input', `"${input}" is not a URL. Give the MLflow server's address, e.g. https://mlflow.example.com.`, {
      field: 'url',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new QuorumError('invalid_input', `The URL must start with http:// or https://, not ${url.protocol}//.`, { field: 'url' });
  }
  if (url.username || url.password) {
    throw new QuorumError(
      'invalid_input',
      'Put credentials in environment variables or the secret store (--token-env, --username-env/--password-env), not in the URL: a URL is stored and shown in plain text.',
      { field: 'url' },
    );
  }
  if (url.search || url.hash) {
    throw new QuorumError('invalid_input', 'The URL must not have a query string or fragment.', { field: 'url' });
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
