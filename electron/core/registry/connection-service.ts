import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AuthInput, ConnectionAddInput, SecretInput } from '@shared/contract/registry.contract';
import type { AuthSpec, ConnectionSettings, ConnectionTest, RegistryConnection, SecretRef } from '@shared/domain/registry';
import { isHttpFailure } from '../connectors/http/errors';
import { QuorumError } from '../errors';
import type { CoreServices } from '../services';
import { testPrometheus } from '../monitoring/prometheus/open';
import { openConnector, type ConnectorRuntimeOptions, type ConnectorTarget } from './connectors';
import type { CredentialResolver } from './credentials';
import { DEFAULT_SETTINGS, normalizeRegistryUrl } from './settings';
import type { RegistryStore } from './store';
import type { SyncService } from './sync-service';

type TlsAndAuthInput = { auth?: AuthInput | undefined; caFile?: string | null | undefined; insecureSkipVerify?: boolean | undefined };

/**
 * Adding, testing, changing and removing registry connections. Secrets handed over as
 * values go to the secret store before anything is written to the database, and a test
 * result is recorded on the connection so Settings and `quorum doctor` show it.
 */
export class ConnectionService {
  constructor(
    private readonly services: CoreServices,
    private readonly store: RegistryStore,
    private readonly credentials: CredentialResolver,
    private readonly sync: SyncService,
    private readonly connectorOptions: ConnectorRuntimeOptions,
  ) {}

  async add(
    input: ConnectionAddInput & { test: boolean },
    signal: AbortSignal,
  ): Promise<{ connection: RegistryConnection; test: ConnectionTest | null }> {
    const url = normalizeRegistryUrl(input.url);
    const caFile = checkCaFile(input.caFile ?? null);
    if (input.kind === 'prometheus' && input.writeBack) {
      throw new QuorumError('invalid_input', 'A Prometheus connection has nothing to write back to; writeBack applies to registries.', {
        field: 'writeBack',
      });
    }
    if (this.store.find(input.name)) {
      throw new QuorumError('conflict', `A connection named "${input.name}" already exists. Choose another name, or update or remove it.`, {
        connection: input.name,
      });
    }
    const auth = await this.credentials.storeAuth(input.name, input.auth ?? { kind: 'none' });
    const settings: ConnectionSettings = {
      ...DEFAULT_SETTINGS,
      auth,
      caFile,
      insecureSkipVerify: input.insecureSkipVerify ?? false,
      writeBack: input.writeBack ?? false,
      syncIntervalMinutes: input.syncIntervalMinutes ?? DEFAULT_SETTINGS.syncIntervalMinutes,
    };
    let row;
    try {
      row = this.store.insert({ name: input.name, kind: input.kind, url, settings }, this.services.now());
    } catch (error) {
      await this.credentials.forget(input.name);
      throw error;
    }
    const test = input.test ? await this.testStored(row.name, signal) : null;
    this.changed(['connections']);
    return { connection: this.store.view(this.store.require(row.name)), test };
  }

  get(name: string): RegistryConnection {
    return this.store.view(this.store.require(name));
  }

  /** Tests a stored connection and records the outcome on it. */
  async testStored(name: string, signal: AbortSignal): Promise<ConnectionTest> {
    const row = this.store.require(name);
    const result = await this.runTest(row, this.credentials, signal);
    this.store.recordTest(row.id, { serverVersion: result.serverVersion, features: result.features, at: result.checkedAt });
    if (!result.ok) {
      this.store.setStatus(row.id, 'error', result.problem?.message ?? 'The connection test failed.');
    } else {
      const product = row.kind === 'prometheus' ? 'Prometheus' : 'MLflow';
      const found = `Reachable${result.serverVersion ? `: ${product} ${result.serverVersion}` : ''}, credentials accepted.`;
      const notYet = row.kind === 'prometheus' ? 'Not polled yet.' : 'Not synced yet.';
      if (row.status === 'never-synced') this.store.setStatus(row.id, 'never-synced', `${found} ${notYet}`);
      else if (row.status === 'error' && row.lastSyncAt === null) this.store.setStatus(row.id, 'never-synced', `${found} Not synced yet.`);
      else if (row.status === 'error') this.store.setStatus(row.id, 'ok', `${found} The next sync will refresh the catalog.`);
    }
    this.changed(['connections']);
    return result;
  }

  /** Tests settings that are not stored (Settings' "Test" before "Save"); secrets given as values are used, not kept. */
  async testDraft(input: { kind?: 'mlflow' | 'prometheus'; url: string } & TlsAndAuthInput, signal: AbortSignal): Promise<ConnectionTest> {
    const url = normalizeRegistryUrl(input.url);
    const caFile = checkCaFile(input.caFile ?? null);
    const values = new Map<string, string>();
    const auth = draftAuth(input.auth ?? { kind: 'none' }, values);
    const target: ConnectorTarget = {
      name: 'draft',
      kind: input.kind ?? 'mlflow',
      url,
      settings: { ...DEFAULT_SETTINGS, auth, caFile, insecureSkipVerify: input.insecureSkipVerify ?? false },
    };
    return this.runTest(target, this.credentials.withTransient(values), signal);
  }

  async update(
    input: {
      name: string;
      url?: string | undefined;
      writeBack?: boolean | undefined;
      syncIntervalMinutes?: number | undefined;
    } & TlsAndAuthInput,
  ): Promise<RegistryConnection> {
    const row = this.store.require(input.name);
    if (row.kind === 'recording')
      throw new QuorumError('invalid_input', `Connection "${input.name}" is a recorded ${row.kind} registry and has no settings.`);
    const url = input.url !== undefined ? normalizeRegistryUrl(input.url) : row.url;
    const caFile = input.caFile !== undefined ? checkCaFile(input.caFile) : row.settings.caFile;
    const auth = input.auth !== undefined ? await this.credentials.storeAuth(row.name, input.auth) : row.settings.auth;
    const settings: ConnectionSettings = {
      auth,
      caFile,
      insecureSkipVerify: input.insecureSkipVerify ?? row.settings.insecureSkipVerify,
      writeBack: input.writeBack ?? row.settings.writeBack,
      syncIntervalMinutes: input.syncIntervalMinutes ?? row.settings.syncIntervalMinutes,
    };
    const updated = this.store.update(row.name, { url, settings });
    await this.credentials.forgetUnused(row.name, auth);
    this.changed(['connections']);
    return this.store.view(updated);
  }

  async remove(name: string): Promise<{ removed: true; secretsDeleted: number }> {
    this.store.require(name);
    await this.sync.stop(name);
    this.store.remove(name);
    const secretsDeleted = await this.credentials.forget(name);
    this.changed(['catalog', 'connections']);
    return { removed: true, secretsDeleted };
  }

  private async runTest(target: ConnectorTarget, credentials: CredentialResolver, signal: AbortSignal): Promise<ConnectionTest> {
    const started = this.services.now();
    // A monitoring backend is tested by its own probe; it shares everything else with registries.
    if (target.kind === 'prometheus') return testPrometheus(target, credentials, this.connectorOptions, this.services.now, signal);
    let connector;
    try {
      connector = await openConnector(target, credentials, this.connectorOptions);
      return await connector.test(signal);
    } catch (error) {
      if (!isHttpFailure(error) || error.kind === 'cancelled') throw error;
      // The connection could not even be built (missing secret, unreadable CA bundle).
      return {
        ok: false,
        reachable: false,
        authenticated: error.kind === 'credentials' ? false : null,
        serverVersion: null,
        features: { aliases: null, datasetInputs: null, loggedModels: null, webhooks: null },
        problem: error.toProblem(),
        checkedAt: this.services.now(),
        latencyMs: Math.max(0, this.services.now() - started),
      };
    } finally {
      await connector?.close().catch(() => undefined);
    }
  }

  private changed(topics: ('catalog' | 'connections')[]): void {
    this.services.events.emit('data.changed', { topics });
  }
}

/** A CA bundle path as stored: absolute, an existing readable file. */
function checkCaFile(path: string | null): string | null {
  if (path === null) return null;
  const absolute = resolve(path);
  try {
    if (!statSync(absolute).isFile()) throw new Error('not a file');
    accessSync(absolute, constants.R_OK);
  } catch (error) {
    throw new QuorumError('invalid_input', `The CA bundle ${absolute} cannot be read: ${(error as Error).message}.`, { field: 'caFile' });
  }
  return absolute;
}

/** A draft's credentials: values are kept in memory for the test only, references resolve as usual. */
function draftAuth(input: AuthInput, values: Map<string, string>): AuthSpec {
  const ref = (field: string, value: SecretInput): SecretRef => {
    if (typeof value === 'string') return value;
    const name = `draft:${field}`;
    values.set(name, value.value);
    return `secret:${name}`;
  };
  if (input.kind === 'none') return { kind: 'none' };
  if (input.kind === 'bearer') return { kind: 'bearer', token: ref('token', input.token) };
  return { kind: 'basic', username: ref('username', input.username), password: ref('password', input.password) };
}
