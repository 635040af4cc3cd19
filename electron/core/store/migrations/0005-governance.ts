import type { Migration } from './migration';

/**
 * Governance: the signed, append-only ledger and two small local tables.
 *
 * - `ledger_events`: one row per signed event. `canonical` holds the exact RFC 8785 bytes
 *   the author hashed and signed; `id` is their SHA-256 (the content address). `kind`,
 *   `author` and `at` repeat fields of `canonical` for queries only; verification checks
 *   they agree. `seq` is the local storage order (AUTOINCREMENT, so a deleted row leaves a
 *   gap that verification reports). Triggers refuse UPDATE and DELETE: the app never needs
 *   them, and anyone who drops the triggers to tamper is still caught by `ledger verify`.
 *   State (roles, policy, requests, approvals) is derived from these rows, never stored.
 * - `governance_local_identities`: which identities this machine holds a private key for,
 *   and under which secret name; never replicated, holds no key material.
 * - `governance_known_keys`: public keys imported by hand (auditors, colleagues); grants nothing.
 * - `governance_settings`: local choices such as the active identity.
 * - `governance_verified`: receipts that this machine already checked an event's signature,
 *   each an HMAC under a key kept in the SecretStore (not in this file), so editing the
 *   database cannot forge one. A cache: deleting it only costs a re-verification.
 */
export const governanceMigration: Migration = {
  version: 5,
  name: 'governance',
  up(db) {
    db.exec(`
      CREATE TABLE ledger_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        author TEXT NOT NULL,
        at INTEGER NOT NULL,
        canonical TEXT NOT NULL,
        signature TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX ledger_events_by_id ON ledger_events(id);
      CREATE INDEX ledger_events_by_kind ON ledger_events(kind, at);
      CREATE TRIGGER ledger_events_append_only_update BEFORE UPDATE ON ledger_events
        BEGIN SELECT RAISE(ABORT, 'ledger events are append-only'); END;
      CREATE TRIGGER ledger_events_append_only_delete BEFORE DELETE ON ledger_events
        BEGIN SELECT RAISE(ABORT, 'ledger events are append-only'); END;

      CREATE TABLE governance_local_identities (
        public_key TEXT PRIMARY KEY,
        secret_name TEXT NOT NULL,
        protected INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE governance_known_keys (
        public_key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        imported_at INTEGER NOT NULL
      );

      CREATE TABLE governance_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE governance_verified (
        id TEXT PRIMARY KEY,
        mac TEXT NOT NULL
      );
    `);
  },
};
