/**
 * Timestamps as producers really send them. The OpenLineage schema wants RFC 3339 with a zone;
 * the Python client's serde examples send none, and Marquez reads them anyway. Quorum reads a
 * zone-less timestamp as UTC and says so in a warning.
 */
export interface ParsedTime {
  ms: number;
  hadZone: boolean;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseTimestamp(text: string): ParsedTime | null {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = match;
  const millis = (fraction + '000').slice(0, 3);
  let offset = 'Z';
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    offset = `${digits.slice(0, 3)}:${digits.length > 3 ? digits.slice(3, 5) : '00'}`;
  }
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${offset}`);
  if (Number.isNaN(ms)) return null;
  return { ms, hadZone: zone !== undefined };
}
