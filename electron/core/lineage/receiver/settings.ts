import { BlockList, isIP } from 'node:net';
import type { Database } from 'better-sqlite3';
import { DEFAULT_RECEIVER_PORT, lineageReceiverSettingsSchema, type LineageReceiverSettings } from '@shared/contract/lineage.contract';

/**
 * The receiver's settings live in `lineage_meta`, the lineage key-value table (beside the
 * identity rules), so they need no migration. The API key never does: it is in the core's
 * SecretStore under RECEIVER_KEY_SECRET, and the database holds nothing derived from it.
 */
const SETTINGS_KEY = 'receiver_settings';
export const RECEIVER_KEY_SECRET = 'lineage:receiver:api-key';

export const DEFAULT_RECEIVER_SETTINGS: LineageReceiverSettings = {
  enabled: false,
  host: '127.0.0.1',
  port: DEFAULT_RECEIVER_PORT,
  allowNonLoopback: false,
};

export function readReceiverSettings(db: Database): LineageReceiverSettings {
  const row = db.prepare('SELECT value FROM lineage_meta WHERE key = ?').get(SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_RECEIVER_SETTINGS;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return DEFAULT_RECEIVER_SETTINGS;
  }
  // Fields added later fall back to their defaults rather than losing the whole setting.
  const parsed = lineageReceiverSettingsSchema.safeParse({ ...DEFAULT_RECEIVER_SETTINGS, ...(stored as object) });
  return parsed.success ? parsed.data : DEFAULT_RECEIVER_SETTINGS;
}

export function writeReceiverSettings(db: Database, settings: LineageReceiverSettings): void {
  db.prepare('INSERT INTO lineage_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    SETTINGS_KEY,
    JSON.stringify(lineageReceiverSettingsSchema.parse(settings)),
  );
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** Addresses only this machine can reach: `localhost`, 127.0.0.0/8, ::1 (BlockList normalises ::0:1 and IPv4-mapped forms). */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const family = isIP(h);
  if (family === 4) return LOOPBACK.check(h, 'ipv4');
  if (family === 6) return LOOPBACK.check(h, 'ipv6');
  return false;
}

/** Enough of a key to tell two apart ("is this the one in my Airflow config?"), never enough to use it. */
export function keyHint(key: string): string {
  return key.length <= 12 ? '…' : `${key.slice(0, 4)}…${key.slice(-4)}`;
}
