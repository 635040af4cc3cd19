import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldRunEvents } from '../../electron/core/lineage/query/run-state';
import { dataset, materialiseDbtRunIds, OL_EVENTS, readJson, runEvent, testCore, type TestCore } from './helpers';

/** Every ordering of a list: 4 events give 24 arrival orders. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const RUN = '0f6f3c2e-8d7b-4b9e-9a51-2f1c3d4e5f60';
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00Z`;

describe('run state in any arrival order', () => {
  let t: TestCore;
  beforeEach(() => {
    t = testCore();
  });
  afterEach(() => t.close());

  async function stateAfter(events: Record<string, unknown>[]) {
    await t.call('lineage.import', { documents: events.map((e, i) => ({ name: `event-${i}.json`, text: JSON.stringify(e) })) });
    return (await t.call('lineage.node', { node: `run:${RUN}` })).node.run;
  }

  it.each([
    ['COMPLETE', 'completed'],
    ['FAIL', 'failed'],
    ['ABORT', 'aborted'],
  ] as const)('START, RUNNING, RUNNING, %s in all 24 orders end %s with the same times', async (terminal, expected) => {
    const events = [
      runEvent({ runId: RUN, eventType: 'START', eventTime: at(0), outputs: [dataset('db', 'out')] }),
      runEvent({ runId: RUN, eventType: 'RUNNING', eventTime: at(1) }),
      runEvent({
        runId: RUN,
        eventType: 'RUNNING',
        eventTime: at(2),
        runFacets: { custom: { _producer: 'https://x', _schemaURL: 'https://x', step: 2 } },
      }),
      runEvent({
        runId: RUN,
        eventType: terminal,
        eventTime: at(3),
        ...(terminal === 'FAIL'
          ? {
              runFacets: {
                errorMessage: { _producer: 'https://x', _schemaURL: 'https://x', message: 'boom', programmingLanguage: 'python' },
              },
            }
          : {}),
      }),
    ];
    const seen = new Set<string>();
    for (const order of permutations(events)) {
      const fresh = testCore();
      try {
        await fresh.call('lineage.import', {
          documents: order.map((e, i) => ({ name: `e${i}.json`, text: JSON.stringify(e) })),
        });
        const run = (await fresh.call('lineage.node', { node: `run:${RUN}` })).node.run;
        seen.add(JSON.stringify([run?.state, run?.startedAt, run?.endedAt, run?.errorMessage]));
      } finally {
        fresh.close();
      }
    }
    expect([...seen]).toEqual([JSON.stringify([expected, Date.parse(at(0)), Date.parse(at(3)), terminal === 'FAIL' ? 'boom' : null])]);
  });

  it('a START arriving after COMPLETE does not reopen the run; OTHER changes nothing', async () => {
    expect(await stateAfter([runEvent({ runId: RUN, eventType: 'COMPLETE', eventTime: at(5) })])).toMatchObject({
      state: 'completed',
      startedAt: null,
    });
    const after = await stateAfter([
      runEvent({ runId: RUN, eventType: 'START', eventTime: at(1) }),
      runEvent({ runId: RUN, eventType: 'OTHER', eventTime: at(9) }),
    ]);
    expect(after).toMatchObject({ state: 'completed', startedAt: Date.parse(at(1)), endedAt: Date.parse(at(5)) });
  });

  it('two terminal events: the later one wins; at the same instant FAIL beats COMPLETE', async () => {
    expect(
      await stateAfter([
        runEvent({ runId: RUN, eventType: 'FAIL', eventTime: at(4) }),
        runEvent({ runId: RUN, eventType: 'COMPLETE', eventTime: at(6) }),
      ]),
    ).toMatchObject({
      state: 'completed',
    });
    expect(await stateAfter([runEvent({ runId: RUN, eventType: 'FAIL', eventTime: at(6) })])).toMatchObject({ state: 'failed' });
  });

  it('the dbt run in reverse order gives the same states as in order', async () => {
    const { events, runIds } = materialiseDbtRunIds(
      readJson<Record<string, unknown>[]>(join(OL_EVENTS, 'dbt-postgres_failed_run_ol_events.array.json')),
    );
    const states = async (list: Record<string, unknown>[]) => {
      const fresh = testCore();
      try {
        const file = join(fresh.dir, 'dbt.json');
        writeFileSync(file, JSON.stringify(list));
        await fresh.importPaths([file]);
        const out: Record<string, unknown> = {};
        for (const [job, id] of runIds) out[job] = (await fresh.call('lineage.node', { node: `run:${id}` })).node.run;
        return out;
      } finally {
        fresh.close();
      }
    };
    expect(await states([...events].reverse())).toEqual(await states(events));
  });

  it('folds a list of events with the same rules the store uses', () => {
    expect(foldRunEvents([])).toEqual({ state: 'new', startedAt: null, endedAt: null });
    expect(foldRunEvents([{ eventType: 'RUNNING', at: 5 }])).toEqual({ state: 'running', startedAt: null, endedAt: null });
    expect(
      foldRunEvents([
        { eventType: 'COMPLETE', at: 9 },
        { eventType: 'START', at: 1 },
        { eventType: 'FAIL', at: 9 },
      ]),
    ).toEqual({ state: 'failed', startedAt: 1, endedAt: 9 });
  });
});

describe('idempotency', () => {
  let t: TestCore;
  beforeEach(() => {
    t = testCore();
  });
  afterEach(() => t.close());

  it('re-ingesting the same files stores nothing new and changes no state', async () => {
    const paths = [OL_EVENTS];
    const first = await t.importPaths(paths);
    const before = await t.call('lineage.summary', {});
    const second = await t.importPaths(paths);
    const after = await t.call('lineage.summary', {});
    expect(second.accepted).toBe(0);
    expect(second.duplicates).toBe(first.accepted);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.edges).toEqual(before.edges);
    expect(after.events).toBe(before.events);
    // Rejected events are counted again, not stored twice.
    expect(after.rejected).toBe(before.rejected);
    const list = await t.call('lineage.rejected', { limit: 100, offset: 0 });
    expect(list.items.every((r) => r.times === 2)).toBe(true);
  });

  it('the same event re-serialised with other key order and spacing is a duplicate', async () => {
    const event = runEvent({ runId: RUN });
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(event).reverse()), null, 4);
    const r = await t.call('lineage.import', {
      documents: [
        { name: 'a.json', text: JSON.stringify(event) },
        { name: 'b.json', text: reordered },
      ],
    });
    expect(r).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('an event with the same runId, type and time but more facets is kept too: nothing is lost', async () => {
    const plain = runEvent({ runId: RUN });
    const richer = runEvent({ runId: RUN, runFacets: { extra: { _producer: 'https://x', _schemaURL: 'https://x', note: 'late detail' } } });
    const r = await t.call('lineage.import', {
      documents: [
        { name: 'a.json', text: JSON.stringify(plain) },
        { name: 'b.json', text: JSON.stringify(richer) },
      ],
    });
    expect(r).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await t.call('lineage.node', { node: `run:${RUN}` })).facets.extra).toMatchObject({ note: 'late detail' });
  });

  it('a runId used by another job is refused with the reason', async () => {
    const r = await t.call('lineage.import', {
      documents: [
        { name: 'a.json', text: JSON.stringify(runEvent({ runId: RUN, job: 'first' })) },
        { name: 'b.json', text: JSON.stringify(runEvent({ runId: RUN, job: 'second', eventTime: at(9) })) },
      ],
    });
    expect(r.files[1]?.rejected[0]?.reasons[0]).toMatchObject({
      code: 'run_job_conflict',
      message: expect.stringContaining('already belongs to job tests/first'),
    });
  });

  it('JSON Lines with a broken line keeps the good lines and rejects the bad one by line number', async () => {
    const lines = [JSON.stringify(runEvent({ runId: RUN })), '{"eventType": "START", ', JSON.stringify(runEvent())].join('\n');
    const r = await t.call('lineage.import', { documents: [{ name: 'events.jsonl', text: lines }] });
    expect(r.accepted).toBe(2);
    expect(r.files[0]?.rejected).toEqual([{ ref: 'events.jsonl:2', reasons: [expect.objectContaining({ code: 'not_json' })] }]);
  });
});
