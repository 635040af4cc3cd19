import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuorumError } from '../../electron/core/errors';
import { requireSecretFromEnv, secretFromEnv } from '../../electron/core/secrets/env';
import { FileSecretStore, SECRETS_FILE } from '../../electron/core/secrets/file-secret-store';
import { writePrivateJson } from '../../electron/core/secrets/private-file';
import { KEYCHAIN_SECRETS_FILE, SafeStorageSecretStore, type SafeStorageLike } from '../../electron/main/safe-storage-secrets';

const posix = process.platform !== 'win32';

async function errorOf(promise: Promise<unknown>): Promise<QuorumError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QuorumError) return error;
    throw error;
  }
  throw new Error('expected a QuorumError');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileSecretStore', () => {
  it('stores, reads, replaces and deletes secrets', async () => {
    const store = new FileSecretStore(dir);
    expect(await store.get('connection:mlflow:token')).toBeNull();
    await store.set('connection:mlflow:token', 's3cr3t');
    await store.set('connection:prom:token', 'other');
    expect(await store.get('connection:mlflow:token')).toBe('s3cr3t');
    await store.set('connection:mlflow:token', 'rotated');
    expect(await store.get('connection:mlflow:token')).toBe('rotated');
    expect(await store.delete('connection:mlflow:token')).toBe(true);
    expect(await store.delete('connection:mlflow:token')).toBe(false);
    expect(await new FileSecretStore(dir).get('connection:prom:token')).toBe('other');
    expect(store.describe()).toContain(join(dir, SECRETS_FILE));
  });

  it.runIf(posix)('creates the file readable by its owner only, whatever the umask', async () => {
    const previous = process.umask(0);
    try {
      await new FileSecretStore(dir).set('token', 'value');
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('creates a missing data directory privately', async () => {
    const nested = join(dir, 'new', 'workspace');
    await new FileSecretStore(nested).set('token', 'value');
    if (posix) expect(statSync(nested).mode & 0o777).toBe(0o700);
    expect(await new FileSecretStore(nested).get('token')).toBe('value');
  });

  it.runIf(posix)('refuses a secrets file others can read, and says how to fix it', async () => {
    const store = new FileSecretStore(dir);
    await store.set('token', 'value');
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      chmodSync(store.path, mode);
      const error = await errorOf(store.get('token'));
      expect(error.code).toBe('storage');
      expect(error.message).toContain(`chmod 600 ${store.path}`);
      expect(error.message).toContain(mode.toString(8));
      // Writing is refused too: it would first read the exposed file.
      expect((await errorOf(store.set('other', 'x'))).code).toBe('storage');
    }
    chmodSync(store.path, 0o600);
    expect(await store.get('token')).toBe('value');
  });

  it('replaces the file by rename and leaves no temp file behind', async () => {
    const store = new FileSecretStore(dir);
    await store.set('a', '1');
    const before = statSync(store.path).ino;
    await store.set('b', '2');
    expect(statSync(store.path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual([SECRETS_FILE]);
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ version: 1, secrets: { a: '1', b: '2' } });
  });

  it('cleans up its temp file and keeps what was there when the final rename fails', () => {
    const target = join(dir, 'occupied');
    mkdirSync(join(target, 'child'), { recursive: true });
    expect(() => writePrivateJson(target, { version: 1, secrets: {} }, { label: 'secrets file' })).toThrow(QuorumError);
    expect(readdirSync(dir)).toEqual(['occupied']);
    expect(readdirSync(target)).toEqual(['child']);
  });

  it('reports a corrupt file without touching it', async () => {
    const path = join(dir, SECRETS_FILE);
    writeFileSync(path, '{"version": 1, "secrets": {', { mode: 0o600 });
    const store = new FileSecretStore(dir);
    const error = await errorOf(store.get('token'));
    expect(error.code).toBe('storage');
    expect(error.message).toMatch(/is not valid JSON/);
    expect((await errorOf(store.set('token', 'x'))).code).toBe('storage');
    expect(readFileSync(path, 'utf8')).toBe('{"version": 1, "secrets": {');
  });

  it.each([
    ['an array', '[]'],
    ['another version', '{"version": 2, "secrets": {}}'],
    ['a non-string value', '{"version": 1, "secrets": {"token": 5}}'],
    ['secrets that are not an object', '{"version": 1, "secrets": "x"}'],
  ])('refuses a file with %s', async (_what, content) => {
    writeFileSync(join(dir, SECRETS_FILE), content, { mode: 0o600 });
    const error = await errorOf(new FileSecretStore(dir).get('token'));
    expect(error.code).toBe('storage');
    expect(error.message).toContain('is not one Quorum wrote');
  });

  it('refuses a secrets path that is a directory', async () => {
    mkdirSync(join(dir, SECRETS_FILE));
    expect((await errorOf(new FileSecretStore(dir).get('token'))).message).toContain('not a regular file');
  });

  it.each(['', ' spaced', 'a b', '../escape', 'x'.repeat(201), 'new\nline'])('rejects the secret name %j', async (name) => {
    expect((await errorOf(new FileSecretStore(dir).get(name))).code).toBe('invalid_input');
  });

  it('rejects an empty secret', async () => {
    expect((await errorOf(new FileSecretStore(dir).set('token', ''))).code).toBe('invalid_input');
  });

  it('does not treat names like __proto__ specially', async () => {
    const store = new FileSecretStore(dir);
    expect(await store.get('constructor')).toBeNull();
    await store.set('constructor', 'c');
    expect(await store.get('constructor')).toBe('c');
  });
});

describe('secretFromEnv', () => {
  const env = { MLFLOW_TOKEN: 'tok', EMPTY: '' };

  it('reads a variable by name, and null when unset or empty', () => {
    expect(secretFromEnv('MLFLOW_TOKEN', env)).toBe('tok');
    expect(secretFromEnv('MISSING', env)).toBeNull();
    expect(secretFromEnv('EMPTY', env)).toBeNull();
  });

  it('requireSecretFromEnv names the missing variable', () => {
    expect(requireSecretFromEnv('MLFLOW_TOKEN', env)).toBe('tok');
    expect(() => requireSecretFromEnv('MISSING', env)).toThrow('The environment variable MISSING is not set or is empty.');
  });

  it('refuses a value passed where a name belongs, without echoing it', () => {
    for (const mistaken of ['ghp_abc123-secret', '$MLFLOW_TOKEN', '1TOKEN', 'A B', '']) {
      let caught: unknown;
      try {
        secretFromEnv(mistaken, env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(QuorumError);
      expect((caught as QuorumError).code).toBe('invalid_input');
      if (mistaken !== '') expect((caught as QuorumError).message).not.toContain(mistaken);
    }
  });
});

/** A stand-in for Electron's safeStorage: reversible, and visibly not plain text. */
function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from(`enc:${[...text].reverse().join('')}`),
    decryptString: (buffer) => {
      const text = buffer.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(4)].reverse().join('');
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...overrides,
  };
}

describe('SafeStorageSecretStore (desktop keychain)', () => {
  it('keeps only encrypted values on disk, in a private file', async () => {
    const store = new SafeStorageSecretStore(fakeSafeStorage(), dir, 'linux');
    await store.set('connection:mlflow:token', 'plain-secret');
    expect(await store.get('connection:mlflow:token')).toBe('plain-secret');
    const onDisk = readFileSync(join(dir, KEYCHAIN_SECRETS_FILE), 'utf8');
    expect(onDisk).not.toContain('plain-secret');
    if (posix) expect(statSync(join(dir, KEYCHAIN_SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(await store.delete('connection:mlflow:token')).toBe(true);
    expect(await store.get('connection:mlflow:token')).toBeNull();
  });

  it('refuses to store when encryption is unavailable, and says why', async () => {
    const store = new SafeStorageSecretStore(fakeSafeStorage({ isEncryptionAvailable: () => false }), dir, 'linux');
    const error = await errorOf(store.set('token', 'x'));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/no desktop keyring answered/);
    expect(error.message).toContain('--token-env');
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses Linux's basic_text fallback, which is a hard-coded key", async () => {
    const store = new SafeStorageSecretStore(fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }), dir, 'linux');
    const error = await errorOf(store.set('token', 'x'));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/protects nothing/);
  });

  it('names the OS keychain it relies on', () => {
    expect(new SafeStorageSecretStore(fakeSafeStorage(), dir, 'darwin').describe()).toContain('macOS Keychain');
    expect(new SafeStorageSecretStore(fakeSafeStorage(), dir, 'win32').describe()).toContain('DPAPI');
    expect(new SafeStorageSecretStore(fakeSafeStorage(), dir, 'linux').describe()).toContain('gnome_libsecret');
  });

  it('explains a value it can no longer decrypt', async () => {
    writeFileSync(
      join(dir, KEYCHAIN_SECRETS_FILE),
      JSON.stringify({ version: 1, secrets: { token: Buffer.from('garbage').toString('base64') } }),
      {
        mode: 0o600,
      },
    );
    const error = await errorOf(new SafeStorageSecretStore(fakeSafeStorage(), dir, 'darwin').get('token'));
    expect(error.code).toBe('storage');
    expect(error.message).toContain('cannot be decrypted');
  });
});
