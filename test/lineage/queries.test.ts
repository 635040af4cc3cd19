import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { walk } from '../../electron/core/lineage/query/traverse';
import { dataset, loadMlflow, LOCAL_FIXTURES, OL_EVENTS, REPO, runEvent, testCore, type TestCore } from './helpers';

/** A chain a → j1 → b → j2 → c → j3 → d, plus a malformed back edge d → j1 (a cycle). */
async function chain(t: TestCore, withCycle: boolean) {
  const events = [
    runEvent({ job: 'j1', inputs: [dataset('db', 'a'), ...(withCycle ? [dataset('db', 'd')] : [])], outputs: [dataset('db', 'b')] }),
    runEvent({ job: 'j2', inputs: [dataset('db', 'b')], outputs: [dataset('db', 'c')] }),
    runEvent({ job: 'j3', inputs: [dataset('db', 'c')], outputs: [dataset('db', 'd')] }),
  ];
  await t.call('lineage.import', { documents: events.map((e, i) => ({ name: `e${i}.json`, text: JSON.stringify(e) })) });
}

describe('lineage queries', () => {
  let t: TestCore;
  beforeEach(() => {
    t = testCore();
  });
  afterEach(() => t.close());

  it('walks to the depth asked, and no further', async () => {
    await chain(t, false);
    const datasets = async (depth: number) =>
      (await t.call('lineage.graph', { node: 'dataset:db:d', direction: 'upstream', depth })).nodes
        .filter((n) => n.kind === 'dataset')
        .map((n) => [n.name, n.depth]);
    expect(await datasets(1)).toEqual([['d', 0]]);
    expect(await datasets(2)).toEqual([
      ['d', 0],
      ['c', 2],
    ]);
    expect(await datasets(6)).toEqual([
      ['d', 0],
      ['c', 2],
      ['b', 4],
      ['a', 6],
    ]);
    const down = await t.call('lineage.graph', { node: 'dataset:db:a', direction: 'downstream', depth: 50 });
    expect(down.nodes.filter((n) => n.kind === 'dataset').map((n) => n.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(down.cycles).toEqual([]);
  });

  it('a job stands for its runs: its upstream is what they read', async () => {
    await chain(t, false);
    const up = await t.call('lineage.graph', { node: 'job:tests:j2', direction: 'upstream', depth: 1 });
    expect(up.nodes.filter((n) => n.kind === 'dataset').map((n) => n.name)).toEqual(['b']);
  });

  it('a cycle in a malformed graph is reported, and every walk ends', async () => {
    await chain(t, true);
    const graph = await t.call('lineage.graph', { node: 'dataset:db:a', direction: 'both', depth: 50 });
    expect(graph.cycles).toHaveLength(1);
    const names = graph.cycles[0]?.map((id) => graph.nodes.find((n) => n.id === id)?.name) ?? [];
    expect(names.filter((n) => ['b', 'c', 'd'].includes(n ?? ''))).toHaveLength(3);
    const impact = await t.call('lineage.impact', { dataset: 'dataset:db:b' });
    expect(impact.modelVersions).toEqual([]);
    const path = await t.call('lineage.path', { from: 'dataset:db:d', to: 'dataset:db:b' });
    expect(path).toMatchObject({ found: true, direction: 'downstream' });
  });

  it('stops at maxNodes and says so', async () => {
    await chain(t, false);
    const graph = await t.call('lineage.graph', { node: 'dataset:db:a', direction: 'downstream', depth: 50, maxNodes: 3 });
    expect(graph.nodes).toHaveLength(3);
    expect(graph.truncated).toBe(true);
  });

  it('names namespaces that contain colons, and says which when a reference is ambiguous', async () => {
    await t.call('lineage.import', {
      documents: [
        { name: 'a.json', text: JSON.stringify(runEvent({ inputs: [dataset('postgres://db:5432', 'public.orders')] })) },
        { name: 'b.json', text: JSON.stringify(runEvent({ inputs: [dataset('postgres://db', '5432:public.orders')] })) },
      ],
    });
    expect(await t.fail('lineage.node', { node: 'dataset:postgres://db:5432:public.orders' })).toMatchObject({
      code: 'invalid_input',
      details: { candidates: ['dataset:postgres://db:5432:public.orders', 'dataset:postgres://db:5432:public.orders'] },
    });
    const search = await t.call('lineage.search', { query: 'orders', limit: 10 });
    expect(search).toHaveLength(2);
    expect((await t.call('lineage.node', { node: search[0]?.id ?? 0 })).node.kind).toBe('dataset');
  });

  it('rejects bad query input at the boundary, naming the field', async () => {
    expect(await t.fail('lineage.graph', { node: 'x', depth: 0 })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('"depth"'),
    });
    expect(await t.fail('lineage.graph', { node: 'x', asOf: 'last tuesday' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('asOf'),
    });
    expect(await t.fail('lineage.import', {})).toMatchObject({ code: 'invalid_input' });
    await expect(t.importPaths(['/nonexistent/quorum-lineage'])).rejects.toMatchObject({ code: 'not_found' });
    // Over any transport the operation reads only bundled resources: a browser-mode caller must not read the machine's files.
    for (const path of ['/etc/passwd', `${REPO}/resources/../package.json`, OL_EVENTS]) {
      expect(await t.fail('lineage.import', { paths: [path] })).toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('quorum lineage ingest'),
      });
    }
    expect(
      await t.call('lineage.import', { paths: [join(REPO, 'resources', 'openlineage', 'schemas', 'facets', 'SQLJobFacet.json')] }),
    ).toMatchObject({ rejected: 1 });
    expect((await t.call('lineage.summary', {})).rejected).toBe(1);
  });

  it('the in-memory walk and the SQL walk agree, after appends, re-projection and rule changes', async () => {
    const db = t.core.store.db;
    const FUTURE = Date.parse('2100-01-01T00:00:00Z');
    const agree = async () => {
      await t.call('lineage.summary', {}); // brings MLflow and rules up to date, as every read does
      const ids = (db.prepare('SELECT id FROM lineage_nodes').all() as { id: number }[]).map((r) => r.id);
      for (const id of ids) {
        for (const direction of ['upstream', 'downstream'] as const) {
          const options = { direction, depth: 50, includeColumns: true, maxNodes: 100_000 };
          const memory = walk(db, [id], { ...options, asOf: null }); // today's graph: in memory
          const sql = walk(db, [id], { ...options, asOf: FUTURE }); // a (future) moment: SQL
          expect([...memory.depthOf].sort()).toEqual([...sql.depthOf].sort());
          expect([...memory.edges.keys()].sort()).toEqual([...sql.edges.keys()].sort());
          expect([...memory.possible].sort()).toEqual([...sql.possible].sort());
        }
      }
      return ids.length;
    };
    await chain(t, true);
    expect(await agree()).toBeGreaterThan(5);
    await t.importPaths([OL_EVENTS, join(LOCAL_FIXTURES, 'fraud-dvc'), join(LOCAL_FIXTURES, 'fraud-pipeline')]);
    await agree();
    loadMlflow(t.core);
    await agree();
    await t.call('lineage.rules.set', {
      digestMatchesVersion: { enabled: false, allowPrefix: true, minPrefixLength: 8 },
      sourceUriMatchesDataset: { enabled: true },
      nameMatchesDataset: { enabled: true },
    });
    await agree();
  });
});
