import { createHash, sign, verify as verifySignature, type KeyObject } from 'node:crypto';
import { reportManifestSchema, type ReportManifest } from '@shared/domain/reports';
import { canonicalize } from '../governance/canonical-json';
import { fingerprintOf, publicKeyObject } from '../governance/keys';

/**
 * The manifest that makes a report verifiable offline. It is a sidecar, `FILE.manifest.json`,
 * rather than embedded: embedding would change the bytes it hashes (and PDF/HTML viewers would
 * need a way to show it), while a sidecar keeps every report file byte-for-byte what was
 * hashed. The signature is ed25519 by the issuing identity's governance key over a domain
 * prefix plus the hash of the canonical manifest, so it can never be replayed as a ledger
 * signature (those use "quorum.ledger.v1:").
 */

export const MANIFEST_DOMAIN = 'quorum.report.v1:';

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export type UnsignedManifest = Omit<ReportManifest, 'signature'>;

/** The digest the signature covers. */
export function manifestDigest(manifest: UnsignedManifest): string {
  return sha256Hex(canonicalize(manifest));
}

export function signManifest(manifest: UnsignedManifest, key: KeyObject): ReportManifest {
  const value = sign(null, Buffer.from(MANIFEST_DOMAIN + manifestDigest(manifest), 'utf8'), key).toString('base64url');
  return { ...manifest, signature: { algorithm: 'ed25519', domain: MANIFEST_DOMAIN, value } };
}

export function checkManifestSignature(manifest: ReportManifest): boolean {
  const { signature, ...unsigned } = manifest;
  try {
    return verifySignature(
      null,
      Buffer.from(MANIFEST_DOMAIN + manifestDigest(unsigned), 'utf8'),
      publicKeyObject(manifest.signer.publicKey),
      Buffer.from(signature.value, 'base64url'),
    );
  } catch {
    return false;
  }
}

/** The manifest file's own bytes: pretty, canonical key order, so its hash is stable. */
export function manifestText(manifest: ReportManifest): string {
  return `${JSON.stringify(JSON.parse(canonicalize(manifest)), null, 2)}\n`;
}

export type ParsedManifest = { ok: true; manifest: ReportManifest } | { ok: false; reason: string };

export function parseManifest(text: string): ParsedManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `the manifest is not JSON (${(error as Error).message})` };
  }
  const parsed = reportManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `the manifest is malformed at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}` };
  }
  if (fingerprintOf(parsed.data.signer.publicKey) !== parsed.data.signer.fingerprint) {
    return { ok: false, reason: 'the manifest signer fingerprint does not match its public key' };
  }
  return { ok: true, manifest: parsed.data };
}
