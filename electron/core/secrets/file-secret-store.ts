import { join } from 'node:path';
import { QuorumError } from '../errors';
import { readPrivateJson, writePrivateJson } from './private-file';
import { assertSecretName, assertSecretValue, type SecretStore } from './secret-store';

export const SECRETS_FILE = 'secrets.json';

/** On disk: `{ "version": 1, "secrets": { "<name>": "<value>" } }`. */
export const SECRETS_FILE_VERSION = 1;

const LABEL = 'secrets file';

/**
 * Secrets for headless use (`quorum serve`, the CLI, CI): plain JSON in a 0600 file in the
 * data directory. It is only as safe as the account that owns it; the desktop app uses the
 * OS keychain instead, and CI should prefer environment variables (`--token-env VAR`).
 */
export class FileSecretStore implements SecretStore {
  readonly path: string;

  constructor(dataDir: string, fileName: string = SECRETS_FILE) {
    this.path = join(dataDir, fileName);
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    return this.read().get(name) ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    const secrets = this.read();
    secrets.set(name, value);
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
    return `a file readable only by you (${this.path})`;
  }

  /** Read on every call, so a CLI run and a running app see each other's changes. */
  private read(): Map<string, string> {
    return readSecretsFile(this.path, LABEL);
  }
}

/** The name → value map of a secrets file (empty when there is none); shared with the keychain-backed store. */
export function readSecretsFile(path: string, label: string): Map<string, string> {
  const raw = readPrivateJson(path, { label });
  return raw === null ? new Map() : parseSecretsFile(raw, path, label);
}

export function writeSecretsFile(path: string, secrets: ReadonlyMap<string, string>, label: string): void {
  writePrivateJson(path, { version: SECRETS_FILE_VERSION, secrets: Object.fromEntries(secrets) }, { label });
}

function parseSecretsFile(raw: unknown, path: string, label: string): Map<string, string> {
  const bad = (why: string) =>
    new QuorumError('storage', `The ${label} ${path} is not one Quorum wrote (${why}). It was not changed.`, { path });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('not a JSON object');
  const { version, secrets } = raw as { version?: unknown; secrets?: unknown };
  if (version !== SECRETS_FILE_VERSION) throw bad(`unknown version ${JSON.stringify(version)}`);
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) throw bad('"secrets" is not an object');
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(secrets)) {
    if (typeof value !== 'string') throw bad(`the value of "${key}" is not a string`);
    map.set(key, value);
  }
  return map;
}
