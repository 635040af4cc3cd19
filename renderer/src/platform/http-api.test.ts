import { describe, expect, it, vi } from 'vitest';
import { createHttpApi, type EventStream } from './http-api';

const PLATFORM = { shell: 'browser', os: 'test' } as const;

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('createHttpApi invoke', () => {
  it('posts the input as JSON to /rpc/<operation> and returns the envelope', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ ok: true, data: { total: 0, items: [] } }));
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:9/', fetch, platform: PLATFORM });
    const envelope = await api.invoke('models.list', { query: 'fraud' });
    expect(envelope).toEqual({ ok: true, data: { total: 0, items: [] } });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://127.0.0.1:9/rpc/models.list');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"query":"fraud"}' });
  });

  it('passes error envelopes through whatever the HTTP status', async () => {
    const error = { code: 'not_found', message: 'No model "x" in connection "c".' };
    const api = createHttpApi({ fetch: async () => jsonResponse({ ok: false, error }, 404), platform: PLATFORM });
    expect(await api.invoke('models.get', { connection: 'c', name: 'x' })).toEqual({ ok: false, error });
  });

  it('turns a network failure into an "unavailable" envelope', async () => {
    const api = createHttpApi({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      platform: PLATFORM,
    });
    const envelope = await api.invoke('system.info', {});
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('unavailable');
      expect(envelope.error.details).toMatchObject({ operation: 'system.info', cause: 'Failed to fetch' });
    }
  });

  it('refuses an answer that is not an envelope', async () => {
    const api = createHttpApi({
      fetch: async () => new Response('<html>proxy error</html>', { status: 502 }),
      platform: PLATFORM,
    });
    const envelope = await api.invoke('system.info', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal', details: { status: 502 } } });
  });
});

class FakeStream implements EventStream {
  readonly listeners = new Map<string, ((event: MessageEvent<string> | Event) => void)[]>();
  closed = false;
  addEventListener(type: string, listener: (event: MessageEvent<string> | Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  fire(type: string, data?: string): void {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

describe('createHttpApi events', () => {
  it('shares one stream, parses payloads, and closes when the last listener leaves', () => {
    const streams: FakeStream[] = [];
    const api = createHttpApi({
      fetch: vi.fn<typeof globalThis.fetch>(),
      openEventStream: (url) => {
        expect(url).toBe('/events');
        const stream = new FakeStream();
        streams.push(stream);
        return stream;
      },
      platform: PLATFORM,
    });
    const changed = vi.fn();
    const progress = vi.fn();
    const stopChanged = api.on('data.changed', changed);
    const stopProgress = api.on('job.progress', progress);
    expect(streams).toHaveLength(1);
    const stream = streams[0] as FakeStream;

    stream.fire('data.changed', '{"topics":["catalog"]}');
    stream.fire('data.changed', 'not json');
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed).toHaveBeenCalledWith({ topics: ['catalog'] });
    expect(progress).not.toHaveBeenCalled();

    stopChanged();
    expect(stream.closed).toBe(false);
    stopProgress();
    expect(stream.closed).toBe(true);
  });

  it('reports everything as changed after the stream reconnects', () => {
    const stream = new FakeStream();
    const api = createHttpApi({ fetch: vi.fn<typeof globalThis.fetch>(), openEventStream: () => stream, platform: PLATFORM });
    const changed = vi.fn();
    api.on('data.changed', changed);
    stream.fire('open');
    expect(changed).not.toHaveBeenCalled();
    stream.fire('error');
    stream.fire('open');
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed.mock.calls[0]?.[0]).toMatchObject({ topics: expect.arrayContaining(['catalog', 'connections', 'workspace']) });
  });
});
