import { describe, expect, it } from 'vitest';
import { canonicalize, parseCanonical } from '../../electron/core/governance/canonical-json';
import { contentAddress, signEvent, checkEventShape } from '../../electron/core/governance/events';
import {
  fingerprintOf,
  generateIdentityKey,
  openPrivateKey,
  parsePublicKey,
  publicKeyPem,
  sealPrivateKey,
  verifyEventId,
} from '../../electron/core/governance/keys';

describe('RFC 8785 canonical JSON', () => {
  it('serializes numbers as the RFC does', () => {
    expect(canonicalize([Number('333333333.33333329'), 1e30, 4.5, 2e-3, 0.000000000000000000000000001, 1e21, -0, 9007199254740991])).toBe(
      '[333333333.3333333,1e+30,4.5,0.002,1e-27,1e+21,0,9007199254740991]',
    );
  });

  it('escapes strings minimally', () => {
    expect(canonicalize('\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/')).toBe('"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"');
  });

  it('sorts keys by UTF-16 code units (the RFC example)', () => {
    const value = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 };
    expect(canonicalize(value)).toBe('{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}');
    expect(canonicalize({ b: [1, { d: true, c: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":null,"d":true}]}');
  });

  it('refuses what JSON cannot hold faithfully', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(/NaN/);
    expect(() => canonicalize('\ud800')).toThrow(/surrogate/);
    expect(() => canonicalize([undefined])).toThrow(/undefined/);
    expect(() => canonicalize(new Date())).toThrow(/plain data/);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => canonicalize(deep)).toThrow(/deeper than 64/);
  });

  it('reads back only canonical text: no duplicate keys, whitespace or other spellings', () => {
    expect(parseCanonical('{"a":1,"a":2}').ok).toBe(false);
    expect(parseCanonical('{"a": 1}').ok).toBe(false);
    expect(parseCanonical('{"a":1.0}').ok).toBe(false);
    expect(parseCanonical('{"a":"\\u0041"}').ok).toBe(false);
    expect(parseCanonical('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('decides on its quick path exactly as canonicalize does', () => {
    // Texts JSON.stringify would write back unchanged, but which are not canonical.
    expect(parseCanonical('{"b":1,"a":2}').ok).toBe(false);
    expect(parseCanonical('{"x":{"b":1,"a":2}}').ok).toBe(false);
    expect(parseCanonical('{"a":"\\ud800"}')).toEqual({ ok: false, reason: 'a string with a lone UTF-16 surrogate at a' });
    expect(parseCanonical('{"\\udc00":1}').ok).toBe(false);
    expect(parseCanonical(`${'['.repeat(70)}1${']'.repeat(70)}`)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deeper than 64/),
    });
    // Integer-like keys: the engine lists them numerically, JCS sorts them as text.
    expect(parseCanonical('{"10":1,"9":2}').ok).toBe(true);
    expect(parseCanonical('{"9":1,"10":2}').ok).toBe(false);
    for (const text of ['-0', '1e999', '1E3', '{"a":[1,2,]}', '"\\u00e9"']) expect(parseCanonical(text).ok, text).toBe(false);
    for (const text of ['"é"', '"\ud83d\ude00"', '[{"a":null,"b":[true,false]},-1.5,1e+21]'])
      expect(parseCanonical(text).ok, text).toBe(true);

    // And over many generated values, in canonical and in shuffled key order.
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.3) return pick([0, -1, 1.5, 1e21, 'a', '\u00e9', '\ud83d\ude00', 'x"y', true, null]);
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 5); i > 0; i--) out[pick(['a', 'b', 'B', '1', '10', '9', '\u00e9', 'z'])] = value(depth + 1);
      return out;
    };
    const shuffled = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(shuffled).join(',')}]`;
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      const keys = Object.keys(v).sort(() => random() - 0.5);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${shuffled((v as Record<string, unknown>)[k])}`).join(',')}}`;
    };
    for (let i = 0; i < 2_000; i++) {
      const v = value(0);
      for (const text of [canonicalize(v), shuffled(v), JSON.stringify(v)]) {
        expect(parseCanonical(text).ok, text).toBe(canonicalize(JSON.parse(text)) === text);
      }
    }
  });
});

describe('identity keys and event signatures', () => {
  it('signs the content address and verifies only for the author', () => {
    const alice = generateIdentityKey();
    const mallory = generateIdentityKey();
    const signed = signEvent(
      {
        v: 1,
        kind: 'workspace.created',
        author: alice.publicKey,
        at: 1,
        parents: [],
        body: { creator: { name: 'A', email: 'a@x', handles: [] } },
      },
      alice.privateKey,
    );
    expect(signed.id).toBe(contentAddress(signed.canonical));
    expect(verifyEventId(alice.publicKey, signed.id, signed.signature)).toBe(true);
    expect(verifyEventId(mallory.publicKey, signed.id, signed.signature)).toBe(false);
    expect(verifyEventId(alice.publicKey, `${signed.id[0] === 'a' ? 'b' : 'a'}${signed.id.slice(1)}`, signed.signature)).toBe(false);
    expect(checkEventShape(JSON.parse(signed.canonical)).ok).toBe(true);
  });

  it('seals private keys with a passphrase (scrypt + AES-GCM) bound to their public key', () => {
    const pair = generateIdentityKey();
    const sealed = sealPrivateKey(pair, 'long enough secret');
    expect(sealed).not.toContain(pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    expect(() => openPrivateKey(sealed, pair.publicKey)).toThrow(/passphrase/);
    expect(() => openPrivateKey(sealed, pair.publicKey, 'wrong')).toThrow(/Wrong passphrase/);
    expect(() => openPrivateKey(sealed, generateIdentityKey().publicKey, 'long enough secret')).toThrow(/another identity/);
    const key = openPrivateKey(sealed, pair.publicKey, 'long enough secret');
    expect(key.asymmetricKeyType).toBe('ed25519');
    const plain = openPrivateKey(sealPrivateKey(pair), pair.publicKey);
    expect(plain.export({ format: 'der', type: 'pkcs8' }).equals(key.export({ format: 'der', type: 'pkcs8' }))).toBe(true);
  });

  it('exports and imports public keys as PEM or raw', () => {
    const pair = generateIdentityKey();
    const pem = publicKeyPem(pair.publicKey);
    expect(pem).toMatch(/BEGIN PUBLIC KEY/);
    expect(parsePublicKey(pem)).toBe(pair.publicKey);
    expect(parsePublicKey(pair.publicKey)).toBe(pair.publicKey);
    expect(() => parsePublicKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----')).toThrow(/not an ed25519 public key/);
    expect(fingerprintOf(pair.publicKey)).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
  });
});
