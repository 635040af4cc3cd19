import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EVENTS } from '../../shared/contract/events';
import { IPC_CHANNELS } from '../../shared/contract/ipc';
import { createPreloadApi, EVENT_NAMES, type IpcRendererLike } from '../../electron/preload/api';

/** An ipcRenderer stand-in: records invokes, and lets the test push events as main would. */
function fakeIpcRenderer(
  answer: (channel: string, ...args: unknown[]) => Promise<unknown> = () => Promise.resolve({ ok: true, data: null }),
) {
  const emitter = new EventEmitter();
  const invoke = vi.fn(answer);
  const ipc: IpcRendererLike = {
    invoke,
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
  };
  const rawEvent = { sender: { send: () => undefined }, senderId: 0 };
  return {
    ipc,
    invoke,
    push: (name: unknown, payload: unknown) => emitter.emit(IPC_CHANNELS.event, rawEvent, name, payload),
    listenerCount: () => emitter.listenerCount(IPC_CHANNELS.event),
  };
}

const platform = { shell: 'desktop', os: 'linux' } as const;

describe('preload api', () => {
  it('lists exactly the events of the contract', () => {
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('exposes invoke, on and platform, and nothing of Electron', () => {
    const api = createPreloadApi(fakeIpcRenderer().ipc, platform);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'platform']);
    expect(api.platform).toEqual(platform);
    expect(Object.isFrozen(api.platform)).toBe(true);
  });

  it('forwards a call on the one invoke channel and returns the envelope untouched', async () => {
    const envelope = { ok: false, error: { code: 'not_found', message: 'No model "x".' } };
    const fake = fakeIpcRenderer(() => Promise.resolve(envelope));
    const api = createPreloadApi(fake.ipc, platform);
    await expect(api.invoke('models.get', { connection: 'c', name: 'x' })).resolves.toBe(envelope);
    expect(fake.invoke).toHaveBeenCalledWith(IPC_CHANNELS.invoke, 'models.get', { connection: 'c', name: 'x' });
  });

  it('turns a broken channel into an internal envelope instead of a rejection', async () => {
    const fake = fakeIpcRenderer(() => Promise.reject(new Error("No handler registered for 'quorum:invoke'")));
    const result = await createPreloadApi(fake.ipc, platform).invoke('system.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('did not reach the core') } });
  });

  it('turns input that cannot be sent into an invalid_input envelope', async () => {
    const fake = fakeIpcRenderer();
    fake.invoke.mockImplementation(() => {
      throw new Error('An object could not be cloned.');
    });
    const result = await createPreloadApi(fake.ipc, platform).invoke('system.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('could not be cloned') } });
  });

  it("hands listeners the payload only, never Electron's event object", () => {
    const fake = fakeIpcRenderer();
    const listener = vi.fn();
    createPreloadApi(fake.ipc, platform).on('data.changed', listener);
    fake.push('data.changed', { topics: ['catalog'] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ topics: ['catalog'] }]);
  });

  it('delivers each event only to its own listeners and ignores names outside the contract', () => {
    const fake = fakeIpcRenderer();
    const api = createPreloadApi(fake.ipc, platform);
    const changed = vi.fn();
    const progress = vi.fn();
    api.on('data.changed', changed);
    api.on('job.progress', progress);
    fake.push('job.progress', { jobId: 'j' });
    fake.push('secrets.dump', { all: true });
    fake.push(42, {});
    fake.push('__proto__', {});
    expect(progress).toHaveBeenCalledTimes(1);
    expect(changed).not.toHaveBeenCalled();
  });

  it('refuses to subscribe to unknown events or with a non-function', () => {
    const api = createPreloadApi(fakeIpcRenderer().ipc, platform);
    // @ts-expect-error: the type already forbids it; the check is for plain-JS callers in the page.
    expect(() => api.on('quorum:invoke', () => undefined)).toThrow(/Unknown Quorum event "quorum:invoke"/);
    // @ts-expect-error: same, for the listener.
    expect(() => api.on('data.changed', 'not a function')).toThrow(TypeError);
  });

  it('unsubscribes, and detaches from ipcRenderer when nobody listens', () => {
    const fake = fakeIpcRenderer();
    const api = createPreloadApi(fake.ipc, platform);
    expect(fake.listenerCount()).toBe(0);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.on('data.changed', first);
    const offSecond = api.on('job.progress', second);
    expect(fake.listenerCount()).toBe(1);
    offFirst();
    offFirst();
    fake.push('data.changed', { topics: [] });
    expect(first).not.toHaveBeenCalled();
    expect(fake.listenerCount()).toBe(1);
    offSecond();
    expect(fake.listenerCount()).toBe(0);
  });

  it('keeps delivering when one listener throws', () => {
    vi.useFakeTimers();
    try {
      const fake = fakeIpcRenderer();
      const api = createPreloadApi(fake.ipc, platform);
      const after = vi.fn();
      api.on('data.changed', () => {
        throw new Error('listener bug');
      });
      api.on('data.changed', after);
      fake.push('data.changed', { topics: [] });
      expect(after).toHaveBeenCalledTimes(1);
      expect(() => vi.runAllTimers()).toThrow('listener bug');
    } finally {
      vi.useRealTimers();
    }
  });
});
