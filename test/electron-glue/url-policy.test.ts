import { describe, expect, it } from 'vitest';
import { appOriginOf, classifyUrl, isAppUrl, MAX_URL_LENGTH } from '../../electron/main/url-policy';

const packaged = appOriginOf('quorum://app/index.html');
const devServer = appOriginOf('http://localhost:5173/');

describe('url policy: the app itself', () => {
  it.each([
    'quorum://app/',
    'quorum://app/index.html',
    'quorum://app/index.html#/models/northwind/fraud',
    'QUORUM://APP/assets/index.js',
    'quorum://app/index.html?x=1',
  ])('%s is the packaged app', (url) => {
    expect(classifyUrl(url, packaged)).toEqual({ kind: 'app' });
  });

  it('uses the dev server origin, port included, during development', () => {
    expect(isAppUrl('http://localhost:5173/#/models', devServer)).toBe(true);
    expect(classifyUrl('http://localhost:5174/', devServer)).toEqual({ kind: 'external', url: 'http://localhost:5174/' });
    expect(classifyUrl('quorum://app/', devServer).kind).toBe('blocked');
  });

  it.each(['quorum://app.evil.example/', 'quorum://evil/', 'quorum://appx/', 'quorum://app:8080/', 'quorum:app/index.html'])(
    '%s is not the app',
    (url) => {
      expect(isAppUrl(url, packaged)).toBe(false);
    },
  );

  it('refuses the app URL when it carries credentials', () => {
    expect(classifyUrl('quorum://user:pw@app/', packaged)).toMatchObject({
      kind: 'blocked',
      reason: expect.stringContaining('credentials'),
    });
  });

  it('cannot be fooled by the app origin appearing inside another URL', () => {
    expect(classifyUrl('https://evil.example/?next=quorum://app/', packaged)).toEqual({
      kind: 'external',
      url: 'https://evil.example/?next=quorum://app/',
    });
    expect(classifyUrl('https://quorum.app.evil.example/', packaged).kind).toBe('external');
  });
});

describe('url policy: links for the OS browser', () => {
  it.each([
    ['https://mlflow.example.com/#/models/fraud', 'https://mlflow.example.com/#/models/fraud'],
    ['http://prometheus.internal:9090/graph?g0.expr=up', 'http://prometheus.internal:9090/graph?g0.expr=up'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['  https://example.com/  ', 'https://example.com/'],
  ])('%s opens externally as %s', (input, normalized) => {
    expect(classifyUrl(input, packaged)).toEqual({ kind: 'external', url: normalized });
  });

  it('hands the browser the parsed, normalized URL rather than the raw string', () => {
    const decision = classifyUrl('https://example.com/a b', packaged);
    expect(decision).toEqual({ kind: 'external', url: 'https://example.com/a%20b' });
  });
});

describe('url policy: everything else is blocked', () => {
  it.each([
    ['javascript:alert(1)', 'javascript:'],
    ['JavaScript:alert(1)', 'javascript:'],
    ['\tjava\nscript:alert(1)', 'javascript:'],
    ['file:///etc/passwd', 'file:'],
    ['file://server/share/x', 'file:'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['blob:quorum://app/0b9d', 'blob:'],
    ['vbscript:msgbox', 'vbscript:'],
    ['smb://server/share', 'smb:'],
    ['ms-msdt:/id PCWDiagnostic', 'ms-msdt:'],
    ['mailto:someone@example.com', 'mailto:'],
    ['about:blank', 'about:'],
    ['chrome://settings', 'chrome:'],
    ['devtools://devtools/bundled/inspector.html', 'devtools:'],
    ['ftp://example.com/file', 'ftp:'],
    ['ws://example.com/socket', 'ws:'],
    ['vscode://file/etc/passwd', 'vscode:'],
  ])('%s (%s)', (url, scheme) => {
    expect(classifyUrl(url, packaged)).toEqual({ kind: 'blocked', reason: `the ${scheme} scheme is not opened from Quorum` });
  });

  it.each(['https://user:secret@example.com/', 'https://user@example.com/', 'https://example.com@evil.example/'])(
    'refuses credentials in %s',
    (url) => {
      expect(classifyUrl(url, packaged)).toEqual({ kind: 'blocked', reason: 'URL carries credentials' });
    },
  );

  it.each(['', 'not a url', '/relative/path', '//example.com/x', 'https://', 'http://[::1', 'https://exa mple.com/'])(
    'refuses the malformed %j',
    (url) => {
      expect(classifyUrl(url, packaged).kind).toBe('blocked');
    },
  );

  it.each([undefined, null, 42, {}, ['https://example.com/']])('refuses a non-string %j', (value) => {
    expect(classifyUrl(value, packaged)).toEqual({ kind: 'blocked', reason: 'not a URL' });
  });

  it('refuses absurdly long URLs instead of passing them to the OS', () => {
    const url = `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`;
    expect(classifyUrl(url, packaged)).toEqual({ kind: 'blocked', reason: `longer than ${MAX_URL_LENGTH} characters` });
  });
});

describe('appOriginOf', () => {
  it('reads scheme and host, lower-cased', () => {
    expect(appOriginOf('QUORUM://App/index.html')).toEqual({ protocol: 'quorum:', host: 'app' });
    expect(appOriginOf('http://LOCALHOST:5173/')).toEqual({ protocol: 'http:', host: 'localhost:5173' });
  });

  it('rejects an app URL without a host', () => {
    expect(() => appOriginOf('file:///tmp/index.html')).toThrow(/no host/);
  });
});
