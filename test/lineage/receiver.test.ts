import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../electron/core/lineage/canonical';
import { startLineageReceiver, type LineageReceiver, type ReceiverOptions } from '../../electron/core/lineage/receiver/server';
import { olEvent, runEvent, testCore, type TestCore } from './helpers';

const KEY = 'test-key-0123456789abcdef';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string; details?: Record<string, unknown> } };
}

/** A raw HTTP request (node:http), so bodies, headers and early answers are exactly what we send and get. */
function post(
  receiver: LineageReceiver,
  body: string | Buffer,
  headers: Record<string, string> = {},
  path = '/api/v1/lineage',
  method = 'POST',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: receiver.port,
        path,
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Answer['body']) : { ok: false } });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the OpenLineage receiver', () => {
  let t: TestCore;
  let receiver: LineageReceiver;
  const start = async (options: Partial<ReceiverOptions> = {}) => {
    receiver = await startLineageReceiver({ core: t.core, apiKey: KEY, port: 0, ...options });
    return receiver;
  };
  beforeEach(() => {
    t = testCore();
  });
  afterEach(async () => {
    await receiver?.close();
    t.close();
  });

  it('binds to loopback by default and answers 201 to a real client event, Marquez style', async () => {
    await start();
    expect(receiver.host).toBe('127.0.0.1');
    expect(receiver.endpoint).toBe(`http://127.0.0.1:${receiver.port}/api/v1/lineage`);
    const answer = await post(receiver, JSON.stringify(olEvent('fluentd_event_simple.json')));
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ ok: true, data: { accepted: 1, duplicates: 0, warnings: [] } });
    const graph = await t.call('lineage.graph', { node: 'job:my-scheduler-namespace:myjob', depth: 2 });
    expect(graph.nodes.map((n) => n.ref)).toContain('dataset:my-datasource-namespace:instance.schema.output-1');
  });

  it('answers a re-sent event 201 again without storing it twice; warns about what it tolerated', async () => {
    await start();
    const event = JSON.stringify(olEvent('spark-serde_openlineage-event.json'));
    const first = await post(receiver, event);
    const again = await post(receiver, event);
    expect(first.status).toBe(201);
    expect((first.body.data?.warnings as { issues: { code: string }[] }[])[0]?.issues.map((i) => i.code)).toContain('parent_without_run');
    expect(again).toMatchObject({ status: 201, body: { data: { accepted: 0, duplicates: 1 } } });
    expect((await t.call('lineage.summary', {})).events).toBe(1);
  });

  it('accepts a JSON array as a batch, and gzip bodies as the clients send them', async () => {
    await start();
    const batch = [runEvent({ eventType: 'START' }), runEvent(), runEvent()];
    const answer = await post(receiver, gzipSync(JSON.stringify(batch)), { 'content-encoding': 'gzip' });
    expect(answer).toMatchObject({ status: 201, body: { data: { accepted: 3 } } });
  });

  it('400 with the reason for an invalid event, which lands in the rejected list', async () => {
    await start();
    const answer = await post(receiver, JSON.stringify(olEvent('invalid_fluentd_event_no_run_id.json')));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_input',
      message: 'Event rejected: No runId: run.runId is required to tell one run from another.',
      details: { rejected: [{ index: 0, reasons: [{ code: 'missing_run_id', path: '/run/runId' }] }] },
    });
    const rejected = await t.call('lineage.rejected', { limit: 10, offset: 0 });
    expect(rejected.items[0]).toMatchObject({ source: 'receiver', reasons: [{ code: 'missing_run_id' }] });
    expect(rejected.items[0]?.sourceRef).toMatch(/^127\.0\.0\.1/);
  });

  it('400 for a batch with one bad event: nothing from it is stored, and the bad one is named', async () => {
    await start();
    const good = runEvent();
    const answer = await post(receiver, JSON.stringify([good, olEvent('invalid_fluentd_event_invalid_run_facet.json')]));
    expect(answer.status).toBe(400);
    expect(answer.body.error?.details).toMatchObject({
      accepted: 0,
      rejected: [{ index: 1, reasons: [{ code: 'malformed_parent_facet' }] }],
    });
    expect((await t.call('lineage.summary', {})).events).toBe(0);
    // Fixed and re-sent, the good event goes in.
    expect((await post(receiver, JSON.stringify([good]))).status).toBe(201);
  });

  it('400 for a body that is not JSON, also recorded', async () => {
    await start();
    const answer = await post(receiver, 'eventType=COMPLETE&run=1');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toMatch(/^The body is not JSON/);
    expect((await t.call('lineage.rejected', { limit: 5, offset: 0 })).items[0]).toMatchObject({
      reasons: [{ code: 'not_json' }],
      preview: 'eventType=COMPLETE&run=1',
    });
  });

  it('401 without the key or with a wrong one, before reading the body; nothing is recorded', async () => {
    await start();
    const body = JSON.stringify(runEvent());
    for (const authorization of ['', 'Bearer wrong-key-0123456789', `Basic ${KEY}`, `Bearer ${KEY}x`]) {
      const answer = await post(receiver, body, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="quorum-lineage"');
      expect(answer.body.error?.code).toBe('unauthorized');
    }
    expect(await t.call('lineage.summary', {})).toMatchObject({ events: 0, rejected: 0 });
  });

  it('413 over the body cap, whether declared or streamed or inflated from gzip', async () => {
    await start({ maxBodyBytes: 2_048 });
    const big = JSON.stringify(
      runEvent({ runFacets: { padding: { _producer: 'https://x', _schemaURL: 'https://x', text: 'x'.repeat(10_000) } } }),
    );
    const declared = await post(receiver, big);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({ code: 'payload_too_large', details: { limit: 2_048 } });
    const bomb = gzipSync(Buffer.alloc(1_000_000, 0x20));
    expect(bomb.length).toBeLessThan(2_048);
    expect((await post(receiver, bomb, { 'content-encoding': 'gzip' })).status).toBe(413);
    expect((await post(receiver, JSON.stringify(runEvent()))).status).toBe(201);
  });

  it('413 for a batch with more events than one request may carry', async () => {
    await start({ maxEventsPerRequest: 5 });
    const answer = await post(receiver, JSON.stringify(Array.from({ length: 6 }, () => runEvent())));
    expect(answer).toMatchObject({ status: 413, body: { error: { message: 'The batch holds 6 events; send at most 5 per request.' } } });
  });

  it('404 elsewhere, 405 for other methods', async () => {
    await start();
    expect((await post(receiver, '{}', {}, '/api/v1/namespaces')).status).toBe(404);
    expect((await post(receiver, '', {}, '/api/v1/lineage', 'GET')).status).toBe(405);
  });

  it('under a flood: 503 with Retry-After, a bounded queue, and every accepted event stored', async () => {
    await start({ maxPendingEvents: 16, writeDelayMs: 25, retryAfterSeconds: 1 });
    const events = Array.from({ length: 300 }, (_, i) =>
      runEvent({ runId: randomUUID(), job: `job-${i % 7}`, eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }),
    );
    let refused = 0;
    const retryAfter = new Set<string>();
    const accepted = new Set<string>();
    // Like the OpenLineage clients' retry policy: on 503, wait and send the same event again.
    await Promise.all(
      events.map(async (event) => {
        for (let attempt = 0; attempt < 500; attempt++) {
          const answer = await post(receiver, JSON.stringify(event));
          if (answer.status === 201) {
            accepted.add(contentHash(event));
            return;
          }
          expect(answer.status).toBe(503);
          refused++;
          retryAfter.add(String(answer.headers['retry-after']));
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
        }
        throw new Error('never accepted');
      }),
    );
    expect(refused).toBeGreaterThan(0);
    expect([...retryAfter]).toEqual(['1']);
    expect(receiver.stats().maxPendingSeen).toBeLessThanOrEqual(16);
    expect(accepted.size).toBe(300);
    // Every 201 is in the database: answered only after its transaction committed.
    const stored = new Set((t.core.store.db.prepare('SELECT hash FROM lineage_events').all() as { hash: string }[]).map((r) => r.hash));
    for (const hash of accepted) expect(stored.has(hash)).toBe(true);
    expect(stored.size).toBe(300);
  });

  it('close() writes what was already accepted before it returns', async () => {
    await start({ writeDelayMs: 30 });
    const pending = Promise.all(Array.from({ length: 20 }, () => post(receiver, JSON.stringify(runEvent()))));
    const answers = await pending;
    await receiver.close();
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect((await t.call('lineage.summary', {})).events).toBe(20);
  });

  it('refuses to start without a real key', async () => {
    await expect(startLineageReceiver({ core: t.core, apiKey: 'short' })).rejects.toThrow(/at least 16 characters/);
  });
});
