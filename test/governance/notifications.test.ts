import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobProgress, OperationInput, OperationName, QuorumNotification } from '@shared/contract';
import { createCore, type Core } from '../../electron/core/create-core';
import {
  approvalWaitingNotification,
  AUDIT_ROUTE,
  findingRaisedNotification,
  signOffRoute,
} from '../../electron/core/notifications/governance-messages';
import { createGovernanceWatcher, type GovernanceWatcher } from '../../electron/core/notifications/governance-watcher';
import { versionPath } from '../../renderer/src/app/routes';
import { isKnownRoute } from '../../electron/main/notification-policy';
import { cli, CONNECTION, fourPeople, fraudSnapshot, ingest, openCore, tempDir } from './helpers';

/**
 * The governance notifier on a real core: four people in one data directory (helpers.ts),
 * one host core whose active identity is the person at the machine, and everyone else acting
 * through the same dispatch (as the desktop app would) or through the CLI (another process
 * writing the same workspace, like a team-sync pull).
 */

interface Host {
  core: Core;
  watcher: GovernanceWatcher;
  notes: QuorumNotification[];
  close(): void;
}

function host(dir: string): Host {
  const core = openCore(dir);
  // A short debounce keeps the tests quick; idle() waits for it rather than a sleep.
  const watcher = createGovernanceWatcher({ dispatch: core.dispatch, events: core.events, debounceMs: 5 });
  const notes: QuorumNotification[] = [];
  core.events.onAny((event, payload) => {
    if (event === 'notification') notes.push(payload as QuorumNotification);
  });
  return {
    core,
    watcher,
    notes,
    close: () => {
      watcher.stop();
      core.close();
    },
  };
}

async function ok<K extends OperationName>(core: Core, operation: K, input: OperationInput<K>): Promise<unknown> {
  const envelope = await core.dispatch(operation, input);
  if (!envelope.ok) throw new Error(`${operation}: ${envelope.error.message}`);
  return envelope.data;
}

describe('governance notifications: release requests', () => {
  const { dir, cleanup } = tempDir('notify-requests');
  let olu: Host;

  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), Date.now() - 60_000);
    await fourPeople(dir);
    // An older request that waits for ops: there before Olu's app starts.
    const before = await cli(dir, ['--identity', 'Carol Diaz', 'request', 'fraud-detector@2', '--stage', 'production']);
    expect(before.code, before.stderr).toBe(0);
    olu = host(dir);
    await ok(olu.core, 'governance.identities.activate', { identity: 'Olu Ops' });
    olu.watcher.start();
    await olu.watcher.idle();
  });
  afterAll(() => {
    olu.close();
    cleanup();
  });

  it('does not announce what was already waiting when it started', () => {
    expect(olu.notes).toEqual([]);
  });

  it('announces a request by the data scientist that needs the ops sign-off, once', async () => {
    await ok(olu.core, 'governance.requests.create', {
      actor: 'Carol Diaz',
      model: 'fraud-detector',
      version: 4,
      stage: 'production',
      note: 'Graph features; +0.6pt AUC',
    });
    await olu.watcher.idle();
    expect(olu.notes).toHaveLength(1);
    const [note] = olu.notes;
    expect(note).toMatchObject({
      kind: 'approval.waiting',
      severity: 'info',
      title: 'Release requested: fraud-detector v4 → production',
      body: 'needs your sign-off as ops; requested by Carol Diaz: “Graph features; +0.6pt AUC”',
      route: versionPath(CONNECTION, 'fraud-detector', 4, 'sign-off'),
    });
    expect(note?.id).toMatch(/^approval\.waiting:[0-9a-f]{64}$/);
  });

  it('does not repeat on another data.changed, nor when the request leaves the inbox and comes back', async () => {
    olu.core.events.emit('data.changed', { topics: ['governance'] });
    await olu.watcher.idle();
    await ok(olu.core, 'governance.signoff.approve', { actor: 'Olu Ops', model: 'fraud-detector', version: 4, role: 'ops' });
    await olu.watcher.idle();
    await ok(olu.core, 'governance.signoff.withdraw', { actor: 'Olu Ops', model: 'fraud-detector', version: 4, role: 'ops' });
    await olu.watcher.idle();
    const inbox = (await ok(olu.core, 'governance.requests.inbox', { box: 'waiting-for-me' })) as { total: number };
    expect(inbox.total).toBe(2);
    expect(olu.notes).toHaveLength(1);
  });

  it('announces a request written by another process once a data.changed says so (a team-sync pull)', async () => {
    const run = await cli(dir, ['--identity', 'Carol Diaz', 'request', 'fraud-detector@3', '--stage', 'production']);
    expect(run.code, run.stderr).toBe(0);
    // Nothing told this host yet: the CLI's core has its own event bus.
    await olu.watcher.idle();
    expect(olu.notes).toHaveLength(1);
    olu.core.events.emit('data.changed', { topics: ['governance', 'team'] });
    await olu.watcher.idle();
    expect(olu.notes.map((n) => n.title)).toEqual([
      'Release requested: fraud-detector v4 → production',
      'Release requested: fraud-detector v3 → production',
    ]);
  });

  it('ignores changes in topics that cannot add a request', async () => {
    const run = await cli(dir, ['--identity', 'Carol Diaz', 'request', 'fraud-detector@1', '--stage', 'production']);
    expect(run.code, run.stderr).toBe(0);
    olu.core.events.emit('data.changed', { topics: ['drift', 'lineage', 'reports'] });
    await olu.watcher.idle();
    expect(olu.notes).toHaveLength(2);
  });

  it('starts again from what is there when the active identity changes', async () => {
    // Bob (ml-engineering) has every open request waiting for him: none is announced on the switch.
    await ok(olu.core, 'governance.identities.activate', { identity: 'Bob Okafor' });
    await olu.watcher.idle();
    expect(olu.notes).toHaveLength(2);
    // fraud-detector@1 was never announced to anyone here; it is part of Bob's baseline now.
    olu.core.events.emit('data.changed', { topics: ['governance'] });
    await olu.watcher.idle();
    expect(olu.notes).toHaveLength(2);
  });
});

describe('governance notifications: bulk loads', () => {
  const { dir, cleanup } = tempDir('notify-bulk');
  let olu: Host;

  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), Date.now() - 60_000);
    await fourPeople(dir);
    olu = host(dir);
    await ok(olu.core, 'governance.identities.activate', { identity: 'Olu Ops' });
    olu.watcher.start();
    await olu.watcher.idle();
  });
  afterAll(() => {
    olu.close();
    cleanup();
  });

  const job = (state: 'running' | 'done') =>
    olu.core.events.emit('job.progress', {
      jobId: 'demo-governance-1',
      kind: 'demo-load',
      label: 'Signing the demo governance story',
      done: state === 'done' ? 2 : 1,
      total: 2,
      state,
      message: null,
    });

  it('takes what the demo’s story writes into the baseline, and announces what comes after', async () => {
    job('running');
    await ok(olu.core, 'governance.requests.create', { actor: 'Carol Diaz', model: 'fraud-detector', version: 4 });
    await olu.watcher.idle();
    await ok(olu.core, 'governance.requests.create', { actor: 'Carol Diaz', model: 'fraud-detector', version: 3 });
    job('done');
    await olu.watcher.idle();
    expect(olu.notes).toEqual([]);
    await ok(olu.core, 'governance.requests.create', { actor: 'Carol Diaz', model: 'fraud-detector', version: 2 });
    await olu.watcher.idle();
    expect(olu.notes.map((n) => n.title)).toEqual(['Release requested: fraud-detector v2 → production']);
  });
});

describe('governance notifications: the demo workspace', () => {
  const { dir, cleanup } = tempDir('notify-demo');
  afterEach(cleanup);

  it('announces nothing of the story it signs in the background after launch', async () => {
    const core = createCore({ dataDir: dir, workspaceKind: 'demo', validateOutput: true });
    const notes: QuorumNotification[] = [];
    let signed = false;
    core.events.onAny((event, payload) => {
      if (event === 'notification') notes.push(payload as QuorumNotification);
      const job = payload as JobProgress;
      if (event === 'job.progress' && job.label.startsWith('Signing the demo governance story') && job.state === 'done') signed = true;
    });
    try {
      core.startBackgroundWork();
      await vi.waitFor(() => expect(signed).toBe(true), { timeout: 60_000, interval: 100 });
      // Past the debounce, so the check that follows the story's last data.changed has run.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const waiting = (await ok(core, 'governance.requests.inbox', { box: 'open' })) as { total: number };
      expect(waiting.total).toBeGreaterThan(0);
      // A fresh demo is history: neither governance nor drift announces any of it.
      expect(notes).toEqual([]);
    } finally {
      core.close();
    }
  }, 90_000);
});

describe('governance notifications: findings', () => {
  const { dir, cleanup } = tempDir('notify-findings');
  let ada: Host;

  beforeAll(async () => {
    // The first look at the model already finds @champion on v3 (a low-severity baseline finding).
    ingest(dir, fraudSnapshot(), Date.now() - 2 * 60 * 60 * 1000);
    await fourPeople(dir);
    ada = host(dir);
    ada.watcher.start();
    await ada.watcher.idle();
  });
  afterAll(() => {
    ada.close();
    cleanup();
  });

  it('does not announce findings that were open before it started', async () => {
    const findings = (await ok(ada.core, 'governance.findings.list', {})) as { state: string }[];
    expect(findings.filter((f) => f.state === 'open').length).toBeGreaterThan(0);
    expect(ada.notes).toEqual([]);
  });

  it('announces a promotion outside Quorum seen by a registry sync (catalog topic)', async () => {
    ingest(
      dir,
      fraudSnapshot([
        { alias: 'champion', version: '2' },
        { alias: 'challenger', version: '4' },
      ]),
      Date.now() - 60 * 60 * 1000,
    );
    ada.core.events.emit('data.changed', { topics: ['catalog', 'connections'] });
    await ada.watcher.idle();
    expect(ada.notes).toHaveLength(1);
    expect(ada.notes[0]).toMatchObject({
      kind: 'finding.raised',
      severity: 'critical',
      title: 'Promotion outside Quorum: fraud-detector v2 → production',
      route: AUDIT_ROUTE,
    });
    expect(ada.notes[0]?.body).toMatch(/@champion moved to v2 \(from 3\) outside Quorum/);
    expect(ada.notes[0]?.id).toMatch(/^finding\.raised:[0-9a-f]{64}$/);
  });

  it('does not announce a finding the person may not see', async () => {
    const carol = host(dir);
    try {
      await ok(carol.core, 'governance.identities.activate', { identity: 'Carol Diaz' });
      carol.watcher.start();
      await carol.watcher.idle();
      ingest(dir, fraudSnapshot([{ alias: 'champion', version: '1' }]), Date.now() - 30 * 60 * 1000);
      carol.core.events.emit('data.changed', { topics: ['catalog'] });
      await carol.watcher.idle();
      expect(carol.notes).toEqual([]);
    } finally {
      carol.close();
    }
  });
});

describe('governance notifications: no identity', () => {
  const { dir, cleanup } = tempDir('notify-nobody');
  let app: Host;

  beforeAll(() => {
    ingest(dir, fraudSnapshot(), Date.now() - 60_000);
    app = host(dir);
    app.watcher.start();
  });
  afterAll(() => {
    app.close();
    cleanup();
  });

  it('emits nothing while nobody is the active identity, and the first identity starts from a baseline', async () => {
    await app.watcher.idle();
    ingest(dir, fraudSnapshot([{ alias: 'champion', version: '2' }]), Date.now() - 30_000);
    app.core.events.emit('data.changed', { topics: ['catalog'] });
    await app.watcher.idle();
    expect(app.notes).toEqual([]);
    // The first identity becomes the admin, who sees findings: what is already open is not news.
    await ok(app.core, 'governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
    await app.watcher.idle();
    const findings = (await ok(app.core, 'governance.findings.list', {})) as unknown[];
    expect(findings.length).toBeGreaterThan(0);
    expect(app.notes).toEqual([]);
  });
});

describe('governance notifications: in a long-running host', () => {
  const { dir, cleanup } = tempDir('notify-host');
  afterEach(cleanup);

  it('start with the core’s background work and stop when it closes', async () => {
    ingest(dir, fraudSnapshot(), Date.now() - 60_000);
    await fourPeople(dir);
    const core = openCore(dir);
    const notes: QuorumNotification[] = [];
    core.events.onAny((event, payload) => {
      if (event === 'notification') notes.push(payload as QuorumNotification);
    });
    try {
      await ok(core, 'governance.identities.activate', { identity: 'Olu Ops' });
      core.startBackgroundWork();
      // Let the baseline read finish before the request, as a launch would.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await ok(core, 'governance.requests.create', { actor: 'Carol Diaz', model: 'fraud-detector', version: 4 });
      await vi.waitFor(() => expect(notes.map((n) => n.kind)).toEqual(['approval.waiting']), { timeout: 5000 });
    } finally {
      core.close();
    }
  });
});

describe('governance notification wording', () => {
  const request = {
    id: 'a'.repeat(64),
    connection: 'northwind/eu',
    model: 'credit-risk',
    version: 7,
    stage: 'production',
    note: '',
    requestedBy: 'k'.repeat(43),
    requestedByName: 'Ana',
    at: 0,
    status: 'open' as const,
    tier: 'high' as const,
    missingRoles: ['ml-engineering', 'ops', 'compliance'],
    approvals: 0,
    rejections: 0,
  };

  it('says what is asked, of which role, by whom, and links the Sign-off tab the renderer knows', () => {
    const note = approvalWaitingNotification(request, { roles: ['ops'] });
    expect(note.title).toBe('Release requested: credit-risk v7 → production');
    expect(note.body).toBe('needs your sign-off as ops; requested by Ana');
    expect(note.route).toBe(versionPath('northwind/eu', 'credit-risk', 7, 'sign-off'));
    expect(note.route).toBe(signOffRoute('northwind/eu', 'credit-risk', 7));
    expect(isKnownRoute(note.route)).toBe(true);
  });

  it('names every role of mine still missing, shortens a long note, and sends other stages to the inbox', () => {
    const note = approvalWaitingNotification(
      { ...request, stage: 'staging', note: `Line one\n${'x'.repeat(300)}` },
      { roles: ['ops', 'compliance', 'admin'] },
    );
    expect(note.body).toMatch(/^needs your sign-off as ops or compliance; requested by Ana: “Line one x+…”$/);
    expect(note.body.length).toBeLessThan(200);
    expect(note.route).toBe('/approvals');
    expect(isKnownRoute(note.route)).toBe(true);
  });

  it('maps a finding’s severity and links the Audit section', () => {
    const finding = {
      id: 'f'.repeat(64),
      severity: 'medium' as const,
      kind: 'promotion-outside-quorum' as const,
      connection: 'northwind',
      model: 'churn',
      version: 3,
      stage: 'production',
      subject: 'champion',
      from: '2',
      to: '3',
      observedAt: 0,
      message: 'churn @champion moved to v3 (from 2) outside Quorum: no approval for production.',
      visibleTo: ['ops'],
      state: 'open' as const,
      history: [],
    };
    expect(findingRaisedNotification(finding)).toEqual({
      id: `finding.raised:${'f'.repeat(64)}`,
      kind: 'finding.raised',
      severity: 'warning',
      title: 'Promotion outside Quorum: churn v3 → production',
      body: finding.message,
      route: '/audit',
    });
    expect(isKnownRoute(AUDIT_ROUTE)).toBe(true);
  });
});
