/**
 * What the desktop app does with a URL that its window wants to navigate to or open.
 * Pure (no Electron import) so every rule is tested under Node: the Electron runtime is not
 * available where the tests run, so these tests carry the guards' coverage.
 */

/** The scheme and host the app's own pages are served from, e.g. quorum://app or http://localhost:5173. */
export interface AppOrigin {
  /** With the trailing colon, lower case: `quorum:`, `http:`. */
  readonly protocol: string;
  /** Host and port, lower case: `app`, `localhost:5173`. */
  readonly host: string;
}

export type UrlDecision =
  /** One of the app's own pages: navigation may proceed. */
  | { readonly kind: 'app' }
  /** A web link: never loaded in the app, but may be handed to the OS browser as `url`. */
  | { readonly kind: 'external'; readonly url: string }
  /** Anything else: ignored, with the reason for the log. */
  | { readonly kind: 'blocked'; readonly reason: string };

/** Longer URLs are not links a person clicked; they are refused rather than passed to the OS. */
export const MAX_URL_LENGTH = 8_192;

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:']);

/** The origin of the URL the main window loads. Throws on a malformed one: that is a bug in main. */
export function appOriginOf(url: string): AppOrigin {
  const parsed = new URL(url);
  if (parsed.host === '') throw new Error(`The app URL ${url} has no host; Quorum serves its pages from a host-based URL.`);
  return { protocol: parsed.protocol.toLowerCase(), host: parsed.host.toLowerCase() };
}

export function classifyUrl(raw: unknown, app: AppOrigin): UrlDecision {
  if (typeof raw !== 'string' || raw.length === 0) return blocked('not a URL');
  if (raw.length > MAX_URL_LENGTH) return blocked(`longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return blocked('malformed URL');
  }
  // Credentials in a link are a phishing staple (https://bank.com@evil.example/) and never needed here.
  if (url.username !== '' || url.password !== '') return blocked('URL carries credentials');

  const protocol = url.protocol.toLowerCase();
  // Compare scheme and host, not `url.origin`: Node reports "null" as the origin of custom
  // schemes such as quorum://, and a string prefix test would let quorum://app.evil through.
  if (protocol === app.protocol && url.host.toLowerCase() === app.host) return { kind: 'app' };
  if (!EXTERNAL_PROTOCOLS.has(protocol)) return blocked(`the ${protocol} scheme is not opened from Quorum`);
  if (url.hostname === '') return blocked('web link without a host');
  return { kind: 'external', url: url.href };
}

export function isAppUrl(raw: unknown, app: AppOrigin): boolean {
  return classifyUrl(raw, app).kind === 'app';
}

function blocked(reason: string): UrlDecision {
  return { kind: 'blocked', reason };
}
