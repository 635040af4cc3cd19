/**
 * The per-event cryptographic checks, run in worker threads so a 100,000-event ledger
 * verifies on every core. It is plain CommonJS in a string (`new Worker(code, { eval: true })`)
 * so it runs the same under tsx, vitest and the bundled app without a separate build entry.
 *
 * For each row: the stored text must hash (SHA-256) to the row's id, and the signature must
 * verify for the row's author (the main thread checks that column against the signed text).
 * Results are one status byte per row.
 *
 * A worker lives for a whole verification and takes many chunks, so the main thread can
 * hand over rows as it reads them and keep parsing while the workers check signatures.
 * A chunk is a flat array of strings, four per row (id, author, canonical text, signature):
 * cheaper to copy between threads than one object per row. The answer is
 * `{ chunk, status }`, with the status bytes transferred, not copied.
 */
export const ROW_OK = 0;
export const ROW_MALFORMED = 1;
export const ROW_HASH_MISMATCH = 2;
export const ROW_BAD_SIGNATURE = 3;

/** Strings per row in a chunk: id, author, canonical, signature. */
export const CHUNK_STRIDE = 4;

export interface CryptoRow {
  id: string;
  author: string;
  canonical: string;
  signature: string;
}

export interface CryptoChunk {
  chunk: number;
  rows: string[];
}

export interface CryptoChunkResult {
  chunk: number;
  status: Uint8Array;
}

export const VERIFY_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const DOMAIN = Buffer.from(workerData.domain, 'utf8');
const AUTHOR = /^[A-Za-z0-9_-]{43}$/;
// One-shot hashing where the runtime has it (Node >= 20.12): no Hash object per row.
const sha256hex = typeof crypto.hash === 'function'
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
// The signed message is DOMAIN + id; an id that matched its hash is 64 ASCII hex digits,
// so one buffer is rewritten in place rather than a new one built per row.
const message = Buffer.alloc(DOMAIN.length + 64);
DOMAIN.copy(message, 0);
// Building a KeyObject costs about a tenth of a verification: once per author.
const keys = new Map();
function keyFor(raw) {
  let key = keys.get(raw);
  if (key === undefined) {
    try { key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' }); } catch { key = null; }
    keys.set(raw, key);
  }
  return key;
}
function check(id, author, canonical, signature) {
  // The author comes from the row's column; the main thread checks it equals the signed one.
  if (typeof author !== 'string' || !AUTHOR.test(author)) return 1;
  if (typeof id !== 'string' || typeof canonical !== 'string' || sha256hex(canonical) !== id) return 2;
  const key = keyFor(author);
  if (!key || typeof signature !== 'string') return 3;
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return 3;
  message.write(id, DOMAIN.length, 'latin1');
  try { return crypto.verify(null, message, key, sig) ? 0 : 3; } catch { return 3; }
}
parentPort.on('message', ({ chunk, rows }) => {
  const n = Math.floor(rows.length / 4);
  const status = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) status[i] = check(rows[j], rows[j + 1], rows[j + 2], rows[j + 3]);
  parentPort.postMessage({ chunk, status }, [status.buffer]);
});
`;
