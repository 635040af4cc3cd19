import * as nodePath from 'node:path';
import { CONTENT_SECURITY_POLICY } from '@shared/security/csp';

/**
 * The built renderer is served from quorum://app/ rather than file://: a file:// page has an
 * opaque origin shared with every local file, cannot receive a CSP header, and cannot be told
 * apart from any other file when main checks who sent an IPC call.
 */
export const APP_SCHEME = 'quorum';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * standard: relative URLs and web storage work as on http; secure: a secure context, so
 * modern web APIs are available; supportFetchAPI: the renderer may fetch its own assets.
 * corsEnabled is deliberately off: the page's own module scripts are same-origin, and
 * leaving it off keeps these files unreadable from any other origin.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[nodePath.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

type PathApi = Pick<typeof nodePath, 'join' | 'normalize' | 'resolve' | 'sep'>;

/**
 * The file under `rendererDir` that a URL path names, or null when the path is malformed or
 * would leave the folder. Layered on purpose: suspicious spellings are refused outright, and
 * the resolved path must still sit inside the folder. `pathApi` lets tests run the Windows rules.
 */
export function resolveAppPath(rendererDir: string, urlPath: string, pathApi: PathApi = nodePath): string | null {
  if (!urlPath.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // No asset name has these; each is a way to smuggle a separator, a drive or a device past the checks below.
  if (/[\0\\:]/.test(decoded)) return null;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = pathApi.resolve(rendererDir);
  const full = pathApi.resolve(pathApi.join(root, pathApi.normalize(relative)));
  return full.startsWith(root + pathApi.sep) ? full : null;
}

export interface AppProtocolOptions {
  rendererDir: string;
  /** Reads a whole file; rejects with an ENOENT/EISDIR-coded error when there is none. */
  readFile(path: string): Promise<Uint8Array>;
}

const BASE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
} as const;

/**
 * The handler for `protocol.handle('quorum', …)`, written against the web Request/Response
 * types so it runs (and is tested) under plain Node. Paths without an extension are the
 * renderer's client-side routes and get index.html, so reloading any screen works.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.', { allow: 'GET, HEAD' });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad URL.');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return plain(404, 'Not found.');
    const path = resolveAppPath(options.rendererDir, url.pathname);
    if (path === null) return plain(400, 'Bad path.');

    let servedPath = path;
    let file: Uint8Array | null;
    try {
      file = await readOrNull(options, path);
      if (file === null && nodePath.extname(path) === '') {
        servedPath = nodePath.join(nodePath.resolve(options.rendererDir), 'index.html');
        file = await readOrNull(options, servedPath);
      }
    } catch {
      return plain(500, 'Cannot read this file of the app.');
    }
    if (file === null) return plain(404, 'Not found.');
    const headers = { ...BASE_HEADERS, 'content-type': contentTypeFor(servedPath), 'cache-control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : file, { status: 200, headers });
  };
}

async function readOrNull(options: AppProtocolOptions, path: string): Promise<Uint8Array | null> {
  try {
    return await options.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra } });
}
