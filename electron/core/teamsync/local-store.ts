import type { Database } from 'better-sqlite3';
import type { QuarantinedEvent } from '@shared/domain/teamsync';
import type { StoredEventRow } from '../governance/events';
import { quarantineKey, type PulledRow, type QuarantineEntry } from './merge';

/** Team sync's local tables (migration 0007); bound parameters only. */

export interface TeamSettings {
  url: string;
  caFile: string | null;
  credential: string | null;
  workspace: string | null;
}

const KEYS = ['url', 'caFile', 'credential', 'workspace', 'lastSyncAt', 'lastError'] as const;
type SettingKey = (typeof KEYS)[number];

export class TeamStore {
  constructor(private readonly db: Database) {}

  private get(key: SettingKey): string | null {
    const row = this.db.prepare('SELECT value FROM teamsync_settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private put(key: SettingKey, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM teamsync_settings WHERE key = ?').run(key);
    else
      this.db
        .prepare('INSERT INTO teamsync_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key, value);
  }

  settings(): TeamSettings | null {
    const url = this.get('url');
    if (url === null) return null;
    return { url, caFile: this.get('caFile'), credential: this.get('credential'), workspace: this.get('workspace') };
  }

  saveSettings(settings: TeamSettings): void {
    this.db.transaction(() => {
      this.put('url', settings.url);
      this.put('caFile', settings.caFile);
      this.put('credential', settings.credential);
      this.put('workspace', settings.workspace);
    })();
  }

  setWorkspace(workspace: string): void {
    this.put('workspace', workspace);
  }

  forget(): void {
    this.db.transaction(() => {
      for (const key of KEYS) this.put(key, null);
    })();
  }

  lastSync(): { at: number | null; error: string | null } {
    const at = this.get('lastSyncAt');
    return { at: at === null ? null : Number(at), error: this.get('lastError') };
  }

  recordOutcome(at: number | null, error: string | null): void {
    if (at !== null) this.put('lastSyncAt', String(at));
    this.put('lastError', error);
  }

  cursor(workspace: string): number {
    const row = this.db.prepare('SELECT server_seq FROM teamsync_cursor WHERE workspace = ?').get(workspace) as
      { server_seq: number } | undefined;
    return row?.server_seq ?? 0;
  }

  setCursor(workspace: string, seq: number): void {
    this.db
      .prepare(
        'INSERT INTO teamsync_cursor (workspace, server_seq) VALUES (?, ?) ON CONFLICT (workspace) DO UPDATE SET server_seq = max(server_seq, excluded.server_seq)',
      )
      .run(workspace, seq);
  }

  /** The offline queue: local ledger rows the team database is not known to hold, oldest first. */
  queue(limit: number): StoredEventRow[] {
    return this.db
      .prepare(
        `SELECT e.seq, e.id, e.kind, e.author, e.at, e.canonical, e.signature FROM ledger_events e
         LEFT JOIN teamsync_remote r ON r.id = e.id WHERE r.id IS NULL ORDER BY e.seq LIMIT ?`,
      )
      .all(limit) as StoredEventRow[];
  }

  markRemote(rows: readonly { id: string; serverSeq: number | null }[]): void {
    const insert = this.db.prepare(
      'INSERT INTO teamsync_remote (id, server_seq) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET server_seq = coalesce(excluded.server_seq, server_seq)',
    );
    for (const row of rows) insert.run(row.id, row.serverSeq);
  }

  remoteIds(): Set<string> {
    return new Set(this.db.prepare('SELECT id FROM teamsync_remote').pluck().all() as string[]);
  }

  forgetRemote(ids: readonly string[]): void {
    const del = this.db.prepare('DELETE FROM teamsync_remote WHERE id = ?');
    for (const id of ids) del.run(id);
  }

  counts(): { pending: number; replicated: number; local: number } {
    const row = this.db
      .prepare(`SELECT count(*) AS local, count(r.id) AS replicated FROM ledger_events e LEFT JOIN teamsync_remote r ON r.id = e.id`)
      .get() as { local: number; replicated: number };
    return { pending: row.local - row.replicated, replicated: row.replicated, local: row.local };
  }

  quarantine(entries: readonly QuarantineEntry[], now: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO teamsync_quarantine (key, id, server_seq, kind, author, canonical, signature, problem, reason, retryable, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET problem = excluded.problem, reason = excluded.reason, retryable = excluded.retryable,
         server_seq = coalesce(excluded.server_seq, server_seq)`,
    );
    for (const q of entries) {
      upsert.run(
        quarantineKey(q.row),
        q.row.id,
        q.row.serverSeq,
        q.kind,
        q.author,
        q.row.canonical,
        q.row.signature,
        q.problem,
        q.reason.slice(0, 2000),
        q.retryable ? 1 : 0,
        now,
      );
    }
  }

  /** Quarantined rows worth another try (a parent arrived, the clock caught up). */
  retryable(): PulledRow[] {
    return (
      this.db
        .prepare('SELECT id, server_seq, canonical, signature FROM teamsync_quarantine WHERE retryable = 1 ORDER BY server_seq')
        .all() as { id: string; server_seq: number | null; canonical: string; signature: string }[]
    ).map((r) => ({ id: r.id, serverSeq: r.server_seq, canonical: r.canonical, signature: r.signature }));
  }

  release(rows: readonly PulledRow[]): void {
    const del = this.db.prepare('DELETE FROM teamsync_quarantine WHERE key = ?');
    for (const row of rows) del.run(quarantineKey(row));
  }

  quarantined(limit: number): { total: number; items: QuarantinedEvent[] } {
    const total = (this.db.prepare('SELECT count(*) AS n FROM teamsync_quarantine').get() as { n: number }).n;
    const items = (
      this.db
        .prepare(
          'SELECT id, server_seq, kind, author, problem, reason, retryable, detected_at FROM teamsync_quarantine ORDER BY detected_at DESC, id LIMIT ?',
        )
        .all(limit) as {
        id: string;
        server_seq: number | null;
        kind: string | null;
        author: string | null;
        problem: string;
        reason: string;
        retryable: number;
        detected_at: number;
      }[]
    ).map((r) => ({
      id: r.id,
      serverSeq: r.server_seq,
      kind: r.kind,
      author: r.author,
      problem: r.problem,
      reason: r.reason,
      retryable: r.retryable === 1,
      detectedAt: r.detected_at,
    }));
    return { total, items };
  }

  localGenesis(): string | null {
    const row = this.db.prepare("SELECT id FROM ledger_events WHERE kind = 'workspace.created' ORDER BY seq LIMIT 1").get() as
      { id: string } | undefined;
    return row?.id ?? null;
  }
}
