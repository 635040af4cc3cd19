/*
 * How validation messages name a place in an event and the value found there: JSON
 * pointers (what ajv reports) turned into the dotted paths a pipeline author reads.
 */

/** `/run/facets/parent/job` → `run.facets.parent.job`; array indices as `[0]`. */
export function dotted(pointer: string): string {
  if (pointer === '') return 'the event';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/** One key as a JSON pointer segment (RFC 6901: `~` and `/` escaped). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What was found, for a message: its type, and a clipped string. */
export function describe(value: unknown, maxChars = 80): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${clip(value, maxChars)}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function clip(text: string, maxChars = 80): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
}
