import { join } from 'node:path';
import { QuorumError } from '../core/errors';
import { readSecretsFile, writeSecretsFile } from '../core/secrets/file-secret-store';
import { assertSecretName, assertSecretValue, type SecretStore } from '../core/secrets/secret-store';

/** The members of Electron's safeStorage this store uses (types only, so tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

export const KEYCHAIN_SECRETS_FILE = 'secrets.keychain.json';
const LABEL = 'keychain secrets file';

/**
 * The desktop app's SecretStore: values encrypted with a key the OS keychain holds (Keychain
 * on macOS, DPAPI on Windows, libsecret/KWallet on Linux), stored base64 in a 0600 file in
 * userData. It refuses to store anything when no keychain protects the key, because then
 * the "encrypted" file would be as readable as plain text.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly path: string;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    userData: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.path = join(userData, KEYCHAIN_SECRETS_FILE);
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    const encoded = this.read().get(name);
    if (encoded === undefined) return null;
    this.assertAvailable(`read the secret "${name}"`);
    try {
      return this.safeStorage.decryptString(Buffer.from(encoded, 'base64'));
    } catch {
      throw new QuorumError(
        'storage',
        `The secret "${name}" cannot be decrypted: it was stored by another user account or machine, or Quorum's keychain entry was reset. Enter it again.`,
        { name },
      );
    }
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    this.assertAvailable(`store the secret "${name}"`);
    const secrets = this.read();
    secrets.set(name, this.safeStorage.encryptString(value).toString('base64'));
    writeSecretsFile(this.path, secrets, LABEL);
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    const secrets = this.read();
    if (!secrets.delete(name)) return false;
    writeSecretsFile(this.path, secrets, LABEL);
    return true;
  }

  describe(): string {
    const keychain =
      this.platform === 'darwin'
        ? 'the macOS Keychain'
        : this.platform === 'win32'
          ? 'Windows DPAPI (your user account)'
          : `the desktop keyring (${this.safeStorage.getSelectedStorageBackend?.() ?? 'unknown'})`;
    return `encrypted with a key kept in ${keychain}, in ${this.path}`;
  }

  private read(): Map<string, string> {
    return readSecretsFile(this.path, LABEL);
  }

  private assertAvailable(action: string): void {
    const fallback = 'Until then, give connectors their token through an environment variable (--token-env VAR).';
    if (!this.safeStorage.isEncryptionAvailable()) {
      const where =
        this.platform === 'linux'
          ? 'no desktop keyring answered (install and unlock GNOME Keyring or KWallet)'
          : 'the OS keychain is not available to Quorum';
      throw new QuorumError('unavailable', `Cannot ${action}: ${where}. ${fallback}`);
    }
    // On Linux without a keyring Electron "encrypts" with a hard-coded password: no protection at all.
    if (this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new QuorumError(
        'unavailable',
        `Cannot ${action}: no desktop keyring was found (Electron would fall back to a built-in key, which protects nothing). Install and unlock GNOME Keyring or KWallet. ${fallback}`,
      );
    }
  }
}
