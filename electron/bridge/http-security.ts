import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'quorum_token';

/** The renderer's policy lives in shared/ so the desktop app's protocol sends the same one. */
export { CONTENT_SECURITY_POLICY } from '@shared/security/csp';

/**
 * The Host values this server answers to. A page on any other name that resolves to
 * 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
 */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set([boundHost, '127.0.0.1', 'localhost']);
  if (boundHost === '::1' || boundHost === '[::1]') names.add('[::1]');
  return new Set([...names].map((name) => `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`));
}

export function isAllowedHost(request: IncomingMessage, allowed: Set<string>): boolean {
  const host = request.headers.host?.toLowerCase();
  return host !== undefined && allowed.has(host);
}

/** An Origin, when the browser sends one, must be this server itself. */
export function isAllowedOrigin(request: IncomingMessage, allowed: Set<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && allowed.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}

/** The token from `Authorization: Bearer …` (CLI, scripts) or the session cookie (the page). */
export function presentedToken(request: IncomingMessage): string | null {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  const cookies = request.headers.cookie?.split(';') ?? [];
  for (const cookie of cookies) {
    const [name, ...rest] = cookie.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export function tokensEqual(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
