// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GateResult, Identity, WriteBackResult } from '@shared/domain/governance';
import { QuorumCallError } from '../../platform/call';
import { WriteBackAction } from './WriteBackAction';

/** A stand-in for the core: the connection's write-back setting, the policy, the version, and the write-back itself. */
const core = vi.hoisted(() => ({
  writeBack: true,
  kind: 'mlflow',
  failWriteBack: null as string | null,
  calls: [] as { operation: string; input: unknown }[],
}));

const REQUEST = 'a'.repeat(64);
const POLICY = 'b'.repeat(64);
const EVIDENCE = 'c'.repeat(64);

vi.mock('../../platform/api', () => ({
  call: async (operation: string, input: unknown) => {
    core.calls.push({ operation, input });
    switch (operation) {
      case 'connections.get':
        return { name: 'northwind', kind: core.kind, url: 'http://mlflow.example', settings: { writeBack: core.writeBack } };
      case 'governance.policy.get':
        return { policy: { governs: { production: { aliases: ['champion', 'production'], registryStages: ['Production'] } } } };
      case 'versions.get':
        return { model: { aliases: [{ alias: 'champion', version: 3 }] } };
      case 'governance.gate.writeBack': {
        if (core.failWriteBack) throw new QuorumCallError('governance.gate.writeBack', { code: 'backend', message: core.failWriteBack });
        const result: WriteBackResult = {
          gate: { ...gate('pass'), recordedEventId: 'd'.repeat(64) },
          eventId: 'e'.repeat(64),
          subject: gate('pass').subject,
          alias: 'champion',
          previousVersion: 3,
          tags: [{ key: 'quorum.approval.production', value: 'approved' }],
        };
        return result;
      }
      case 'sync.start':
        return { jobId: 'job-1', results: [] };
      default:
        throw new Error(`unexpected ${operation}`);
    }
  },
}));

function gate(status: GateResult['status']): GateResult {
  const signoff = (role: string, name: string) => ({
    role,
    required: 1,
    valid:
      status === 'pass'
        ? [
            {
              eventId: `${role}-1`,
              person: name,
              name,
              role,
              decision: 'approved' as const,
              at: 1,
              comment: '',
              conditions: [],
              invalidReason: null,
            },
          ]
        : [],
    invalid: [],
    rejected: [],
    missing: status === 'pass' ? 0 : 1,
  });
  return {
    subject: { connection: 'northwind', model: 'fraud-detector', version: 4, stage: 'production' },
    status,
    governed: true,
    tier: 'high',
    tierSource: 'policy-default',
    policyHash: POLICY,
    evidenceHash: EVIDENCE,
    artifact: { source: 'models:/fraud-detector/4', runId: 'run-4' },
    request: { id: REQUEST, requestedBy: 'carol', requestedByName: 'Carol Diaz', at: 1, note: '' },
    authors: ['carol.diaz'],
    signoffs: [signoff('ml-engineering', 'Bob Okafor'), signoff('ops', 'Olu Ops')],
    checks: [],
    reasons: status === 'pass' ? [] : ['1 ops sign-off missing (0 of 1).'],
    notes: [],
    evaluatedAt: 1,
    recordedEventId: null,
  };
}

const olu: Identity = {
  publicKey: 'o'.repeat(43),
  fingerprint: 'ab12 cd34',
  name: 'Olu Ops',
  email: 'olu@northwind.example',
  handles: [],
  roles: ['ops'],
  createdAt: 1,
  local: true,
  active: true,
  protected: false,
};

function renderAction(result: GateResult, released = false) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <WriteBackAction gate={result} signer={olu} released={released} />
    </QueryClientProvider>,
  );
}

beforeAll(() => {
  // jsdom has no modal dialogs; open/close is all the SignDialog needs of them.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.open = false;
  };
});
beforeEach(() => {
  core.writeBack = true;
  core.kind = 'mlflow';
  core.failWriteBack = null;
  core.calls = [];
});
afterEach(cleanup);

describe('Sign-off › write the release back to the registry', () => {
  it('confirms the alias move, the tags and the signer, then says what was written and syncs', async () => {
    renderAction(gate('pass'));
    fireEvent.click(await screen.findByRole('button', { name: 'Write release back to northwind…' }));
    const dialog = screen.getByRole('dialog', { name: 'Write the release of fraud-detector@4 back to northwind' });
    const signed = within(dialog).getByRole('region', { name: 'What will be signed' });
    expect(signed.textContent).toContain('@champion: v3 → v4');
    expect(signed.textContent).toContain('quorum.approval.production = approved');
    expect(signed.textContent).toContain(`quorum.approval.production.request = ${REQUEST}`);
    expect(signed.textContent).toContain('quorum.approval.production.signoffs = ml-engineering: Bob Okafor; ops: Olu Ops');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Write back and sign as Olu Ops' }));

    const done = await screen.findByRole('status');
    expect(done.textContent).toContain('@champion now points at v4 (was v3)');
    expect(done.textContent).toContain('eeeeeeeeeeee');
    expect(core.calls.find((c) => c.operation === 'governance.gate.writeBack')?.input).toEqual({
      connection: 'northwind',
      model: 'fraud-detector',
      version: 4,
      stage: 'production',
    });
    await waitFor(() => expect(core.calls.some((c) => c.operation === 'sync.start')).toBe(true));
    expect(core.calls.find((c) => c.operation === 'sync.start')?.input).toEqual({ connection: 'northwind', wait: true });
  });

  it('is not offered while the gate is blocked', async () => {
    renderAction(gate('blocked'));
    await waitFor(() => expect(core.calls.some((c) => c.operation === 'connections.get')).toBe(true));
    expect(screen.queryByRole('button', { name: /Write release back/ })).toBeNull();
  });

  it('is not offered while the connection has write-back off, and says how to turn it on', async () => {
    core.writeBack = false;
    renderAction(gate('pass'));
    expect(await screen.findByText(/Write-back is off for northwind/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Write release back/ })).toBeNull();
  });

  it('is not offered again once released and the alias already points here', async () => {
    renderAction({ ...gate('pass'), subject: { ...gate('pass').subject, version: 3 } }, true);
    await waitFor(() => expect(core.calls.some((c) => c.operation === 'versions.get')).toBe(true));
    expect(screen.queryByRole('button', { name: /Write release back/ })).toBeNull();
  });

  it('keeps the dialog open with the registry’s error when it fails', async () => {
    core.failWriteBack = 'MLflow answered 500 Internal Server Error.';
    renderAction(gate('pass'));
    fireEvent.click(await screen.findByRole('button', { name: 'Write release back to northwind…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Write back and sign as Olu Ops' }));
    expect((await screen.findByRole('alert')).textContent).toContain('MLflow answered 500 Internal Server Error.');
    expect(screen.queryByRole('status')).toBeNull();
    expect(core.calls.some((c) => c.operation === 'sync.start')).toBe(false);
  });
});

describe('Sign-off › write-back on a connection that cannot be written', () => {
  it('offers nothing on the demo’s recorded registry', async () => {
    core.kind = 'recording';
    renderAction(gate('pass'));
    await waitFor(() => expect(core.calls.some((c) => c.operation === 'connections.get')).toBe(true));
    expect(screen.queryByRole('button', { name: /Write release back/ })).toBeNull();
    expect(screen.queryByText(/Write-back is off/)).toBeNull();
  });
});
