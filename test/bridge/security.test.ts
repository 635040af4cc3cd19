import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_COOKIE } from '../../electron/bridge/http-security';
import { startTestBridge, type TestBridge } from '../helpers/bridge';
import { envelopeOf, http, rpc, type HttpResult } from '../helpers/http';
import { removeTempDirs } from '../helpers/temp';

let t: TestBridge;

beforeAll(async () => {
  t = await startTestBridge();
});
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

async function unchanged(send: () => Promise<HttpResult>): Promise<HttpResult> {
  const before = t.stored();
  const result = await send();
  expect(t.stored()).toEqual(before);
  return result;
}

function expectRefused(result: HttpResult, status: 401 | 403): void {
  expect(result.status).toBe(status);
  expect(envelopeOf(result)).toMatchObject({ ok: false, error: { code: status === 401 ? 'unauthorized' : 'forbidden' } });
}

describe('browser mode binds and guards', () => {
  it('listens on loopback with a fresh random token per start', async () => {
    expect(t.bridge.url).toBe(`http://127.0.0.1:${t.port}`);
    expect(t.bridge.launchUrl).toBe(`http://127.0.0.1:${t.port}/?token=${encodeURIComponent(t.token)}`);
    expect(t.token.length).toBeGreaterThanOrEqual(32);
    const other = await startTestBridge();
    try {
      expect(other.token).not.toBe(t.token);
      // One server's token opens nothing on another.
      expectRefused(await rpc(other.port, 'system.info', {}, { authorization: `Bearer ${t.token}` }), 401);
    } finally {
      await other.close();
    }
  });
});

describe('the token', () => {
  it('is required: no token is 401 unauthorized', async () => {
    expectRefused(await unchanged(() => rpc(t.port, 'demo.load', {})), 401);
  });

  it('must be right: a wrong bearer token or cookie is 401', async () => {
    expectRefused(await unchanged(() => rpc(t.port, 'demo.load', {}, { authorization: `Bearer ${t.token}x` })), 401);
    expectRefused(await unchanged(() => rpc(t.port, 'demo.load', {}, { authorization: 'Bearer ' })), 401);
    expectRefused(await unchanged(() => rpc(t.port, 'demo.load', {}, { cookie: `${TOKEN_COOKIE}=nope` })), 401);
    expectRefused(await unchanged(() => rpc(t.port, 'demo.load', {}, { authorization: t.token })), 401);
  });

  it('is not taken from the query string of an API call', async () => {
    const result = await unchanged(() =>
      http({
        port: t.port,
        method: 'POST',
        path: `/rpc/demo.load?token=${encodeURIComponent(t.token)}`,
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expectRefused(result, 401);
  });

  it('is accepted as a bearer token and as the session cookie', async () => {
    const bearer = await rpc(t.port, 'system.info', {}, { authorization: `Bearer ${t.token}` });
    expect(envelopeOf(bearer).ok).toBe(true);
    const cookie = await rpc(t.port, 'system.info', {}, { cookie: `other=1; ${TOKEN_COOKIE}=${encodeURIComponent(t.token)}` });
    expect(envelopeOf(cookie).ok).toBe(true);
  });

  it('in the launch URL is traded for an HttpOnly, SameSite=Strict cookie and a redirect to /', async () => {
    const launch = await http({ port: t.port, path: `/?token=${encodeURIComponent(t.token)}` });
    expect(launch.status).toBe(303);
    expect(launch.headers.location).toBe('/');
    const setCookie = launch.headers['set-cookie'] ?? [];
    expect(setCookie).toHaveLength(1);
    const cookie = setCookie[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^${TOKEN_COOKIE}=`));
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    // The cookie the browser now holds opens the API.
    const pair = cookie.split(';')[0] ?? '';
    expect(envelopeOf(await rpc(t.port, 'system.info', {}, { cookie: pair })).ok).toBe(true);
  });

  it('in a launch URL that is wrong is 401, with no cookie', async () => {
    const result = await http({ port: t.port, path: '/?token=wrong-token' });
    expectRefused(result, 401);
    expect(result.headers['set-cookie']).toBeUndefined();
  });
});

describe('Host and Origin (DNS rebinding)', () => {
  const bearer = () => ({ authorization: `Bearer ${t.token}` });

  it('refuses a foreign Host with 403, even with the right token', async () => {
    for (const host of [`evil.example:${t.port}`, 'evil.example', `127.0.0.1:${t.port + 1}`, `127.0.0.1.evil.example:${t.port}`]) {
      expectRefused(await unchanged(() => rpc(t.port, 'demo.load', {}, { ...bearer(), host })), 403);
    }
    // The page and the launch link too: a rebinding page must not even get the app.
    expectRefused(await http({ port: t.port, path: '/', headers: { host: `evil.example:${t.port}` } }), 403);
    const launch = await http({
      port: t.port,
      path: `/?token=${encodeURIComponent(t.token)}`,
      headers: { host: `evil.example:${t.port}` },
    });
    expectRefused(launch, 403);
    expect(launch.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Origin with 403, even with the right token', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${t.port}`, 'null', `https://127.0.0.1:${t.port}`, 'not a url']) {
      expectRefused(await unchanged(() => rpc(t.port, 'demo.load', {}, { ...bearer(), origin })), 403);
    }
  });

  it("accepts the server's own names as Host and Origin", async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST']) {
      const result = await rpc(t.port, 'system.info', {}, { ...bearer(), host: `${name}:${t.port}`, origin: `http://${name}:${t.port}` });
      expect(result.status).toBe(200);
      expect(envelopeOf(result).ok).toBe(true);
    }
  });
});
