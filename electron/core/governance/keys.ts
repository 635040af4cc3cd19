import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { QuorumError } from '../errors';

/**
 * ed25519 keys as Quorum stores and names them. A public key travels as its raw 32 bytes
 * in base64url (the `author` of every event); a private key as PKCS#8 DER, optionally
 * sealed with a passphrase (scrypt → AES-256-GCM), and only ever in a SecretStore.
 */

/** Signatures cover this prefix plus the event id, so a ledger signature can never be replayed as another kind of signature. */
export const SIGNING_DOMAIN = 'quorum.ledger.v1:';

export interface KeyPair {
  publicKey: string;
  privateKey: KeyObject;
}

export function generateIdentityKey(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: rawPublicKey(publicKey), privateKey };
}

export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new QuorumError('invalid_input', 'Not an ed25519 key.');
  return jwk.x;
}

const keyObjects = new Map<string, KeyObject>();

/** Public KeyObjects are cached: building one costs more than a verification. */
export function publicKeyObject(raw: string): KeyObject {
  let key = keyObjects.get(raw);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
    if (keyObjects.size > 10_000) keyObjects.clear();
    keyObjects.set(raw, key);
  }
  return key;
}

/** Hex SHA-256 of the raw key, grouped by four: what people compare over the phone. */
export function fingerprintOf(raw: string): string {
  const hex = createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)?.join(':') ?? hex;
}

export function signEventId(privateKey: KeyObject, id: string): string {
  return sign(null, Buffer.from(SIGNING_DOMAIN + id, 'utf8'), privateKey).toString('base64url');
}

export function verifyEventId(publicKey: string, id: string, signature: string): boolean {
  try {
    const bytes = Buffer.from(signature, 'base64url');
    if (bytes.length !== 64) return false;
    return verify(null, Buffer.from(SIGNING_DOMAIN + id, 'utf8'), publicKeyObject(publicKey), bytes);
  } catch {
    return false;
  }
}

/** Accepts a PEM SPKI public key or a raw base64url key; returns the raw form. */
export function parsePublicKey(text: string): string {
  const trimmed = text.trim();
  try {
    if (/^[A-Za-z0-9_-]{43}$/.test(trimmed)) {
      publicKeyObject(trimmed);
      return trimmed;
    }
    const key = createPublicKey({ key: trimmed, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return rawPublicKey(key);
  } catch {
    throw new QuorumError(
      'invalid_input',
      'That is not an ed25519 public key (expected PEM "BEGIN PUBLIC KEY" or 43 base64url characters).',
    );
  }
}

export function publicKeyPem(raw: string): string {
  return publicKeyObject(raw).export({ format: 'pem', type: 'spki' }).toString();
}

// ---------------------------------------------------------------------------------------
// Sealed private keys
// ---------------------------------------------------------------------------------------

interface PlainKeyFile {
  v: 1;
  publicKey: string;
  pkcs8: string;
}

interface SealedKeyFile {
  v: 1;
  publicKey: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string; data: string };
}

/** scrypt cost: N=2^15, r=8, p=1 (~32 MiB, a few hundred ms): slow for guessing, fine once per command. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

export function sealPrivateKey(pair: KeyPair, passphrase?: string): string {
  const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  if (passphrase === undefined) {
    const plain: PlainKeyFile = { v: 1, publicKey: pair.publicKey, pkcs8: der.toString('base64') };
    return JSON.stringify(plain);
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, { ...SCRYPT, maxmem: 64 * 1024 * 1024 });
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // The public key is authenticated data: a sealed key cannot be passed off as another identity's.
  cipher.setAAD(Buffer.from(pair.publicKey, 'utf8'));
  const data = Buffer.concat([cipher.update(der), cipher.final()]);
  const sealed: SealedKeyFile = {
    v: 1,
    publicKey: pair.publicKey,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') },
  };
  return JSON.stringify(sealed);
}

export function isSealed(stored: string): boolean {
  try {
    return typeof (JSON.parse(stored) as { kdf?: unknown }).kdf === 'object';
  } catch {
    return false;
  }
}

/** Opens a stored private key and proves it belongs to `expectedPublicKey`. */
export function openPrivateKey(stored: string, expectedPublicKey: string, passphrase?: string): KeyObject {
  let parsed: Partial<PlainKeyFile & SealedKeyFile>;
  try {
    parsed = JSON.parse(stored) as Partial<PlainKeyFile & SealedKeyFile>;
  } catch {
    throw new QuorumError('storage', 'The stored private key is damaged (not JSON).');
  }
  if (parsed.publicKey !== expectedPublicKey) throw new QuorumError('storage', 'The stored private key belongs to another identity.');
  let der: Buffer;
  if (parsed.kdf && parsed.cipher) {
    if (passphrase === undefined) {
      throw new QuorumError('unauthorized', 'This identity is protected by a passphrase. Set QUORUM_PASSPHRASE (CLI) or enter it.');
    }
    const { kdf, cipher } = parsed;
    if (kdf.name !== 'scrypt' || cipher.name !== 'aes-256-gcm' || kdf.N > 1 << 20 || kdf.r > 32 || kdf.p > 16) {
      throw new QuorumError('storage', 'The stored private key uses parameters this Quorum does not accept.');
    }
    try {
      const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, {
        N: kdf.N,
        r: kdf.r,
        p: kdf.p,
        maxmem: 256 * 1024 * 1024,
      });
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(cipher.iv, 'base64'));
      decipher.setAAD(Buffer.from(expectedPublicKey, 'utf8'));
      decipher.setAuthTag(Buffer.from(cipher.tag, 'base64'));
      der = Buffer.concat([decipher.update(Buffer.from(cipher.data, 'base64')), decipher.final()]);
    } catch {
      throw new QuorumError('unauthorized', 'Wrong passphrase for this identity.');
    }
  } else if (typeof parsed.pkcs8 === 'string') {
    der = Buffer.from(parsed.pkcs8, 'base64');
  } else {
    throw new QuorumError('storage', 'The stored private key is damaged (no key material).');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new QuorumError('storage', 'The stored private key is damaged (not PKCS#8).');
  }
  if (key.asymmetricKeyType !== 'ed25519' || rawPublicKey(createPublicKey(key)) !== expectedPublicKey) {
    throw new QuorumError('storage', 'The stored private key does not match its identity.');
  }
  return key;
}
