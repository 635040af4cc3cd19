import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload, JobProgress, QuorumApi, QuorumNotification } from '@shared/contract';
import { connectPushEvents } from './push-events';
import { operationQueryKey, readsAnyTopic } from './query-keys';

function fakeApi() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api: QuorumApi = {
    invoke: vi.fn() as unknown as QuorumApi['invoke'],
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    platform: { shell: 'browser', os: 'test' },
  };
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  return { api, emit, listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0) };
}

describe('query keys', () => {
  it('put the primary topic first', () => {
    expect(operationQueryKey('models.get', { connection: 'c', name: 'm' })).toEqual([
      'catalog',
      'models.get',
      { connection: 'c', name: 'm' },
    ]);
  });

  it('match every topic an operation reads', () => {
    const doctor = operationQueryKey('system.doctor', {});
    expect(readsAnyTopic(doctor, ['connections'])).toBe(true);
    expect(readsAnyTopic(doctor, ['catalog'])).toBe(false);
    expect(readsAnyTopic(['catalog', 'something-else'], ['catalog'])).toBe(true);
  });
});

describe('connectPushEvents', () => {
  it('invalidates the queries that read a changed topic, and only those', async () => {
    const { api, emit } = fakeApi();
    const queryClient = new QueryClient();
    const models = operationQueryKey('models.list', {});
    const connections = operationQueryKey('connections.list', {});
    queryClient.setQueryData(models, { total: 0, items: [] });
    queryClient.setQueryData(connections, []);
    connectPushEvents(api, queryClient, { report: vi.fn() });

    emit('data.changed', { topics: ['catalog'] });
    await Promise.resolve();
    expect(queryClient.getQueryState(models)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(connections)?.isInvalidated).toBe(false);
  });

  it('hands job progress to the jobs store and unsubscribes', () => {
    const { api, emit, listenerCount } = fakeApi();
    const report = vi.fn();
    const stop = connectPushEvents(api, new QueryClient(), { report });
    const progress: JobProgress = {
      jobId: 'j1',
      kind: 'demo-load',
      label: 'Loading',
      done: 1,
      total: 3,
      state: 'running',
      message: null,
    };
    emit('job.progress', progress);
    expect(report).toHaveBeenCalledWith(progress);
    stop();
    expect(listenerCount()).toBe(0);
  });

  it('hands notifications to the notification sink, and unsubscribes', () => {
    const { api, emit, listenerCount } = fakeApi();
    const deliver = vi.fn();
    const stop = connectPushEvents(api, new QueryClient(), { report: vi.fn() }, { deliver });
    const notification: QuorumNotification = {
      id: 'finding.raised:f1',
      kind: 'finding.raised',
      severity: 'critical',
      title: 'Promotion outside Quorum: fraud-detector v2 → production',
      body: 'fraud-detector @champion moved to v2 (from 3) outside Quorum.',
      route: '/audit',
    };
    emit('notification', notification);
    expect(deliver).toHaveBeenCalledWith(notification);
    stop();
    expect(listenerCount()).toBe(0);
  });
});
