// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OPERATIONS, type OperationName, type OperationOutput } from '@shared/contract';
// Prometheus 2.42's real error for a query it cannot parse (../shared/fixtures/prometheus).
import badPromql from '../../../../../shared/fixtures/prometheus/query_error_bad_promql.json';
import { MonitoringStatusPanel } from './MonitoringStatusPanel';

/**
 * The polling panel of a Prometheus connection against scripted core answers, each checked
 * against the contract's schemas (what the screen sends, and what it is given).
 */

const fake = vi.hoisted(() => ({
  handle: null as null | ((operation: string, input: unknown) => Promise<unknown>),
}));

vi.mock('../../platform/api', () => ({
  api: {},
  call: (operation: string, input: unknown) => {
    if (!fake.handle) throw new Error('no fake core');
    return fake.handle(operation, input);
  },
}));

type Status = OperationOutput<'monitoring.status'>[number];

const NOW = Date.now();
const MESSAGE = `Prometheus at http://127.0.0.1:9090 answered /api/v1/query with 400 ${badPromql.errorType}: ${badPromql.error}`;

let status: Status;
let calls: { operation: string; input: unknown }[];

beforeEach(() => {
  calls = [];
  status = {
    connection: 'prom',
    pollIntervalMinutes: 5,
    scheduled: true,
    polling: false,
    lastPollAt: NOW - 2 * 60_000,
    nextPollAt: NOW + 3 * 60_000,
    status: 'ok',
    message: '1 stored, 3 without data, 1 failed of 5 deployed model versions.',
    problems: [{ model: 'credit-approval-scorer', version: 4, message: MESSAGE, at: NOW - 2 * 60_000 }],
  };
  fake.handle = async (operation, raw) => {
    const name = operation as OperationName;
    const input: unknown = OPERATIONS[name].input.parse(raw);
    calls.push({ operation, input });
    let output: unknown;
    if (operation === 'monitoring.status') output = [status];
    else if (operation === 'monitoring.poll') {
      status = {
        ...status,
        problems: [],
        lastPollAt: Date.now(),
        message: '2 stored, 3 without data, 0 failed of 5 deployed model versions.',
      };
      output = [];
    } else if (operation === 'monitoring.queries.set') {
      status = { ...status, pollIntervalMinutes: (input as { pollIntervalMinutes: number }).pollIntervalMinutes };
      output = {
        connection: 'prom',
        model: null,
        connectionSettings: settings(status.pollIntervalMinutes),
        overrides: null,
        effective: settings(status.pollIntervalMinutes),
        defaults: settings(5).queries,
      };
    } else throw new Error(`no answer for ${operation}`);
    return OPERATIONS[name].output.parse(output);
  };
});

afterEach(() => {
  cleanup();
  fake.handle = null;
});

function settings(pollIntervalMinutes: number) {
  const q = 'up{model="{{model}}"}';
  return {
    queries: { drift: q, accuracy: q, auc: q, nullRate: q, latencyP95: q, errorRate: q },
    driftThreshold: 0.1,
    driftShare: 0.5,
    deployedAliases: ['champion'],
    registryConnection: null,
    pollIntervalMinutes,
  };
}

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MonitoringStatusPanel connection="prom" />
    </QueryClientProvider>,
  );
}

describe('Polling panel', () => {
  it("shows the last and next poll, and each failing model with Prometheus's own message", async () => {
    renderPanel();
    const panel = within(await screen.findByRole('region', { name: 'Polling' }));
    expect(await panel.findByText('1 failing')).toBeTruthy();
    expect(panel.getByText('2 minutes ago', { selector: 'dd time' })).toBeTruthy();
    expect(panel.getByText('in 3 minutes')).toBeTruthy();
    expect(panel.getByText('credit-approval-scorer v4')).toBeTruthy();
    expect(panel.getByText(MESSAGE).textContent).toContain(badPromql.error);
  });

  it('says when polling happens only in a long-running host, or only when asked', async () => {
    status = { ...status, scheduled: false, nextPollAt: null, problems: [] };
    renderPanel();
    expect(await screen.findByText('Every 5 min while the app or quorum serve runs')).toBeTruthy();
    cleanup();
    status = { ...status, pollIntervalMinutes: 0 };
    renderPanel();
    expect(await screen.findByText('Only when asked')).toBeTruthy();
  });

  it('Poll now runs the poll and shows the new status', async () => {
    renderPanel();
    const panel = within(await screen.findByRole('region', { name: 'Polling' }));
    await panel.findByText('1 failing');
    fireEvent.click(panel.getByRole('button', { name: 'Poll now' }));
    await waitFor(() => expect(panel.getByText('Polled')).toBeTruthy());
    expect(panel.queryByText('credit-approval-scorer v4')).toBeNull();
    expect(calls.filter((c) => c.operation === 'monitoring.poll').map((c) => c.input)).toEqual([{ connection: 'prom' }]);
  });

  it('changes the interval, refusing what is not whole minutes', async () => {
    renderPanel();
    const input = (await screen.findByLabelText('Poll every (minutes)')) as HTMLInputElement;
    expect(input.value).toBe('5');
    fireEvent.change(input, { target: { value: '2.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save interval' }));
    expect(screen.getByText(/Enter whole minutes from 0/)).toBeTruthy();
    expect(calls.some((c) => c.operation === 'monitoring.queries.set')).toBe(false);

    fireEvent.change(input, { target: { value: '15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save interval' }));
    await waitFor(() => expect(calls.filter((c) => c.operation === 'monitoring.queries.set').length).toBe(1));
    expect(calls.find((c) => c.operation === 'monitoring.queries.set')?.input).toEqual({
      connection: 'prom',
      pollIntervalMinutes: 15,
      reset: false,
    });
  });
});
