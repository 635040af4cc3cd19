import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { TeamConnectInput } from '@shared/contract/teamsync.contract';
import type { TeamStatus, TeamSyncResult } from '@shared/domain/teamsync';
import { QuorumError } from '../errors';
import { secretFromEnv } from '../secrets/env';
import type { SecretStore } from '../secrets/secret-store';
import type { CoreServices } from '../services';
import { contentAddress } from '../governance/events';
import { TeamStore, type TeamSettings } from './local-store';
import { mergeCandidates, precheck, type PulledRow } from './merge';
import { explainPgError, openClient, stripPassword, type PgTarget } from './pg-connect';
import { checkShape, ensureSchema, NOTIFY_CHANNEL, PG_SCHEMA_VERSION, PUSH_LOCK_KEY, type SchemaOutcome } from './pg-schema';

/**
 * Replication of the governance ledger through the team's PostgreSQL database.
 *
 * push: local `ledger_events` rows without a `teamsync_remote` row (the offline queue), in
 *       local order, in chunks; each chunk one server transaction under an advisory lock
 *       (so server `seq` order is commit order), `ON CONFLICT (id) DO NOTHING`; then marked
 *       remote locally. Interrupted before the commit: re-sent; after: re-sent and ignored.
 * pull: server rows of this workspace with `seq` above the cursor, in pages; verified and
 *       merged (merge.ts); the cursor moves in the same SQLite transaction as the merge.
 * live: a dedicated connection LISTENs on `quorum_events`; a notification for this
 *       workspace pulls; a local governance write pushes; a timer syncs anyway.
 * Only ledger events replicate: registry, lineage and drift caches never leave the machine.
 */

export const PASSWORD_SECRET = 'team:password';
const PUSH_CHUNK = 1_000;
const PULL_PAGE = 5_000;
export const DEFAULT_INTERVAL_MS = 60_000;

export interface TeamSyncOptions {
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  intervalMs?: number;
}

export class TeamSync {
  readonly store: TeamStore;
  private running: Promise<TeamSyncResult> | null = null;
  private again = false;
  private state: 'idle' | 'syncing' = 'idle';
  private online: boolean | null = null;
  private listener: pg.Client | null = null;
  private liveWanted = false;
  private timer: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly services: CoreServices,
    private readonly options: TeamSyncOptions,
  ) {
    this.store = new TeamStore(services.store.db);
  }

  private get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  private async target(settings: TeamSettings): Promise<PgTarget> {
    let password: string | null = null;
    const ref = settings.credential;
    if (ref !== null) {
      if (ref.startsWith('env:')) {
        password = secretFromEnv(ref.slice(4), this.env);
        if (password === null)
          throw new QuorumError(
            'unauthorized',
            `The team database password comes from ${ref.slice(4)}, which is not set in this environment.`,
          );
      } else {
        password = await this.options.secrets.get(ref.slice(7));
        if (password === null)
          throw new QuorumError(
            'unauthorized',
            `The team database password is not in the secret store (${this.options.secrets.describe()}).`,
          );
      }
    }
    return { url: settings.url, password, caFile: settings.caFile };
  }

  private requireSettings(): TeamSettings {
    const settings = this.store.settings();
    if (!settings)
      throw new QuorumError(
        'invalid_input',
        'This workspace is not connected to a team database. Run `quorum team connect --url postgres://…` first.',
      );
    return settings;
  }

  async connect(input: TeamConnectInput): Promise<{ schema: SchemaOutcome; sync: TeamSyncResult | null }> {
    const { url, password: inUrl } = stripPassword(input.url);
    const previous = this.store.settings();
    let credential: string | null = null;
    let password: string | null = null;
    if (input.password !== undefined && typeof input.password !== 'string') password = input.password.value;
    else if (inUrl !== null) password = inUrl;
    if (password !== null) credential = `secret:${PASSWORD_SECRET}`;
    else if (typeof input.password === 'string') credential = input.password;
    // Stored absolute, as a registry connection's CA: later syncs run from another directory (the app, `quorum serve`).
    const caFile = input.caFile === undefined || input.caFile === null ? null : resolve(input.caFile);
    const settings: TeamSettings = { url, caFile, credential, workspace: null };
    // Test with the password in memory before anything is stored.
    const target = password !== null ? { url, password, caFile: settings.caFile } : await this.target(settings);
    const client = await openClient(target);
    let schema: SchemaOutcome;
    try {
      schema = await ensureSchema(client).catch((error: unknown) => {
        throw explainPgError(error, url);
      });
      settings.workspace = await this.chooseWorkspace(client, input.workspace ?? null);
    } finally {
      await client.end().catch(() => undefined);
    }
    if (password !== null) await this.options.secrets.set(PASSWORD_SECRET, password);
    else if (previous?.credential === `secret:${PASSWORD_SECRET}`) await this.options.secrets.delete(PASSWORD_SECRET);
    if (previous && previous.url !== url) {
      // Another team database: nothing is known to be there yet.
      this.services.store.db.prepare('DELETE FROM teamsync_remote').run();
      this.services.store.db.prepare('DELETE FROM teamsync_cursor').run();
    }
    this.store.saveSettings(settings);
    this.emit();
    const sync = await this.sync({ audit: false });
    return { schema, sync };
  }

  /** The local genesis when there is one; else the only workspace on the server; else the one asked for. */
  private async chooseWorkspace(client: pg.ClientBase, asked: string | null): Promise<string | null> {
    const local = this.store.localGenesis();
    if (local !== null) {
      if (asked !== null && asked !== local)
        throw new QuorumError(
          'conflict',
          `This workspace's ledger is ${local.slice(0, 12)}, not ${asked.slice(0, 12)}; a data directory holds one team ledger.`,
        );
      return local;
    }
    if (asked !== null) return asked;
    const found = await client.query<{ id: string }>(
      "SELECT id FROM quorum_events WHERE kind = 'workspace.created' AND id = workspace ORDER BY seq LIMIT 20",
    );
    if (found.rows.length > 1)
      throw new QuorumError(
        'invalid_input',
        `The team database holds ${found.rows.length} workspaces; choose one with --workspace (${found.rows.map((r) => r.id).join(', ')}).`,
      );
    return found.rows[0]?.id ?? null;
  }

  disconnect(): boolean {
    const had = this.store.settings() !== null;
    this.stopLive();
    this.store.forget();
    void this.options.secrets.delete(PASSWORD_SECRET);
    this.emit();
    return had;
  }

  /** One sync at a time; a request during a sync runs once more after it. */
  sync(options: { audit: boolean }): Promise<TeamSyncResult> {
    if (this.running) {
      if (!options.audit) {
        this.again = true;
        return this.running;
      }
      return this.running.then(() => this.sync(options));
    }
    const run = async (): Promise<TeamSyncResult> => {
      try {
        let result = await this.syncOnce(options.audit);
        while (this.again && !this.closed) {
          this.again = false;
          const next = await this.syncOnce(false);
          result = {
            ...next,
            pushed: result.pushed + next.pushed,
            pulled: result.pulled + next.pulled,
            applied: result.applied + next.applied,
          };
        }
        return result;
      } finally {
        this.running = null;
        this.state = 'idle';
      }
    };
    this.running = run();
    return this.running;
  }

  private async syncOnce(audit: boolean): Promise<TeamSyncResult> {
    const started = performance.now();
    const settings = this.requireSettings();
    this.state = 'syncing';
    const result: TeamSyncResult = { pushed: 0, pulled: 0, applied: 0, quarantined: 0, tampered: 0, restored: 0, elapsedMs: 0 };
    let client: pg.Client | null = null;
    try {
      client = await openClient(await this.target(settings));
      await checkShape(client);
      const schema = await client.query<{ v: number }>('SELECT max(version)::int AS v FROM quorum_schema');
      const serverVersion = schema.rows[0]?.v ?? 0;
      if (serverVersion > PG_SCHEMA_VERSION)
        throw new QuorumError(
          'conflict',
          `The team database has Quorum schema version ${serverVersion}, newer than this Quorum understands (${PG_SCHEMA_VERSION}). Update Quorum; local work continues offline.`,
        );
      const workspace = await this.workspaceFor(client, settings);
      if (workspace !== null) {
        if (audit) await this.audit(client, workspace, result);
        await this.push(client, workspace, result);
        await this.pull(client, workspace, result);
      }
      this.online = true;
      this.store.recordOutcome(this.services.now(), null);
    } catch (error) {
      const explained = explainPgError(error, settings.url);
      this.online =
        explained.code === 'unavailable' || explained.code === 'unauthorized' || explained.code === 'not_found' ? false : this.online;
      this.store.recordOutcome(null, explained.message);
      throw explained;
    } finally {
      await client?.end().catch(() => undefined);
      result.elapsedMs = Math.round((performance.now() - started) * 10) / 10;
      this.emit();
    }
    return result;
  }

  private async workspaceFor(client: pg.ClientBase, settings: TeamSettings): Promise<string | null> {
    const local = this.store.localGenesis();
    if (settings.workspace !== null) {
      if (local !== null && local !== settings.workspace)
        throw new QuorumError(
          'conflict',
          `This data directory founded its own ledger (${local.slice(0, 12)}) instead of joining the team's (${settings.workspace.slice(0, 12)}). Connect a fresh data directory to the team database before creating an identity. Nothing was synced.`,
        );
      return settings.workspace;
    }
    const chosen = await this.chooseWorkspace(client, null);
    if (chosen !== null) this.store.setWorkspace(chosen);
    return chosen;
  }

  private async push(client: pg.ClientBase, workspace: string, result: TeamSyncResult): Promise<void> {
    for (;;) {
      const queue = this.store.queue(PUSH_CHUNK).filter((row) => contentAddress(row.canonical) === row.id);
      if (queue.length === 0) return;
      await client.query('BEGIN');
      let returned: { id: string; seq: string }[];
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK_KEY]);
        const inserted = await client.query<{ id: string; seq: string }>(
          `INSERT INTO quorum_events (id, workspace, author, kind, canonical, signature)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           ON CONFLICT (id) DO NOTHING RETURNING id, seq`,
          [
            queue.map((r) => r.id),
            queue.map(() => workspace),
            queue.map((r) => r.author),
            queue.map((r) => r.kind),
            queue.map((r) => r.canonical),
            queue.map((r) => r.signature),
          ],
        );
        await client.query('COMMIT');
        returned = inserted.rows;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      const seqOf = new Map(returned.map((r) => [r.id, Number(r.seq)]));
      this.services.store.db.transaction(() =>
        this.store.markRemote(queue.map((r) => ({ id: r.id, serverSeq: seqOf.get(r.id) ?? null }))),
      )();
      result.pushed += returned.length;
      if (queue.length < PUSH_CHUNK) return;
    }
  }

  private async pull(client: pg.ClientBase, workspace: string, result: TeamSyncResult): Promise<void> {
    let retry = this.store.retryable();
    for (;;) {
      const cursor = this.store.cursor(workspace);
      const page = await client.query<{ seq: string; id: string; canonical: string; signature: string }>(
        'SELECT seq, id, canonical, signature FROM quorum_events WHERE workspace = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [workspace, cursor, PULL_PAGE],
      );
      const rows: PulledRow[] = page.rows.map((r) => ({
        serverSeq: Number(r.seq),
        id: r.id,
        canonical: r.canonical,
        signature: r.signature,
      }));
      if (rows.length === 0 && retry.length === 0) return;
      const last = rows.at(-1)?.serverSeq ?? cursor;
      await this.merge([...retry, ...rows], workspace, result, () => this.store.setCursor(workspace, last));
      result.pulled += rows.length;
      retry = [];
      if (rows.length < PULL_PAGE) return;
    }
  }

  /** Verifies and merges rows, records quarantine and remote marks, and runs `settle` (the cursor) in the same transaction. */
  private async merge(rows: PulledRow[], workspace: string, result: TeamSyncResult, settle: () => void): Promise<void> {
    const db = this.services.store.db;
    // Our own events coming back (and others' already held) need no verification: byte-identical to a verified local row.
    const local = db.prepare('SELECT canonical, signature FROM ledger_events WHERE id = ?');
    const held: PulledRow[] = [];
    const foreign: PulledRow[] = [];
    for (const row of rows) {
      const mine = local.get(row.id) as { canonical: string; signature: string } | undefined;
      if (mine && mine.canonical === row.canonical && mine.signature === row.signature) held.push(row);
      else foreign.push(row);
    }
    const prechecked = await precheck(foreign, workspace);
    let applied = 0;
    db.transaction(() => {
      const outcome = mergeCandidates(db, prechecked, this.services.now());
      const appliedSet = new Set(outcome.applied);
      const settled = [...held, ...outcome.known, ...foreign.filter((r) => appliedSet.has(r.id))];
      this.store.markRemote(settled.map((r) => ({ id: r.id, serverSeq: r.serverSeq })));
      const knownIds = new Set(outcome.known.map((k) => k.id));
      this.store.release(foreign.filter((r) => appliedSet.has(r.id) || knownIds.has(r.id)));
      this.store.quarantine(outcome.quarantined, this.services.now());
      settle();
      applied = outcome.applied.length;
      result.quarantined += outcome.quarantined.length;
    }).immediate();
    result.applied += applied;
    if (applied > 0) this.services.events.emit('data.changed', { topics: ['governance', 'team'] });
  }

  /**
   * Re-reads the whole table: rows whose text no longer matches their id or this replica's
   * copy are quarantined (tampered on the server); local events the server lost are queued again.
   */
  private async audit(client: pg.ClientBase, workspace: string, result: TeamSyncResult): Promise<void> {
    const serverIds = new Set<string>();
    let after = 0;
    for (;;) {
      const page = await client.query<{ seq: string; id: string; canonical: string; signature: string }>(
        'SELECT seq, id, canonical, signature FROM quorum_events WHERE workspace = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [workspace, after, PULL_PAGE],
      );
      const rows: PulledRow[] = page.rows.map((r) => ({
        serverSeq: Number(r.seq),
        id: r.id,
        canonical: r.canonical,
        signature: r.signature,
      }));
      for (const r of rows) serverIds.add(r.id);
      const before = result.quarantined;
      await this.merge(rows, workspace, result, () => undefined);
      result.tampered += result.quarantined - before;
      if (rows.length < PULL_PAGE) break;
      after = rows.at(-1)?.serverSeq ?? after;
    }
    const lost = [...this.store.remoteIds()].filter((id) => !serverIds.has(id));
    if (lost.length > 0) {
      this.services.store.db.transaction(() => this.store.forgetRemote(lost))();
      result.restored += lost.length;
    }
  }

  async status(limit = 50): Promise<TeamStatus> {
    const settings = this.store.settings();
    const counts = this.store.counts();
    const last = this.store.lastSync();
    const quarantined = this.store.quarantined(limit);
    const workspace = settings?.workspace ?? null;
    return {
      state:
        settings === null
          ? 'not-configured'
          : this.state === 'syncing'
            ? 'syncing'
            : this.online === false
              ? 'offline'
              : this.online === true || this.listener !== null
                ? 'connected'
                : last.error
                  ? 'offline'
                  : 'connected',
      url: settings?.url ?? null,
      caFile: settings?.caFile ?? null,
      credential: settings?.credential ?? null,
      workspace,
      pending: counts.pending,
      replicated: counts.replicated,
      localEvents: counts.local,
      serverCursor: workspace === null ? 0 : this.store.cursor(workspace),
      lastSyncAt: last.at,
      lastError: last.error,
      live: this.listener !== null,
      quarantinedCount: quarantined.total,
      quarantined: quarantined.items,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Live: LISTEN/NOTIFY while connected, a push after each local write, a periodic sync.
  // ---------------------------------------------------------------------------------------

  /** Started by long-lived hosts (desktop app, `quorum serve`), and by tests and benchmarks. */
  start(): void {
    if (this.liveWanted || this.closed) return;
    this.liveWanted = true;
    this.unsubscribe = this.services.events.onAny((event, payload) => {
      if (event !== 'data.changed') return;
      const topics = (payload as { topics: string[] }).topics;
      if (topics.includes('governance') && !topics.includes('team')) this.soon();
    });
    this.timer = setInterval(() => this.soon(), this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
    void this.listen();
  }

  private soon(delay = 10): void {
    if (!this.liveWanted || this.closed || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      if (this.store.settings() === null) return;
      this.sync({ audit: false }).catch(() => undefined);
    }, delay);
  }

  private async listen(): Promise<void> {
    const settings = this.store.settings();
    if (!this.liveWanted || this.closed || settings === null) return;
    try {
      const client = await openClient(await this.target(settings), { statement_timeout: 0 });
      if (!this.liveWanted || this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      client.on('notification', (message) => {
        const ws = this.store.settings()?.workspace ?? null;
        if (message.channel === NOTIFY_CHANNEL && (ws === null || message.payload === ws)) this.soon(5);
      });
      const lost = () => {
        if (this.listener !== client) return;
        this.listener = null;
        this.online = false;
        this.emit();
        this.retryListen();
      };
      client.on('error', lost);
      client.on('end', lost);
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.listener = client;
      this.online = true;
      this.emit();
      this.soon(0);
    } catch {
      this.online = false;
      this.retryListen();
    }
  }

  private retryListen(): void {
    if (!this.liveWanted || this.closed || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      void this.listen();
    }, 2_000);
    this.reconnect.unref();
  }

  stopLive(): void {
    this.liveWanted = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const t of [this.timer, this.reconnect, this.debounce]) if (t) clearTimeout(t);
    this.timer = this.reconnect = this.debounce = null;
    const listener = this.listener;
    this.listener = null;
    void listener?.end().catch(() => undefined);
  }

  /** Stops live sync and waits for a running sync to finish (it writes in transactions). */
  async close(): Promise<void> {
    this.stopLive();
    this.closed = true;
    await this.running?.catch(() => undefined);
  }

  private emit(): void {
    if (!this.closed) this.services.events.emit('data.changed', { topics: ['team'] });
  }
}
