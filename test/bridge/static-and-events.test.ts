import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, TOKEN_COOKIE } from '../../electron/bridge/http-security';
import { APP_JS, INDEX_HTML, SECRET, startTestBridge, type TestBridge } from '../helpers/bridge';
import { envelopeOf, http } from '../helpers/http';
import { removeTempDirs } from '../helpers/temp';

let t: TestBridge;

beforeAll(async () => {
  t = await startTestBridge();
});
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

describe('the renderer files', () => {
  it('serves index.html with the CSP and nosniff', async () => {
    for (const path of ['/', '/index.html']) {
      const result = await http({ port: t.port, path });
      expect(result.status).toBe(200);
      expect(result.body).toBe(INDEX_HTML);
      expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(result.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(result.headers['x-content-type-options']).toBe('nosniff');
      expect(result.headers['x-frame-options']).toBe('DENY');
      expect(result.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves assets with their type, nosniff and a long cache', async () => {
    const result = await http({ port: t.port, path: '/assets/app.js' });
    expect(result.status).toBe(200);
    expect(result.body).toBe(APP_JS);
    expect(result.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(result.headers['x-content-type-options']).toBe('nosniff');
    expect(result.headers['cache-control']).toContain('immutable');
  });

  it('answers 404 for a file it does not have', async () => {
    expect((await http({ port: t.port, path: '/assets/missing.js' })).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/../../../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%2frenderer-private%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/..%5csecret.txt',
    '/index.html%00',
    '/%00',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses to leave the renderer folder or read odd names: %s', async (path) => {
    const result = await http({ port: t.port, path });
    expect([400, 404]).toContain(result.status);
    expect(result.body).not.toContain(SECRET);
    expect(result.body).not.toContain('root:');
  });

  it('refuses other methods than GET and HEAD on pages', async () => {
    const result = await http({ port: t.port, method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(result.status).toBe(405);
  });

  it('answers 503 with a message when the renderer is not built', async () => {
    const unbuilt = await startTestBridge({ withRenderer: false });
    try {
      for (const path of ['/', '/assets/index.js']) {
        const result = await http({ port: unbuilt.port, path });
        expect(result.status).toBe(503);
        expect(result.body).toContain('renderer is not built');
        expect(result.body).toContain('npm run build');
      }
      // The API still works without the page.
      const info = await http({
        port: unbuilt.port,
        method: 'POST',
        path: '/rpc/system.info',
        headers: { authorization: `Bearer ${unbuilt.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(envelopeOf(info).ok).toBe(true);
    } finally {
      await unbuilt.close();
    }
  });
});

/** Opens /events and collects what arrives until `until` matches or the time is up. */
function openEvents(headers: Record<string, string>) {
  let text = '';
  let status = 0;
  let contentType = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const req = request({ host: '127.0.0.1', port: t.port, path: '/events', headers: { host: `127.0.0.1:${t.port}`, ...headers } });
  const opened = new Promise<void>((resolveOpen, reject) => {
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      contentType = String(res.headers['content-type']);
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        for (const w of waiters.splice(0)) {
          if (w.pattern.test(text)) w.resolve();
          else waiters.push(w);
        }
      });
      resolveOpen();
    });
    req.on('error', reject);
  });
  req.end();
  return {
    opened,
    status: () => status,
    contentType: () => contentType,
    text: () => text,
    until(pattern: RegExp, timeoutMs = 5_000): Promise<void> {
      if (pattern.test(text)) return Promise.resolve();
      return new Promise((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} on /events; got: ${text}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolveWait();
          },
        });
      });
    },
    close: () => req.destroy(),
  };
}

describe('push events over SSE', () => {
  it('refuses /events without the token: 401', async () => {
    const result = await http({ port: t.port, path: '/events' });
    expect(result.status).toBe(401);
    expect(envelopeOf(result).error?.code).toBe('unauthorized');
  });

  it('refuses /events from a foreign Origin: 403', async () => {
    const result = await http({
      port: t.port,
      path: '/events',
      headers: { cookie: `${TOKEN_COOKIE}=${t.token}`, origin: 'http://evil.example' },
    });
    expect(result.status).toBe(403);
  });

  it.each([
    ['bearer token', () => ({ authorization: `Bearer ${t.token}` })],
    ['session cookie', () => ({ cookie: `${TOKEN_COOKIE}=${encodeURIComponent(t.token)}` })],
  ])('streams a data.changed event emitted by the core (%s)', async (_label, headers) => {
    const stream = openEvents(headers());
    try {
      await stream.opened;
      expect(stream.status()).toBe(200);
      expect(stream.contentType()).toMatch(/^text\/event-stream/);
      await stream.until(/: connected\n\n/);
      t.core.events.emit('data.changed', { topics: ['catalog', 'connections'] });
      await stream.until(/event: data\.changed\ndata: .*\n\n/);
      const frame = /event: data\.changed\ndata: (.*)\n\n/.exec(stream.text());
      expect(JSON.parse(frame?.[1] ?? 'null')).toEqual({ topics: ['catalog', 'connections'] });
    } finally {
      stream.close();
    }
  });
});
