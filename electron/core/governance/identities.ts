import type { Database } from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import { QuorumError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';
import { fingerprintOf, openPrivateKey } from './keys';
import type { IdentityRecord, LedgerState } from './state';

/**
 * Which identities this machine can act as, and finding people by what humans type: a
 * name, an e-mail, a fingerprint (prefix) or the public key itself. The mapping of an
 * identity to its secret lives in the local database; the key itself in the SecretStore.
 */

export interface LocalIdentityRow {
  public_key: string;
  secret_name: string;
  protected: number;
  created_at: number;
}

export const ACTIVE_IDENTITY_SETTING = 'active_identity';

export function localIdentities(db: Database): LocalIdentityRow[] {
  return db
    .prepare('SELECT public_key, secret_name, protected, created_at FROM governance_local_identities ORDER BY created_at')
    .all() as LocalIdentityRow[];
}

export function activeIdentity(db: Database): string | null {
  const row = db.prepare('SELECT value FROM governance_settings WHERE key = ?').get(ACTIVE_IDENTITY_SETTING) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function setActiveIdentity(db: Database, publicKey: string): void {
  db.prepare('INSERT INTO governance_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    ACTIVE_IDENTITY_SETTING,
    publicKey,
  );
}

export function secretNameFor(publicKey: string): string {
  return `identity:${publicKey}`;
}

const hexOf = (s: string): string => s.toLowerCase().replace(/[^0-9a-f]/g, '');

/** Finds one identity among `candidates` by name, e-mail, fingerprint (≥ 8 hex digits) or key. */
export function findPerson(candidates: readonly IdentityRecord[], ref: string, what = 'identity'): IdentityRecord {
  const needle = ref.trim();
  const lower = needle.toLowerCase();
  const exact = candidates.filter((c) => c.publicKey === needle || c.email.toLowerCase() === lower || c.name.toLowerCase() === lower);
  let matches = exact;
  if (matches.length === 0 && hexOf(needle).length >= 8 && /^[0-9a-fA-F:]+$/.test(needle)) {
    matches = candidates.filter((c) => hexOf(fingerprintOf(c.publicKey)).startsWith(hexOf(needle)));
  }
  if (matches.length === 1) return matches[0] as IdentityRecord;
  if (matches.length === 0) {
    throw new QuorumError('not_found', `No ${what} "${needle}". Known: ${candidates.map((c) => c.name).join(', ') || 'none'}.`, {
      ref: needle,
    });
  }
  throw new QuorumError(
    'invalid_input',
    `"${needle}" matches ${matches.length} identities (${matches.map((m) => `${m.name} <${m.email}>`).join(', ')}); use the e-mail or fingerprint.`,
    { ref: needle },
  );
}

export interface Actor {
  identity: IdentityRecord;
  key: KeyObject;
}

/** The identity that signs: the one named, else the workspace's active identity. */
export async function resolveActor(
  db: Database,
  state: LedgerState,
  secrets: SecretStore,
  ref?: string,
  passphrase?: string,
): Promise<Actor> {
  const locals = localIdentities(db);
  const known = locals.map((l) => state.identities.get(l.public_key)).filter((i): i is IdentityRecord => i !== undefined);
  let identity: IdentityRecord;
  if (ref !== undefined) identity = findPerson(known, ref, 'identity on this machine');
  else {
    const active = activeIdentity(db);
    const chosen = active ? state.identities.get(active) : known.length === 1 ? known[0] : undefined;
    if (!chosen || !locals.some((l) => l.public_key === chosen.publicKey)) {
      throw new QuorumError(
        'invalid_input',
        known.length === 0
          ? 'No identity on this machine yet. Create one: quorum identity create --name NAME --email EMAIL.'
          : `Which identity acts? Pass --identity NAME (one of: ${known.map((k) => k.name).join(', ')}), or choose an active identity.`,
      );
    }
    identity = chosen;
  }
  const local = locals.find((l) => l.public_key === identity.publicKey) as LocalIdentityRow;
  const stored = await secrets.get(local.secret_name);
  if (stored === null) {
    throw new QuorumError(
      'storage',
      `The private key of ${identity.name} is missing from ${secrets.describe()}. This machine cannot sign as ${identity.name}.`,
    );
  }
  return { identity, key: openPrivateKey(stored, identity.publicKey, passphrase) };
}
