import type { Migration } from './migration';

/**
 * Reports issued from this workspace: where each was written and the hash of its signed
 * manifest, so the Reports screen can list the history and re-verify every file. The
 * authoritative record is the signed `report.issued` ledger event (`ledger_event`); this table
 * only adds what the ledger must not hold (local file paths).
 */
export const reportsMigration: Migration = {
  version: 8,
  name: 'reports',
  up(db) {
    db.exec(`
      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('dossier', 'audit')),
        title TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('pdf', 'html', 'md', 'json')),
        subject TEXT,
        path TEXT NOT NULL,
        manifest_path TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        issued_by TEXT NOT NULL,
        ledger_event TEXT NOT NULL
      );
      CREATE INDEX reports_by_time ON reports(issued_at);
    `);
  },
};
