/**
 * The per-event cryptographic checks, run in worker threads so a 100,000-event ledger
 * verifies on every core. It is plain CommonJS in a string (`new Worker(code, { eval: true })`)
 * so it runs the same under tsx, vitest and the bundled app without a separate build entry.
 *
 * For each row: the stored text must hash (SHA-256) to the row's id, and the signature must
 * verify for the row's author (the main thread checks that column against the signed text).
 * Results are one status byte per row.
 */
export const ROW_OK = 0;
export const ROW_MALFORMED = 1;
export const ROW_HASH_MISMATCH = 2;
export const ROW_BAD_SIGNATURE = 3;

export interface CryptoRow {
  id: string;
  author: string;
  canonical: string;
  signature: string;
}

export const VERIFY_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { createHash, createPublicKey, verify } = require('node:crypto');
const DOMAIN = workerData.domain;
const keys = new Map();
function keyFor(raw) {
  let key = keys.get(raw);
  if (key === undefined) {
    try { key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' }); } catch { key = null; }
    keys.set(raw, key);
  }
  return key;
}
function check(row) {
  // The author comes from the row's column; the main thread checks it equals the signed one.
  if (typeof row.author !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(row.author)) return 1;
  if (createHash('sha256').update(row.canonical, 'utf8').digest('hex') !== row.id) return 2;
  const key = keyFor(row.author);
  if (!key) return 3;
  const sig = Buffer.from(row.signature, 'base64url');
  if (sig.length !== 64) return 3;
  try { return verify(null, Buffer.from(DOMAIN + row.id, 'utf8'), key, sig) ? 0 : 3; } catch { return 3; }
}
parentPort.on('message', (rows) => {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = check(rows[i]);
  parentPort.postMessage(out, [out.buffer]);
});
`;
