/**
 * The parts of MLflow's search syntax the double understands: `AND`-joined comparisons of
 * an identifier with a quoted string, a number, or a parenthesised list of quoted strings
 * (`attributes.run_id IN ('a', 'b')`). Enough for what Quorum sends and for the recorded
 * requests; anything else is answered with the endpoint's recorded 400.
 */
export interface Clause {
  readonly entity: 'attribute' | 'param' | 'tag' | 'metric';
  readonly key: string;
  readonly op: string;
  readonly value: string | number | string[];
}

const ENTITIES: Record<string, Clause['entity']> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  metric: 'metric',
  metrics: 'metric',
};

const CLAUSE =
  /^\s*([A-Za-z_][\w.`-]*)\s*(>=|<=|!=|=|<|>|\bNOT IN\b|\bIN\b|\bLIKE\b|\bILIKE\b)\s*('(?:[^']*)'|"(?:[^"]*)"|-?\d+(?:\.\d+)?|\((?:\s*'[^']*'\s*,?)+\))\s*$/i;

/** Null when the filter is outside what the double understands. */
export function parseFilter(filter: string | undefined): Clause[] | null {
  if (filter === undefined || filter.trim() === '') return [];
  const clauses: Clause[] = [];
  for (const part of filter.split(/\s+and\s+/i)) {
    const match = CLAUSE.exec(part);
    if (!match) return null;
    const [, identifier = '', rawOp = '', rawValue = ''] = match;
    const dot = identifier.indexOf('.');
    const entity = dot < 0 ? 'attribute' : ENTITIES[identifier.slice(0, dot).toLowerCase()];
    if (!entity) return null;
    const key = (dot < 0 ? identifier : identifier.slice(dot + 1)).replace(/`/g, '');
    let value: Clause['value'];
    if (rawValue.startsWith('(')) value = [...rawValue.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
    else if (/^['"]/.test(rawValue)) value = rawValue.slice(1, -1);
    else value = Number(rawValue);
    clauses.push({ entity, key, op: rawOp.toUpperCase(), value });
  }
  return clauses;
}

export function compare(left: string | number | undefined, op: string, right: Clause['value']): boolean {
  if (left === undefined) return false;
  switch (op) {
    case '=':
      return left === right || String(left) === String(right);
    case '!=':
      return String(left) !== String(right);
    case '>':
      return Number(left) > Number(right);
    case '>=':
      return Number(left) >= Number(right);
    case '<':
      return Number(left) < Number(right);
    case '<=':
      return Number(left) <= Number(right);
    case 'IN':
      return Array.isArray(right) && right.includes(String(left));
    case 'NOT IN':
      return Array.isArray(right) && !right.includes(String(left));
    case 'LIKE':
      return likeRegex(String(right), '').test(String(left));
    case 'ILIKE':
      return likeRegex(String(right), 'i').test(String(left));
    default:
      return false;
  }
}

function likeRegex(pattern: string, flags: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, flags);
}

/** MLflow's page tokens, as recorded: base64 of Python's `json.dumps({"offset": N})`. */
export function pageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

/** The offset a token carries; null when it is not one of ours ("could not base64-decode"). */
export function readPageToken(token: string | undefined): number | null {
  if (token === undefined || token === '') return 0;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    return typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0 ? parsed.offset : null;
  } catch {
    return null;
  }
}

/** One page of `items` and the token for the next, omitted on the last page as MLflow does. */
export function page<T>(items: readonly T[], offset: number, maxResults: number): { items: T[]; next: string | undefined } {
  const slice = items.slice(offset, offset + maxResults);
  const end = offset + slice.length;
  return { items: slice, next: end < items.length ? pageToken(end) : undefined };
}
