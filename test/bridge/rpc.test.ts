import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RPC_BODY_BYTES } from '../../electron/bridge/server';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/store/migrations';
import { startTestBridge, type TestBridge } from '../helpers/bridge';
import { envelopeOf, http, rpc, type HttpResult } from '../helpers/http';
import { removeTempDirs } from '../helpers/temp';

let t: TestBridge;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await startTestBridge();
  auth = { authorization: `Bearer ${t.token}` };
});
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

/** Runs a bad request and checks that not one stored row changed. */
async function unchanged(send: () => Promise<HttpResult>): Promise<HttpResult> {
  const before = t.stored();
  const result = await send();
  expect(t.stored()).toEqual(before);
  return result;
}

function expectError(result: HttpResult, status: number, code: string): string {
  expect(result.status).toBe(status);
  const envelope = envelopeOf(result);
  expect(envelope.ok).toBe(false);
  expect(envelope.error?.code).toBe(code);
  expect(result.headers['x-content-type-options']).toBe('nosniff');
  return envelope.error?.message ?? '';
}

describe('POST /rpc/<operation>', () => {
  it('answers a small read with the success envelope', async () => {
    const result = await rpc(t.port, 'system.info', {}, auth);
    expect(result.status).toBe(200);
    expect(result.headers['cache-control']).toBe('no-store');
    expect(envelopeOf(result)).toMatchObject({
      ok: true,
      data: { schemaVersion: LATEST_SCHEMA_VERSION, workspaceKind: 'user', empty: true },
    });
  });

  it('treats an empty body as no input', async () => {
    const result = await http({
      port: t.port,
      method: 'POST',
      path: '/rpc/system.info',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(envelopeOf(result).ok).toBe(true);
  });

  it('names an unknown operation: 404 unknown_operation', async () => {
    const message = expectError(await unchanged(() => rpc(t.port, 'models.delete-everything', {}, auth)), 404, 'unknown_operation');
    expect(message).toBe('Unknown operation "models.delete-everything".');
  });

  it('treats a malformed escape in the operation name as unknown, not as a server error', async () => {
    expectError(await unchanged(() => rpc(t.port, '%E0%A4%A', {}, auth)), 404, 'unknown_operation');
  });

  it('refuses malformed JSON: 400 invalid_input', async () => {
    const result = await unchanged(() =>
      http({
        port: t.port,
        method: 'POST',
        path: '/rpc/demo.load',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{"a":',
      }),
    );
    expect(expectError(result, 400, 'invalid_input')).toMatch(/^The request body is not valid JSON/);
  });

  it('refuses schema-invalid input with a message naming the field', async () => {
    const wrongType = await unchanged(() => rpc(t.port, 'versions.get', { connection: 'c', name: 'm', version: 'two' }, auth));
    expect(expectError(wrongType, 400, 'invalid_input')).toContain('"version"');
    const extraKey = await unchanged(() => rpc(t.port, 'demo.load', { everything: true }, auth));
    expect(expectError(extraKey, 400, 'invalid_input')).toContain('everything');
    const notAnObject = await unchanged(() => rpc(t.port, 'demo.load', [1, 2], auth));
    expectError(notAnObject, 400, 'invalid_input');
  });

  it('refuses a body that is not JSON by content type: 415', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const result = await unchanged(() =>
        http({ port: t.port, method: 'POST', path: '/rpc/demo.load', headers: { ...auth, 'content-type': contentType }, body: '{}' }),
      );
      expect(result.status).toBe(415);
      expect(envelopeOf(result).error?.code).toBe('invalid_input');
    }
    const none = await unchanged(() => http({ port: t.port, method: 'POST', path: '/rpc/demo.load', headers: auth, body: '{}' }));
    expect(none.status).toBe(415);
  });

  it('refuses GET and other methods on an operation: 405', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const result = await unchanged(() => http({ port: t.port, method, path: '/rpc/demo.load', headers: auth }));
      expect(result.status).toBe(405);
      expect(envelopeOf(result).ok).toBe(false);
    }
  });

  describe('caps the body at MAX_RPC_BODY_BYTES', () => {
    const oversized = Buffer.alloc(MAX_RPC_BODY_BYTES + 1, 0x20);

    it('413 payload_too_large when the Content-Length says so', async () => {
      const result = await unchanged(() =>
        http({
          port: t.port,
          method: 'POST',
          path: '/rpc/demo.load',
          headers: { ...auth, 'content-type': 'application/json' },
          body: oversized,
        }),
      );
      expect(expectError(result, 413, 'payload_too_large')).toContain(String(MAX_RPC_BODY_BYTES));
    });

    it('413 payload_too_large for a chunked body without Content-Length', async () => {
      const chunks: Buffer[] = [];
      for (let sent = 0; sent < oversized.length; sent += 64 * 1024) chunks.push(oversized.subarray(sent, sent + 64 * 1024));
      const result = await unchanged(() =>
        http({ port: t.port, method: 'POST', path: '/rpc/demo.load', headers: { ...auth, 'content-type': 'application/json' }, chunks }),
      );
      expectError(result, 413, 'payload_too_large');
    });

    it('accepts a body of exactly the limit (then judges its content)', async () => {
      const padding = MAX_RPC_BODY_BYTES - JSON.stringify({ query: '' }).length;
      const body = JSON.stringify({ query: 'x'.repeat(padding) });
      expect(Buffer.byteLength(body)).toBe(MAX_RPC_BODY_BYTES);
      const result = await unchanged(() =>
        http({ port: t.port, method: 'POST', path: '/rpc/models.list', headers: { ...auth, 'content-type': 'application/json' }, body }),
      );
      expect(expectError(result, 400, 'invalid_input')).toContain('"query"');
    });
  });

  it('writes when the request is good (the check above can see a change)', async () => {
    const before = t.stored();
    const result = await rpc(t.port, 'demo.load', {}, auth);
    expect(envelopeOf(result)).toMatchObject({ ok: true, data: { models: 4, versions: 12 } });
    expect(t.stored()).not.toEqual(before);
    expect(t.stored().connections).toHaveLength(1);
  });
});
