import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { projectRoot } from '../core/resources';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The built renderer, `out/renderer` in the project this code runs from. */
export function defaultRendererDir(): string {
  return join(projectRoot(), 'out', 'renderer');
}

/** Resolves a URL path inside the renderer folder, or null when it would escape it. */
export function resolveStaticPath(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = resolve(rendererDir);
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const full = resolve(join(root, relative));
  return full === root || full.startsWith(root + sep) ? full : null;
}

export function serveStatic(rendererDir: string, urlPath: string, response: ServerResponse, headers: Record<string, string>): void {
  const path = resolveStaticPath(rendererDir, urlPath);
  if (path === null) {
    response.writeHead(400, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Bad path.');
    return;
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    if (!existsSync(join(rendererDir, 'index.html'))) {
      response
        .writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
        .end('The Quorum renderer is not built. Run `npm run build`, then start `quorum serve` again.');
      return;
    }
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
    return;
  }
  const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
  const cache = path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  response.writeHead(200, { ...headers, 'content-type': type, 'cache-control': cache });
  createReadStream(path).pipe(response);
}
