/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), for the values ledger events hold.
 *
 * Why our own: no canonicalization library is installed, and the scheme is small once the
 * value space is limited to what JSON.parse produces. JCS serializes numbers and strings
 * exactly as ECMAScript's JSON.stringify does (shortest round-trip numbers, minimal string
 * escapes), and sorts object keys by UTF-16 code units, which is what Array.prototype.sort
 * does on strings by default. Anything JSON cannot represent faithfully is refused rather
 * than silently changed: non-finite numbers, lone surrogates, undefined inside arrays,
 * non-plain objects, and absurd nesting (a hostile row must not blow the stack).
 */

export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(path === '' ? message : `${message} at ${path}`);
    this.name = 'CanonicalJsonError';
  }
}

const MAX_DEPTH = 64;
const LONE_SURROGATE = /\p{Surrogate}/u;

export function canonicalize(value: unknown): string {
  return write(value, '', 0);
}

function write(value: unknown, path: string, depth: number): string {
  if (depth > MAX_DEPTH) throw new CanonicalJsonError('nesting deeper than 64 levels', path);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('a number that JSON cannot hold (NaN or Infinity)', path);
      // ES Number-to-string is exactly JCS's number serialization; -0 becomes "0".
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('a string with a lone UTF-16 surrogate', path);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((item, index) => {
            if (item === undefined) throw new CanonicalJsonError('undefined inside an array', `${path}[${index}]`);
            return write(item, `${path}[${index}]`, depth + 1);
          })
          .join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError('an object that is not plain data', path);
      const record = value as Record<string, unknown>;
      // Properties whose value is undefined are absent, as in JSON.stringify.
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys
        .map((key) => {
          if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError('a key with a lone UTF-16 surrogate', path);
          return `${JSON.stringify(key)}:${write(record[key], path === '' ? key : `${path}.${key}`, depth + 1)}`;
        })
        .join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`a ${typeof value} value, which JSON cannot hold`, path);
  }
}

/**
 * Parses text that must already be canonical: JSON.parse, then canonicalize again and
 * compare. Duplicate keys, extra whitespace, escaped characters that need no escape or a
 * different number spelling all fail, so two readers can never disagree on what was signed.
 */
export function parseCanonical(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  if (isCanonicalFast(text, value)) return { ok: true, value };
  let again: string;
  try {
    again = canonicalize(value);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (again !== text) return { ok: false, reason: 'not in canonical form (RFC 8785)' };
  return { ok: true, value };
}

/** A lone surrogate as JSON.stringify escapes it (`\ud800`–`\udfff`); a false alarm only costs the slow path. */
const ESCAPED_SURROGATE = /\\ud[89a-f]/i;

/**
 * The cheap way to the same answer for the usual row (verification parses every row of a
 * big ledger): when every object's keys already come in sorted order, the engine's own
 * JSON.stringify writes exactly what `canonicalize` would — JCS takes its number and string
 * forms from it — unless a string holds a lone surrogate (which `canonicalize` refuses) or the
 * nesting is too deep. Then equal text means canonical text. Anything else, including every
 * refusal, is left to `canonicalize`, which also says why.
 */
function isCanonicalFast(text: string, value: unknown): boolean {
  if (ESCAPED_SURROGATE.test(text) || !keysSorted(value, 0)) return false;
  try {
    return JSON.stringify(value) === text;
  } catch {
    return false;
  }
}

function keysSorted(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!keysSorted(item, depth + 1)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  let previous: string | null = null;
  for (const key of Object.keys(record)) {
    if (previous !== null && !(previous < key)) return false;
    if (!keysSorted(record[key], depth + 1)) return false;
    previous = key;
  }
  return true;
}
