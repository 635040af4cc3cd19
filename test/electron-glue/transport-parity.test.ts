import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope, QuorumApi } from '../../shared/contract';
import { IPC_CHANNELS } from '../../shared/contract/ipc';
import { startBridge, type BridgeServer } from '../../electron/bridge/server';
import { createCore, type Core } from '../../electron/core/create-core';
import {
  registerIpc,
  type CoreLike,
  type EventTargetLike,
  type InvokeListener,
  type IpcMainLike,
  type SenderFrameLike,
} from '../../electron/main/ipc';
import { appOriginOf, isAppUrl } from '../../electron/main/url-policy';
import { createPreloadApi, type IpcRendererLike } from '../../electron/preload/api';

/*
 * The same operations through both transports of the one core: Electron IPC (main's
 * registerIpc + the preload bridge, wired in memory) and browser mode's HTTP server. The
 * renderer must not be able to tell them apart, so their envelopes must be identical.
 */

const APP_PAGE = 'quorum://app/index.html';
const appOrigin = appOriginOf(APP_PAGE);
const TOKEN = 'parity-test-token';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

/**
 * One renderer process: its ipcRenderer talks to the fake ipcMain as Electron does, cloning
 * arguments and results with the structured clone algorithm, and it receives main's
 * webContents.send pushes.
 */
class FakeRenderer implements EventTargetLike {
  private readonly incoming = new EventEmitter();
  destroyed = false;

  constructor(
    private readonly ipcMain: FakeIpcMain,
    readonly frame: SenderFrameLike,
  ) {}

  readonly ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const handler = this.ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler({ senderFrame: this.frame }, ...structuredClone(args)));
    },
    on: (channel, listener) => this.incoming.on(channel, listener),
    removeListener: (channel, listener) => this.incoming.removeListener(channel, listener),
  };

  // EventTargetLike: what main sees of this renderer's web contents.
  send(channel: string, ...args: unknown[]): void {
    this.incoming.emit(channel, { sender: 'ipc-renderer-event' }, ...structuredClone(args));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.frame.url;
  }
}

let dir: string;
let core: Core;
let spiedCore: CoreLike & { dispatch: ReturnType<typeof vi.fn> };
let ipcMain: FakeIpcMain;
let renderers: FakeRenderer[];
let disposeIpc: () => void;
let bridge: BridgeServer;
let desktop: QuorumApi;

function addRenderer(frame: SenderFrameLike): FakeRenderer {
  const renderer = new FakeRenderer(ipcMain, frame);
  renderers.push(renderer);
  return renderer;
}

async function overHttp(operation: string, input: unknown): Promise<Envelope<unknown>> {
  const response = await fetch(`${bridge.url}/rpc/${encodeURIComponent(operation)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return (await response.json()) as Envelope<unknown>;
}

/** The untyped path a page's plain JavaScript could take; the typed API forbids unknown names. */
function overIpc(operation: string, input: unknown): Promise<Envelope<unknown>> {
  return (desktop.invoke as (operation: string, input: unknown) => Promise<Envelope<unknown>>)(operation, input);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-parity-'));
  core = createCore({ dataDir: dir, validateOutput: true, reportInternalError: () => undefined });
  spiedCore = { events: core.events, dispatch: vi.fn(core.dispatch) };
  ipcMain = new FakeIpcMain();
  renderers = [];
  disposeIpc = registerIpc(ipcMain, spiedCore, (url) => isAppUrl(url, appOrigin), { windows: () => renderers });
  desktop = createPreloadApi(addRenderer({ url: APP_PAGE, parent: null }).ipcRenderer, { shell: 'desktop', os: 'linux' });
  bridge = await startBridge({ core, port: 0, rendererDir: dir, token: TOKEN });
});

afterAll(async () => {
  disposeIpc();
  await bridge.close();
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('IPC and HTTP give identical envelopes', () => {
  it('for success (system.info)', async () => {
    const viaIpc = await overIpc('system.info', {});
    expect(viaIpc).toMatchObject({ ok: true, data: { workspaceKind: 'user', dataDir: expect.any(String) } });
    expect(await overHttp('system.info', {})).toEqual(viaIpc);
  });

  it('for a validation error (versions.get with a bad version)', async () => {
    const input = { connection: 'northwind-mlflow', name: 'fraud', version: 'two' };
    const viaIpc = await overIpc('versions.get', input);
    expect(viaIpc).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('"version"') } });
    expect(await overHttp('versions.get', input)).toEqual(viaIpc);
  });

  it('for a domain error (models.get on an unknown model)', async () => {
    const input = { connection: 'nowhere', name: 'nothing' };
    const viaIpc = await overIpc('models.get', input);
    expect(viaIpc).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await overHttp('models.get', input)).toEqual(viaIpc);
  });

  it('for an unknown operation', async () => {
    const viaIpc = await overIpc('models.delete-everything', {});
    expect(viaIpc).toEqual({
      ok: false,
      error: {
        code: 'unknown_operation',
        message: 'Unknown operation "models.delete-everything".',
        details: { operation: 'models.delete-everything' },
      },
    });
    expect(await overHttp('models.delete-everything', {})).toEqual(viaIpc);
  });

  it('for push events: the preload listener and the SSE stream get the same payload', async () => {
    const abort = new AbortController();
    const stream = await fetch(`${bridge.url}/events`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: abort.signal });
    if (!stream.body) throw new Error('the event stream has no body');
    const reader = stream.body.getReader();
    await reader.read(); // ": connected"

    const viaIpc = new Promise<unknown[]>((resolve) => {
      const off = desktop.on('data.changed', (...args: unknown[]) => {
        off();
        resolve(args);
      });
    });
    core.events.emit('data.changed', { topics: ['catalog', 'connections'] });

    expect(await viaIpc).toEqual([{ topics: ['catalog', 'connections'] }]);
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(text).toBe(`event: data.changed\ndata: ${JSON.stringify({ topics: ['catalog', 'connections'] })}\n\n`);
  });
});

describe('IPC sender checks', () => {
  it.each([
    ['a page that is not the app', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['the dev server origin in a packaged app', { url: 'http://localhost:5173/', parent: null }],
    ['an iframe inside the app', { url: APP_PAGE, parent: { url: APP_PAGE } }],
  ])('answers forbidden to %s and never reaches the core', async (_who, frame) => {
    const intruder = createPreloadApi(addRenderer(frame).ipcRenderer, { shell: 'desktop', os: 'linux' });
    spiedCore.dispatch.mockClear();
    const result = await intruder.invoke('system.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(spiedCore.dispatch).not.toHaveBeenCalled();
  });

  it('answers forbidden when the sending frame is already gone', async () => {
    const handler = ipcMain.handlers.get(IPC_CHANNELS.invoke);
    spiedCore.dispatch.mockClear();
    expect(await handler?.({ senderFrame: null }, 'system.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(spiedCore.dispatch).not.toHaveBeenCalled();
  });

  it('sends push events only to windows showing the app', async () => {
    const elsewhere = addRenderer({ url: 'https://evil.example/', parent: null });
    const gone = addRenderer({ url: APP_PAGE, parent: null });
    gone.destroyed = true;
    const spyElsewhere = vi.spyOn(elsewhere, 'send');
    const spyGone = vi.spyOn(gone, 'send');
    core.events.emit('data.changed', { topics: ['workspace'] });
    expect(spyElsewhere).not.toHaveBeenCalled();
    expect(spyGone).not.toHaveBeenCalled();
  });

  it('removes the handler and stops forwarding when disposed', () => {
    const local = new FakeIpcMain();
    const target = new FakeRenderer(local, { url: APP_PAGE, parent: null });
    const send = vi.spyOn(target, 'send');
    const dispose = registerIpc(local, core, (url) => isAppUrl(url, appOrigin), { windows: () => [target] });
    expect(local.handlers.has(IPC_CHANNELS.invoke)).toBe(true);
    dispose();
    expect(local.handlers.size).toBe(0);
    core.events.emit('data.changed', { topics: ['catalog'] });
    expect(send).not.toHaveBeenCalled();
  });
});
