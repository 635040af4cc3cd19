// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LineageReceiverSettings as Settings, LineageReceiverStatus } from '@shared/contract/lineage.contract';
import { QuorumCallError } from '../../platform/call';
import { LineageReceiverSettings } from './LineageReceiverSettings';

/** A stand-in for the core's three receiver operations, with the behaviour the UI relies on. */
const core = vi.hoisted(() => ({
  status: null as unknown as LineageReceiverStatus,
  nextKey: 'qlk_FIRSTKEY0123456789abcdefghijklmnopq',
  failNextConfigure: null as string | null,
  calls: [] as { operation: string; input: unknown }[],
}));

vi.mock('../../platform/api', () => ({
  call: async (operation: string, input: unknown) => {
    core.calls.push({ operation, input });
    if (operation === 'lineage.receiver.status') return structuredClone(core.status);
    if (operation === 'lineage.receiver.configure') {
      if (core.failNextConfigure) {
        const message = core.failNextConfigure;
        core.failNextConfigure = null;
        throw new QuorumCallError('lineage.receiver.configure', { code: 'invalid_input', message });
      }
      const settings = { ...core.status.settings, ...(input as Partial<Settings>) };
      const makesKey = settings.enabled && !core.status.key.present;
      core.status = {
        ...core.status,
        settings,
        state: settings.enabled ? 'listening' : 'disabled',
        url: settings.enabled ? `http://${settings.host}:${settings.port}` : null,
        key: makesKey ? { ...core.status.key, present: true, hint: 'qlk_…nopq' } : core.status.key,
      };
      return { status: structuredClone(core.status), apiKey: makesKey ? core.nextKey : null };
    }
    if (operation === 'lineage.receiver.rotateKey') {
      core.status = { ...core.status, key: { ...core.status.key, present: true, hint: 'qlk_…ZZZZ' } };
      return { status: structuredClone(core.status), apiKey: 'qlk_SECONDKEYxxxxxxxxxxxxxxxxxxxxxxxZZZZ' };
    }
    throw new Error(`unexpected ${operation}`);
  },
}));

function baseStatus(): LineageReceiverStatus {
  return {
    settings: { enabled: false, host: '127.0.0.1', port: 5099, allowNonLoopback: false },
    state: 'disabled',
    url: null,
    endpoint: null,
    host: null,
    port: null,
    source: 'settings',
    key: { present: false, source: 'workspace', hint: null, storedIn: 'a file readable only by you (/tmp/secrets.json)' },
    counts: { requests: 0, accepted: 0, duplicates: 0, rejected: 0, unauthorized: 0, busy: 0 },
    startedAt: null,
    lastEventAt: null,
    lastError: null,
    lastErrorAt: null,
  };
}

function renderSection() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <LineageReceiverSettings />
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  core.status = baseStatus();
  core.calls = [];
  core.failNextConfigure = null;
});
afterEach(cleanup);

describe('Settings › Lineage receiver', () => {
  it('turns the receiver on from labelled controls and shows the new key once, with copy buttons', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderSection();
    const enable = await screen.findByLabelText('Receive OpenLineage events from pipelines');
    const section = screen.getByRole('region', { name: 'Lineage receiver' });
    expect(within(section).getByRole('status').textContent).toContain('Off');

    fireEvent.click(enable);
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '5123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const keyRegion = await screen.findByRole('region', { name: 'New API key' });
    expect(core.calls.find((c) => c.operation === 'lineage.receiver.configure')?.input).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 5123,
      allowNonLoopback: false,
    });
    expect((within(keyRegion).getByLabelText('OPENLINEAGE_API_KEY') as HTMLInputElement).value).toBe(core.nextKey);
    expect((within(keyRegion).getByLabelText('OPENLINEAGE_URL') as HTMLInputElement).value).toBe('http://127.0.0.1:5123');
    fireEvent.click(within(keyRegion).getByRole('button', { name: 'Copy OPENLINEAGE_API_KEY' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(core.nextKey));
    expect(await within(keyRegion).findByText('OPENLINEAGE_API_KEY copied.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Receiving');

    // Dismissed, the key is gone from the page; only its hint remains.
    fireEvent.click(within(keyRegion).getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByRole('region', { name: 'New API key' })).toBeNull();
    expect(document.body.textContent).not.toContain(core.nextKey);
    expect(document.body.textContent).toContain('qlk_…nopq');
  });

  it('says why it is not running, in the core’s words', async () => {
    core.status = {
      ...baseStatus(),
      settings: { ...baseStatus().settings, enabled: true },
      state: 'failed',
      lastError: 'The lineage receiver cannot listen on port 5099 (127.0.0.1:5099): another program is already using that port.',
    };
    renderSection();
    expect(await screen.findByText(/another program is already using that port/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Not running');
  });

  it('checks the port before sending, and keeps the input when the core refuses', async () => {
    renderSection();
    const port = await screen.findByLabelText('Port');
    fireEvent.change(port, { target: { value: '99999' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/whole number from 1 to 65535/)).toBeTruthy();
    expect(port.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(port);
    expect(core.calls.some((c) => c.operation === 'lineage.receiver.configure')).toBe(false);

    core.failNextConfigure = 'Refusing to receive lineage on 0.0.0.0: only this machine can reach a loopback address.';
    fireEvent.change(port, { target: { value: '5099' } });
    fireEvent.change(screen.getByLabelText('Address to listen on'), { target: { value: '0.0.0.0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert', { name: 'The receiver settings were not saved' })).toBeTruthy();
    expect((screen.getByLabelText('Address to listen on') as HTMLInputElement).value).toBe('0.0.0.0');
  });

  it('rotates the key only after a confirmation, and shows the new one', async () => {
    core.status = {
      ...baseStatus(),
      settings: { ...baseStatus().settings, enabled: true },
      state: 'listening',
      url: 'http://127.0.0.1:5099',
      key: { ...baseStatus().key, present: true, hint: 'qlk_…nopq' },
    };
    renderSection();
    fireEvent.click(await screen.findByRole('button', { name: 'Rotate key…' }));
    const confirm = screen.getByRole('group', { name: 'Confirm a new API key' });
    expect(core.calls.some((c) => c.operation === 'lineage.receiver.rotateKey')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Make a new key' }));
    const keyRegion = await screen.findByRole('region', { name: 'New API key' });
    expect((within(keyRegion).getByLabelText('OPENLINEAGE_API_KEY') as HTMLInputElement).value).toBe(
      'qlk_SECONDKEYxxxxxxxxxxxxxxxxxxxxxxxZZZZ',
    );
  });
});
