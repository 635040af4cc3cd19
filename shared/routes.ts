/**
 * Every screen has an address (UX.md: links are addresses). Hash routes, so the same links
 * work in browser mode and when the desktop app loads the renderer from a file. Shared, so
 * the core's notifications and the desktop app's click handling link to the same screens
 * the renderer draws.
 */

export const VERSION_TABS = ['overview', 'lineage', 'sign-off', 'drift', 'evidence', 'activity'] as const;
export type VersionTab = (typeof VERSION_TABS)[number];

export const ROUTE_PATTERNS = {
  home: '/',
  models: '/models',
  model: '/models/:connection/:name',
  version: '/models/:connection/:name/versions/:version',
  versionTab: '/models/:connection/:name/versions/:version/:tab',
  lineage: '/lineage',
  lineageNode: '/lineage/:node',
  approvals: '/approvals',
  drift: '/drift',
  reports: '/reports',
  reportsDossier: '/reports/dossier/:connection/:name/:version',
  audit: '/audit',
  settings: '/settings',
  connections: '/settings/connections',
  newConnection: '/settings/connections/new',
  editConnection: '/settings/connections/:name/edit',
  compare: '/models/:connection/:name/compare/:versions',
} as const;

const segment = (value: string) => encodeURIComponent(value);

export function modelPath(connection: string, name: string): string {
  return `/models/${segment(connection)}/${segment(name)}`;
}

export function versionPath(connection: string, name: string, version: number, tab: VersionTab = 'overview'): string {
  const base = `${modelPath(connection, name)}/versions/${version}`;
  return tab === 'overview' ? base : `${base}/${tab}`;
}

/** The Reports section with its form prefilled for a release dossier of one version. */
export function dossierReportPath(connection: string, name: string, version: number): string {
  return `/reports/dossier/${segment(connection)}/${segment(name)}/${version}`;
}

/** Reads "/reports/dossier/<conn>/<name>/<version>" from the raw hash path (segments decoded once, as for models). */
export function parseDossierAddress(rawPath: string): { connection: string; name: string; version: number | null } | null {
  const match = /^\/reports\/dossier\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(rawPath);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { connection: decodeSegment(match[1]), name: decodeSegment(match[2]), version: parseVersionNumber(match[3]) };
}

/**
 * Versions side by side. A hash path, not a query string: the router would write "?v=" into
 * the page's real query, where browser mode keeps its session token.
 */
export function comparePath(connection: string, name: string, versions: readonly number[]): string {
  return `${modelPath(connection, name)}/compare/${versions.join(',')}`;
}

/** Reads "/models/<conn>/<name>/compare/1,3,4" from the raw hash path; versions are checked by the page. */
export function parseCompareAddress(rawPath: string): { connection: string; name: string; versions: string } | null {
  const match = /^\/models\/([^/]+)\/([^/]+)\/compare\/([^/]*)\/?$/.exec(rawPath);
  if (!match?.[1] || !match[2]) return null;
  return { connection: decodeSegment(match[1]), name: decodeSegment(match[2]), versions: match[3] ?? '' };
}

/** Decodes one path segment, keeping the raw text when it is not a valid escape. */
export function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface ModelAddress {
  connection: string;
  name: string;
  /** The raw version segment; validated by the page so a bad one gets a clear message. */
  version: string | null;
  tab: string | null;
}

/**
 * Reads a model or version address from the raw, still-encoded hash path. The router decodes
 * paths with decodeURI before matching, which would turn a name's "%25" into "%" and break a
 * second decoding; segments are decoded here exactly once instead.
 */
export function parseModelAddress(rawPath: string): ModelAddress | null {
  const match = /^\/models\/([^/]+)\/([^/]+)(?:\/versions\/([^/]+)(?:\/([^/]+))?)?\/?$/.exec(rawPath);
  if (!match?.[1] || !match[2]) return null;
  return {
    connection: decodeSegment(match[1]),
    name: decodeSegment(match[2]),
    version: match[3] ?? null,
    tab: match[4] ?? null,
  };
}

/** The location hash as a path, before any decoding: "#/models/a%2Fb" → "/models/a%2Fb". */
export function rawHashPath(hash: string): string {
  return '/' + hash.replace(/^#?\/?/, '');
}

export function parseVersionNumber(value: string): number | null {
  return /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
}

export function parseVersionTab(value: string | undefined): VersionTab | null {
  if (value === undefined || value === '') return 'overview';
  return (VERSION_TABS as readonly string[]).includes(value) ? (value as VersionTab) : null;
}

/** The page a location belongs to, without its tab, so switching tabs is not a new page. */
export function pageKeyOf(location: string): string {
  const match = /^(\/models\/[^/]+\/[^/]+\/versions\/[^/]+)(?:\/[^/]+)?$/.exec(location);
  return match?.[1] ?? location;
}
