import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SecretStore } from '../secrets/secret-store';

/**
 * Verification receipts: "this machine checked this event's signature". Checking 100,000
 * ed25519 signatures costs seconds; a receipt costs an HMAC. The HMAC key lives in the
 * SecretStore, beside the private keys, so someone who can only edit the database cannot
 * mint receipts for forged rows. `quorum ledger verify` never uses them: an audit re-checks
 * everything.
 */

const SECRET_NAME = 'governance:receipt-key';

export class Receipts {
  private key: Buffer | null = null;

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
  ) {}

  private async keyOf(): Promise<Buffer> {
    if (this.key) return this.key;
    let stored = await this.secrets.get(SECRET_NAME);
    if (stored === null) {
      stored = randomBytes(32).toString('base64');
      await this.secrets.set(SECRET_NAME, stored);
    }
    this.key = Buffer.from(stored, 'base64');
    return this.key;
  }

  private mac(key: Buffer, row: { id: string; author: string; signature: string }): string {
    return createHmac('sha256', key).update(`${row.id}\n${row.author}\n${row.signature}`).digest('base64url');
  }

  /** A predicate: does this row carry a valid receipt? */
  async checker(): Promise<(row: { id: string; author: string; signature: string }) => boolean> {
    const key = await this.keyOf();
    const stored = new Map(
      (this.db.prepare('SELECT id, mac FROM governance_verified').all() as { id: string; mac: string }[]).map((r) => [r.id, r.mac]),
    );
    return (row) => {
      const mac = stored.get(row.id);
      if (mac === undefined) return false;
      const expected = Buffer.from(this.mac(key, row));
      const actual = Buffer.from(mac);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    };
  }

  async record(rows: readonly { id: string; author: string; signature: string }[]): Promise<void> {
    if (rows.length === 0) return;
    const key = await this.keyOf();
    const insert = this.db.prepare(
      'INSERT INTO governance_verified (id, mac) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET mac = excluded.mac',
    );
    this.db.transaction(() => {
      for (const row of rows) insert.run(row.id, this.mac(key, row));
    })();
  }
}
