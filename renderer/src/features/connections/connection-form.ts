import type { AuthInput, ConnectionAddInput, ConnectionTestInput, ConnectionUpdateInput, EditableKind, RegistryConnection } from './types';

/**
 * The Add / Edit connection form as plain data, and its translation to the core's inputs.
 * Kept apart from the component so what gets sent (references, never secrets in the
 * database; auth left untouched on edit unless changed) is tested without a DOM.
 */

/** How the form offers authentication; each maps to one AuthInput shape. */
export type AuthChoice = 'none' | 'bearer-env' | 'basic-env' | 'token-secret' | 'keep';

export interface ConnectionFormValues {
  name: string;
  kind: EditableKind;
  url: string;
  auth: AuthChoice;
  tokenEnv: string;
  usernameEnv: string;
  passwordEnv: string;
  /** A token typed in: sent once as `{ value }`, moved into the secret store by the core. */
  tokenValue: string;
  caFile: string;
  insecureSkipVerify: boolean;
  writeBack: boolean;
  syncIntervalMinutes: string;
}

/** The core's default schedule (shared/domain/registry.ts); the renderer imports no core values. */
export const DEFAULT_SYNC_INTERVAL_MINUTES = 15;

/** The variable names MLflow's own clients read, so a machine set up for `mlflow` works as is. */
export const MLFLOW_ENV = {
  token: 'MLFLOW_TRACKING_TOKEN',
  username: 'MLFLOW_TRACKING_USERNAME',
  password: 'MLFLOW_TRACKING_PASSWORD',
} as const;

export const EMPTY_FORM: ConnectionFormValues = {
  name: '',
  kind: 'mlflow',
  url: '',
  auth: 'none',
  tokenEnv: MLFLOW_ENV.token,
  usernameEnv: MLFLOW_ENV.username,
  passwordEnv: MLFLOW_ENV.password,
  tokenValue: '',
  caFile: '',
  insecureSkipVerify: false,
  writeBack: false,
  syncIntervalMinutes: String(DEFAULT_SYNC_INTERVAL_MINUTES),
};

const ENV_PREFIX = 'env:';
const envName = (ref: string): string | null => (ref.startsWith(ENV_PREFIX) ? ref.slice(ENV_PREFIX.length) : null);

/** The form for editing a stored connection: its auth is kept as is unless the user picks another. */
export function formFromConnection(connection: RegistryConnection): ConnectionFormValues {
  const { settings } = connection;
  const base: ConnectionFormValues = {
    ...EMPTY_FORM,
    name: connection.name,
    kind: connection.kind === 'prometheus' ? 'prometheus' : 'mlflow',
    url: connection.url,
    auth: settings.auth.kind === 'none' ? 'none' : 'keep',
    caFile: settings.caFile ?? '',
    insecureSkipVerify: settings.insecureSkipVerify,
    writeBack: settings.writeBack,
    syncIntervalMinutes: String(settings.syncIntervalMinutes),
  };
  if (settings.auth.kind === 'bearer') {
    const token = envName(settings.auth.token);
    if (token) return { ...base, tokenEnv: token };
  }
  if (settings.auth.kind === 'basic') {
    const username = envName(settings.auth.username);
    const password = envName(settings.auth.password);
    return { ...base, ...(username ? { usernameEnv: username } : {}), ...(password ? { passwordEnv: password } : {}) };
  }
  return base;
}

/** Where the stored credentials come from, in words, for the "keep" choice and the list. */
export function describeAuth(auth: RegistryConnection['settings']['auth']): string {
  const where = (ref: string) =>
    ref.startsWith(ENV_PREFIX) ? `environment variable ${ref.slice(ENV_PREFIX.length)}` : 'Quorum’s secret store';
  if (auth.kind === 'none') return 'No authentication';
  if (auth.kind === 'bearer') return `Bearer token from ${where(auth.token)}`;
  return `Basic auth: user from ${where(auth.username)}, password from ${where(auth.password)}`;
}

export type FormErrors = Partial<Record<keyof ConnectionFormValues, string>>;

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What can be said before asking the core; the core validates again and its words are shown too. */
export function validateForm(values: ConnectionFormValues, mode: 'add' | 'edit'): FormErrors {
  const errors: FormErrors = {};
  if (mode === 'add' && !NAME.test(values.name.trim())) {
    errors.name = 'Use 1–64 letters, digits, “.”, “_” or “-”, starting with a letter or digit. The name keys this registry’s models.';
  }
  const url = values.url.trim();
  if (url === '') errors.url = 'Enter the server’s address, for example https://mlflow.example.com.';
  else if (!/^https?:\/\/[^\s]+$/i.test(url)) errors.url = 'The address must start with http:// or https://.';
  if (values.auth === 'bearer-env' && !ENV_VAR.test(values.tokenEnv.trim())) {
    errors.tokenEnv = 'Enter an environment variable name, such as MLFLOW_TRACKING_TOKEN.';
  }
  if (values.auth === 'basic-env') {
    if (!ENV_VAR.test(values.usernameEnv.trim())) errors.usernameEnv = 'Enter an environment variable name.';
    if (!ENV_VAR.test(values.passwordEnv.trim())) errors.passwordEnv = 'Enter an environment variable name.';
  }
  if (values.auth === 'token-secret' && values.tokenValue.trim() === '') errors.tokenValue = 'Paste the token to store.';
  const minutes = Number(values.syncIntervalMinutes);
  if (values.kind === 'mlflow' && (!Number.isInteger(minutes) || minutes < 0 || minutes > 7 * 24 * 60)) {
    errors.syncIntervalMinutes = 'Enter whole minutes from 0 (off) to 10080 (a week).';
  }
  return errors;
}

/** The auth to send, or undefined to leave the stored one unchanged. */
export function authInput(values: ConnectionFormValues): AuthInput | undefined {
  switch (values.auth) {
    case 'keep':
      return undefined;
    case 'none':
      return { kind: 'none' };
    case 'bearer-env':
      return { kind: 'bearer', token: `env:${values.tokenEnv.trim()}` };
    case 'basic-env':
      return { kind: 'basic', username: `env:${values.usernameEnv.trim()}`, password: `env:${values.passwordEnv.trim()}` };
    case 'token-secret':
      return { kind: 'bearer', token: { value: values.tokenValue } };
  }
}

function tls(values: ConnectionFormValues) {
  const caFile = values.caFile.trim();
  return { caFile: caFile === '' ? null : caFile, insecureSkipVerify: values.insecureSkipVerify };
}

/** Monitoring backends are never synced and never written to, so those settings are not sent for them. */
function registrySettings(values: ConnectionFormValues) {
  return values.kind === 'mlflow' ? { writeBack: values.writeBack, syncIntervalMinutes: Number(values.syncIntervalMinutes) } : {};
}

export function addInput(values: ConnectionFormValues): ConnectionAddInput {
  const auth = authInput(values);
  return {
    name: values.name.trim(),
    kind: values.kind,
    url: values.url.trim(),
    ...(auth ? { auth } : {}),
    ...tls(values),
    ...registrySettings(values),
    test: true,
  };
}

export function updateInput(values: ConnectionFormValues): ConnectionUpdateInput {
  const auth = authInput(values);
  return { name: values.name, url: values.url.trim(), ...(auth ? { auth } : {}), ...tls(values), ...registrySettings(values) };
}

/**
 * What "Test connection" sends. A stored connection whose credentials are kept is tested by
 * name when nothing about reaching it changed, so its stored secret is used; otherwise the
 * draft is tested as typed.
 */
export function testInput(values: ConnectionFormValues, stored: RegistryConnection | null): ConnectionTestInput {
  const auth = authInput(values);
  if (!auth && stored) {
    const unchanged =
      stored.url === values.url.trim() &&
      (stored.settings.caFile ?? '') === values.caFile.trim() &&
      stored.settings.insecureSkipVerify === values.insecureSkipVerify;
    if (unchanged) return { name: stored.name };
    return { kind: values.kind, url: values.url.trim(), auth: storedAuthAsInput(stored), ...tls(values) };
  }
  return { kind: values.kind, url: values.url.trim(), ...(auth ? { auth } : {}), ...tls(values) };
}

/** Stored references are valid inputs as they are (`env:` and `secret:` both). */
function storedAuthAsInput(stored: RegistryConnection): AuthInput {
  return stored.settings.auth;
}
