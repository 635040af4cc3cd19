import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, contentTypeFor, createAppProtocolHandler, resolveAppPath } from '../../electron/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';

describe('resolveAppPath (POSIX)', () => {
  const root = '/opt/quorum/out/renderer';
  const resolveIn = (urlPath: string) => resolveAppPath(root, urlPath, path.posix);

  it.each([
    ['/', '/opt/quorum/out/renderer/index.html'],
    ['/index.html', '/opt/quorum/out/renderer/index.html'],
    ['/assets/index-CDcvaBRC.js', '/opt/quorum/out/renderer/assets/index-CDcvaBRC.js'],
    ['//assets//x.css', '/opt/quorum/out/renderer/assets/x.css'],
    ['/assets/name%20with%20space.png', '/opt/quorum/out/renderer/assets/name with space.png'],
  ])('%s → %s', (urlPath, expected) => {
    expect(resolveIn(urlPath)).toBe(expected);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/assets/%2e%2e%2f%2e%2e%2fsecret',
    '/./index.html',
    '/..',
    '/assets/..%2f..%2fsecret',
    '/%5c..%5csecret',
    '/assets\\..\\secret',
    '/index.html%00.png',
    '/C:/Windows/win.ini',
    '/%E0%A4%A',
    'index.html',
    '',
  ])('refuses %j', (urlPath) => {
    expect(resolveIn(urlPath)).toBeNull();
  });

  it('never returns the folder itself', () => {
    expect(resolveAppPath('/opt/r', '/', path.posix)).not.toBe('/opt/r');
  });
});

describe('resolveAppPath (Windows rules)', () => {
  const root = 'C:\\Program Files\\Quorum\\resources\\app.asar\\out\\renderer';
  const resolveIn = (urlPath: string) => resolveAppPath(root, urlPath, path.win32);

  it('maps URL paths to files inside the folder', () => {
    expect(resolveIn('/assets/index.js')).toBe(`${root}\\assets\\index.js`);
  });

  it.each(['/..%5C..%5Csecret', '/%5C%5Cserver%5Cshare', '/C:%5CWindows%5Cwin.ini', '/D:/x', '/assets/../../x', '/con:'])(
    'refuses %j',
    (urlPath) => {
      expect(resolveIn(urlPath)).toBeNull();
    },
  );
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['a.wasm', 'application/wasm'],
    ['a.unknown', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
  ])('%s is %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});

describe('the quorum:// protocol handler', () => {
  let rendererDir: string;
  let outside: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    const base = mkdtempSync(path.join(tmpdir(), 'quorum-protocol-'));
    rendererDir = path.join(base, 'renderer');
    outside = path.join(base, 'secret.txt');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Quorum</title>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("hi")');
    writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
    writeFileSync(outside, 'do not serve');
    handler = createAppProtocolHandler({ rendererDir, readFile: (file) => readFile(file) });
  });
  afterAll(() => rmSync(path.dirname(rendererDir), { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves index.html at the root with the renderer CSP and nosniff', async () => {
    const response = await get(APP_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Quorum</title>');
  });

  it('serves assets with their content types', async () => {
    const js = await get('quorum://app/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("hi")');
    expect((await get('quorum://app/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers client-side routes with index.html, but a missing asset with 404', async () => {
    const route = await get('quorum://app/models/northwind');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await get('quorum://app/assets/missing.js')).status).toBe(404);
  });

  it('refuses to leave the renderer folder', async () => {
    // The URL parser already folds some spellings of ".." (→ 404 inside the folder); the guard refuses the rest (→ 400).
    for (const url of ['quorum://app/%2e%2e/secret.txt', 'quorum://app/assets/..%2f..%2fsecret.txt', 'quorum://app/..%5csecret.txt']) {
      const response = await get(url);
      expect([400, 404], url).toContain(response.status);
      expect(await response.text()).not.toContain('do not serve');
    }
  });

  it('answers only its own host and only GET/HEAD', async () => {
    expect((await get('quorum://other/index.html')).status).toBe(404);
    expect((await get('quorum://app/index.html', 'POST')).status).toBe(405);
    const head = await get('quorum://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('reports an unreadable file as a server error, not a crash', async () => {
    const failing = createAppProtocolHandler({
      rendererDir,
      readFile: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    });
    expect((await failing(new Request('quorum://app/index.html'))).status).toBe(500);
  });
});
