import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LineageReceiverStatus } from '@shared/contract/lineage.contract';
import { CommandContext } from '../../electron/cli/context';
import { startServeReceiver } from '../../electron/cli/commands/lineage';
import { CliFailure } from '../../electron/cli/io';
import { runCli } from '../../electron/cli/program';
import { RECEIVER_KEY_SECRET } from '../../electron/core/lineage/receiver/settings';
import { captureIo } from '../helpers/cli';
import { olEvent, testCore, type TestCore } from './helpers';

/**
 * The receiver as a workspace setting: configured through the same operations as Settings ›
 * Lineage receiver, hosted by Core.startBackgroundWork() (the desktop app and `quorum serve`),
 * fed over real HTTP with the Bearer key the OpenLineage clients send.
 */

const FIXTURE = 'fluentd_event_simple.json';

async function postEvent(url: string, key: string, body: unknown = olEvent(FIXTURE)): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/api/v1/lineage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Waits until the background start (fire-and-forget in startBackgroundWork) has settled. */
async function settled(t: TestCore): Promise<LineageReceiverStatus> {
  for (let i = 0; i < 200; i++) {
    const status = await t.call('lineage.receiver.status', {});
    if (status.state !== 'starting') return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the receiver never finished starting');
}

/** A port something else holds, for "port in use". */
async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

async function freePort(): Promise<number> {
  const { port, server } = await occupyPort();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every file of the workspace except the secrets file, as one byte string. */
function workspaceBytes(dataDir: string): Buffer {
  const chunks: Buffer[] = [];
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    if (name.startsWith('secrets') || !statSync(path).isFile()) continue;
    chunks.push(readFileSync(path));
  }
  return Buffer.concat(chunks);
}

describe('the lineage receiver as a workspace setting', () => {
  let t: TestCore;
  let blockers: Server[] = [];
  beforeEach(() => {
    t = testCore();
    blockers = [];
  });
  afterEach(async () => {
    t.close();
    for (const server of blockers) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is off by default, on loopback, with a documented default port and no key', async () => {
    const status = await t.call('lineage.receiver.status', {});
    expect(status.settings).toEqual({ enabled: false, host: '127.0.0.1', port: 5099, allowNonLoopback: false });
    expect(status.state).toBe('disabled');
    expect(status.key.present).toBe(false);
    expect(status.url).toBeNull();
  });

  it('enabled through dispatch, runs with the background work and stores a real event sent with its key', async () => {
    const enabled = await t.call('lineage.receiver.configure', { enabled: true, port: 0 });
    // The key is shown once, here; a one-shot core (the CLI) hosts nothing.
    expect(enabled.apiKey).toMatch(/^qlk_[A-Za-z0-9_-]{32}$/);
    expect(enabled.status.state).toBe('not-hosted');
    const apiKey = enabled.apiKey as string;
    expect(enabled.status.key).toMatchObject({ present: true, source: 'workspace', hint: `${apiKey.slice(0, 4)}…${apiKey.slice(-4)}` });

    t.core.startBackgroundWork();
    const status = await settled(t);
    expect(status.state).toBe('listening');
    expect(status.host).toBe('127.0.0.1');
    expect(status.url).toBe(`http://127.0.0.1:${status.port}`);
    expect(status.endpoint).toBe(`${status.url}/api/v1/lineage`);

    const answer = await postEvent(status.url as string, apiKey);
    expect(answer.status).toBe(201);
    const graph = await t.call('lineage.graph', { node: 'job:my-scheduler-namespace:myjob', depth: 2 });
    expect(graph.nodes.map((n) => n.ref)).toContain('dataset:my-datasource-namespace:instance.schema.output-1');

    const wrong = await postEvent(status.url as string, 'qlk_not-the-key-0123456789abcdef');
    expect(wrong.status).toBe(401);
    const rejected = await postEvent(status.url as string, apiKey, olEvent('invalid_fluentd_event_no_run_id.json'));
    expect(rejected.status).toBe(400);

    const after = await t.call('lineage.receiver.status', {});
    expect(after.counts).toEqual({ requests: 3, accepted: 1, duplicates: 0, rejected: 1, unauthorized: 1, busy: 0 });
    expect(after.lastEventAt).not.toBeNull();
    // Status never carries the key.
    expect(JSON.stringify(after)).not.toContain(apiKey);
  });

  it('restarts on the new port when configured while running, keeping its counts', async () => {
    const { apiKey } = await t.call('lineage.receiver.configure', { enabled: true, port: 0 });
    t.core.startBackgroundWork();
    const first = await settled(t);
    expect((await postEvent(first.url as string, apiKey as string)).status).toBe(201);

    const port = await freePort();
    const moved = await t.call('lineage.receiver.configure', { port });
    expect(moved.apiKey).toBeNull();
    expect(moved.status).toMatchObject({ state: 'listening', port, url: `http://127.0.0.1:${port}` });
    await expect(fetch(`${first.url as string}/api/v1/lineage`, { method: 'POST' })).rejects.toThrow();
    expect((await postEvent(moved.status.url as string, apiKey as string)).status).toBe(201);
    expect(moved.status.counts.accepted).toBe(1);
    expect((await t.call('lineage.receiver.status', {})).counts).toMatchObject({ accepted: 1, duplicates: 1 });

    const off = await t.call('lineage.receiver.configure', { enabled: false });
    expect(off.status.state).toBe('disabled');
    await expect(fetch(`${moved.status.url as string}/api/v1/lineage`, { method: 'POST' })).rejects.toThrow();
  });

  it('reports a port in use as a clear status error naming the port, and the workspace keeps working', async () => {
    const { port, server } = await occupyPort();
    blockers.push(server);
    await t.call('lineage.receiver.configure', { enabled: true, port });
    t.core.startBackgroundWork();
    const status = await settled(t);
    expect(status.state).toBe('failed');
    expect(status.lastError).toContain(`port ${port}`);
    expect(status.lastError).toContain('another program is already using that port');
    expect(status.lastError).toContain('Everything else in Quorum keeps working');
    expect(status.lastErrorAt).not.toBeNull();
    // Other operations are unaffected.
    expect((await t.call('lineage.summary', {})).events).toBe(0);

    const free = await freePort();
    const fixed = await t.call('lineage.receiver.configure', { port: free });
    expect(fixed.status).toMatchObject({ state: 'listening', port: free, lastError: null });
  });

  it('rotating the key refuses the old one at once, on the same port', async () => {
    const { apiKey: oldKey } = await t.call('lineage.receiver.configure', { enabled: true, port: 0 });
    t.core.startBackgroundWork();
    const before = await settled(t);
    const rotated = await t.call('lineage.receiver.rotateKey', {});
    expect(rotated.apiKey).not.toBe(oldKey);
    expect(rotated.status.port).toBe(before.port);
    expect((await postEvent(before.url as string, oldKey as string)).status).toBe(401);
    expect((await postEvent(before.url as string, rotated.apiKey)).status).toBe(201);
    expect(await t.core.services.secrets.get(RECEIVER_KEY_SECRET)).toBe(rotated.apiKey);
  });

  it('keeps the key in the SecretStore and never in the SQLite files', async () => {
    const { apiKey } = await t.call('lineage.receiver.configure', { enabled: true, port: 0 });
    const { apiKey: rotated } = await t.call('lineage.receiver.rotateKey', {});
    const dataDir = t.core.store.dataDir;
    const secretsFile = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    expect(secretsFile).toContain(rotated);
    t.core.close();
    const bytes = workspaceBytes(dataDir);
    expect(bytes.length).toBeGreaterThan(0);
    for (const key of [apiKey as string, rotated]) {
      expect(bytes.includes(Buffer.from(key))).toBe(false);
      // Nor a recognisable part of it.
      expect(bytes.includes(Buffer.from(key.slice(4, 20)))).toBe(false);
    }
  });

  it('refuses a non-loopback host unless it is explicitly allowed, and says why', async () => {
    const error = await t.fail('lineage.receiver.configure', { enabled: true, host: '0.0.0.0' });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('Refusing to receive lineage on 0.0.0.0');
    expect(error.message).toContain('plain HTTP');
    expect((await t.call('lineage.receiver.status', {})).settings.enabled).toBe(false);

    const allowed = await t.call('lineage.receiver.configure', { enabled: true, host: '0.0.0.0', allowNonLoopback: true });
    expect(allowed.status.settings).toMatchObject({ host: '0.0.0.0', allowNonLoopback: true, enabled: true });
    for (const host of ['localhost', '::1', '[::1]', '127.0.0.2']) {
      const loopback = await t.call('lineage.receiver.configure', { host, allowNonLoopback: false });
      expect(loopback.status.settings.host).toBe(host.replace(/^\[|\]$/g, ''));
    }
    expect((await t.fail('lineage.receiver.configure', { host: 'http://example.com:80' })).code).toBe('invalid_input');
  });

  it('in the desktop app, a missing key is a status error until a new key is made', async () => {
    await t.call('lineage.receiver.configure', { enabled: true, port: 0 });
    await t.core.services.secrets.delete(RECEIVER_KEY_SECRET);
    t.core.startBackgroundWork();
    const status = await settled(t);
    expect(status.state).toBe('failed');
    expect(status.lastError).toContain('no API key');
    const { status: after, apiKey } = await t.call('lineage.receiver.rotateKey', {});
    expect(after.state).toBe('listening');
    expect((await postEvent(after.url as string, apiKey)).status).toBe(201);
  });

  it('closing the core right after starting the background work leaves no server and no error behind', async () => {
    const port = await freePort();
    await t.call('lineage.receiver.configure', { enabled: true, port });
    t.core.startBackgroundWork();
    t.core.close();
    const { status } = await t.core.lineageReceiver.start();
    expect(status.state).not.toBe('listening');
    // The port is free again (or was never taken): something else can listen on it.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  it('stops with the core: close() frees the port', async () => {
    await t.call('lineage.receiver.configure', { enabled: true, port: 0 });
    t.core.startBackgroundWork();
    const status = await settled(t);
    t.core.close();
    await expect(fetch(`${status.url as string}/api/v1/lineage`, { method: 'POST' })).rejects.toThrow();
  });
});

describe('quorum serve and the receiver setting', () => {
  let t: TestCore;
  let blockers: Server[] = [];
  beforeEach(() => {
    t = testCore();
    blockers = [];
  });
  afterEach(async () => {
    await t.core.lineageReceiver.stop();
    t.close();
    for (const server of blockers) await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const context = (env: Record<string, string> = {}) => {
    const captured = captureIo();
    const io = { ...captured.io, env };
    return { context: new CommandContext(io, {}), stderr: captured.stderr };
  };

  it('runs nothing when the setting is off and no --lineage-port is given', async () => {
    const { context: ctx, stderr } = context();
    const status = await startServeReceiver(ctx, t.core, '127.0.0.1', undefined);
    expect(status.state).toBe('disabled');
    expect(stderr()).toBe('');
  });

  it('honours the workspace setting and its stored key', async () => {
    const { apiKey } = await t.call('lineage.receiver.configure', { enabled: true, port: 0 });
    const { context: ctx, stderr } = context();
    const status = await startServeReceiver(ctx, t.core, '127.0.0.1', undefined);
    expect(status).toMatchObject({ state: 'listening', source: 'settings' });
    expect(stderr()).toContain(`OPENLINEAGE_URL=${status.url as string}`);
    expect(stderr()).not.toContain(apiKey as string);
    expect((await postEvent(status.url as string, apiKey as string)).status).toBe(201);
    // startBackgroundWork() afterwards finds it started and leaves it be.
    t.core.startBackgroundWork();
    expect((await t.core.lineageReceiver.start()).status.port).toBe(status.port);
  });

  it('--lineage-port overrides the setting; a key is made, stored and printed once when there is none', async () => {
    const port = await freePort();
    const { context: ctx, stderr } = context();
    const status = await startServeReceiver(ctx, t.core, '127.0.0.1', String(port));
    expect(status).toMatchObject({ state: 'listening', source: 'serve-override', port });
    const stored = await t.core.services.secrets.get(RECEIVER_KEY_SECRET);
    expect(stored).not.toBeNull();
    expect(stderr()).toContain(`OPENLINEAGE_API_KEY=${stored as string}`);
    expect((await postEvent(status.url as string, stored as string)).status).toBe(201);
  });

  it('uses QUORUM_LINEAGE_API_KEY instead of the workspace key', async () => {
    const envKey = 'env-key-0123456789abcdef';
    const { context: ctx, stderr } = context({ QUORUM_LINEAGE_API_KEY: envKey });
    const status = await startServeReceiver(ctx, t.core, '127.0.0.1', '0');
    expect(status.key.source).toBe('environment');
    expect(stderr()).toContain('QUORUM_LINEAGE_API_KEY');
    expect((await postEvent(status.url as string, envKey)).status).toBe(201);
  });

  it('warns and keeps serving when the setting asks for a busy port, but fails on a busy --lineage-port', async () => {
    const { port, server } = await occupyPort();
    blockers.push(server);
    await t.call('lineage.receiver.configure', { enabled: true, port });
    const { context: ctx, stderr } = context();
    const status = await startServeReceiver(ctx, t.core, '127.0.0.1', undefined);
    expect(status.state).toBe('failed');
    expect(stderr()).toContain(`Warning: The lineage receiver cannot listen on port ${port}`);

    const other = testCore();
    try {
      const { context: ctx2 } = context();
      const failure = await startServeReceiver(ctx2, other.core, '127.0.0.1', String(port)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CliFailure);
      expect((failure as CliFailure).message).toContain(`port ${port}`);
    } finally {
      await other.core.lineageReceiver.stop();
      other.close();
    }
  });
});

describe('quorum lineage receiver (CLI)', () => {
  let t: TestCore;
  beforeEach(() => {
    t = testCore();
    // The CLI opens the workspace itself; this core only gave us a data directory.
    t.core.close();
  });
  afterEach(() => t.close());
  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--data-dir', join(t.dir, 'data'), ...args], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      env: {},
    });
    return { code, stdout, stderr };
  };

  it('enables, shows the key once, rotates, and refuses a public host without the flag', async () => {
    const off = await cli('lineage', 'receiver');
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('Receiver   disabled on 127.0.0.1:5099');

    const on = await cli('lineage', 'receiver', '--enable', '--port', '5123');
    expect(on.code).toBe(0);
    const key = /OPENLINEAGE_API_KEY=(qlk_\S+)/.exec(on.stdout)?.[1];
    expect(key).toBeDefined();
    expect(on.stdout).toContain('OPENLINEAGE_URL=http://127.0.0.1:5123');
    expect(on.stdout).toContain('changes apply when they next start');

    const again = await cli('--json', 'lineage', 'receiver');
    const status = JSON.parse(again.stdout) as LineageReceiverStatus & { apiKey?: string };
    expect(status.settings).toMatchObject({ enabled: true, port: 5123 });
    expect(status.apiKey).toBeUndefined();
    expect(again.stdout).not.toContain(key as string);

    const rotated = await cli('--json', 'lineage', 'receiver', '--rotate-key');
    const next = (JSON.parse(rotated.stdout) as { apiKey: string }).apiKey;
    expect(next).toMatch(/^qlk_/);
    expect(next).not.toBe(key);

    const open = await cli('lineage', 'receiver', '--host', '0.0.0.0');
    expect(open.code).not.toBe(0);
    expect(open.stderr).toContain('plain HTTP');
    expect((await cli('lineage', 'receiver', '--host', '0.0.0.0', '--allow-non-loopback')).code).toBe(0);
  });
});
