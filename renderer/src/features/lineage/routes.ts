import { decodeSegment } from '../../app/routes';

/** A lineage node as an address (UX.md: links are addresses): "/lineage/<encoded ref>". */
export function lineageNodePath(ref: string): string {
  return `/lineage/${encodeURIComponent(ref)}`;
}

/** Reads the node ref from the raw hash path; null on the section's own address. */
export function parseLineageAddress(rawPath: string): { node: string | null } | null {
  if (/^\/lineage\/?$/.test(rawPath)) return { node: null };
  const match = /^\/lineage\/([^/]+)\/?$/.exec(rawPath);
  if (!match?.[1]) return null;
  return { node: decodeSegment(match[1]) };
}
