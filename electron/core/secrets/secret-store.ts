import { QuorumError } from '../errors';

/**
 * Where connector credentials (registry tokens, private keys) live, never in the workspace
 * database. The desktop app backs it with the OS keychain (Electron safeStorage); headless
 * faces use a 0600 file in the data directory or environment variables.
 *
 * Async on purpose: OS keychains may prompt or block, and Electron's safeStorage is moving
 * to an async API; callers should not have to change when a backend does.
 */
export interface SecretStore {
  /** The secret stored under `name`, or null when there is none. */
  get(name: string): Promise<string | null>;
  /** Stores (or replaces) a secret. Throws a QuorumError saying why when it cannot. */
  set(name: string, value: string): Promise<void>;
  /** Removes a secret; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** Where and how this store keeps secrets, for `quorum doctor` and error messages. */
  describe(): string;
}

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/;

/** Secret names are identifiers such as `connection:northwind-mlflow:token`, never free text. */
export function assertSecretName(name: string): void {
  if (typeof name !== 'string' || !SECRET_NAME.test(name)) {
    throw new QuorumError(
      'invalid_input',
      `"${String(name)}" is not a valid secret name: use 1-200 letters, digits and . _ : @ / -, starting with a letter or digit.`,
      { name: String(name) },
    );
  }
}

export function assertSecretValue(name: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new QuorumError('invalid_input', `The secret "${name}" is empty; nothing to store.`, { name });
  }
}
