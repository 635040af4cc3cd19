import { describe, expect, it } from 'vitest';
import { fastLayout } from './fast-layout';
import type { ViewEdge, ViewGraph, ViewNode } from './graph-model';
import { FAST_LAYOUT_THRESHOLD, layoutGraph } from './layout';

function viewOf(nodeIds: number[], edges: [number, number][]): ViewGraph {
  const nodes: ViewNode[] = nodeIds.map((id) => ({
    id,
    ref: `dataset:ns:n${id}`,
    kind: 'dataset',
    label: `n${id}`,
    namespace: 'ns',
    state: null,
    mergedRuns: 0,
    depth: 0,
  }));
  const viewEdges: ViewEdge[] = edges.map(([from, to], i) => ({
    key: `e:${i}`,
    from,
    to,
    kind: 'input',
    confidence: 'observed',
    origin: 'openlineage',
  }));
  return { nodes, edges: viewEdges };
}

/** The bench's shape: one table fed by runs (each with its job) reading 6 tables each, over a shared raw pool: 1,999 nodes. */
function fanIn(fan = 6, levels = 3, rawTables = 1_222): ViewGraph {
  const ids: number[] = [];
  const edges: [number, number][] = [];
  let next = 0;
  const add = () => {
    ids.push(next);
    return next++;
  };
  const raw = Array.from({ length: rawTables }, add);
  let current = [add()];
  for (let level = 0; level <= levels; level++) {
    const inputs: number[] = [];
    current.forEach((output, i) => {
      const run = add();
      const job = add();
      edges.push([job, run], [run, output]);
      for (let k = 0; k < fan; k++) {
        const input = level === levels ? (raw[(i * fan + k) % rawTables] as number) : add();
        edges.push([input, run]);
        if (level < levels) inputs.push(input);
      }
    });
    current = inputs;
  }
  return viewOf(ids, edges);
}

function expectLeftToRight(view: ViewGraph, result: ReturnType<typeof fastLayout>) {
  const x = (id: number) => result.positions.get(id)?.x ?? Number.NaN;
  for (const edge of view.edges) {
    if (result.backEdges.has(edge.key)) expect(x(edge.from), edge.key).toBeGreaterThan(x(edge.to));
    else expect(x(edge.from), edge.key).toBeLessThan(x(edge.to));
  }
}

describe('fastLayout', () => {
  it('lays every edge out left to right in an acyclic graph', () => {
    // 1 → 2 → 4, 1 → 3 → 4, 4 → 5, and 6 read only by 5 (pulled next to it).
    const view = viewOf(
      [1, 2, 3, 4, 5, 6],
      [
        [1, 2],
        [1, 3],
        [2, 4],
        [3, 4],
        [4, 5],
        [6, 5],
      ],
    );
    const result = fastLayout(view);
    expect(result.backEdges.size).toBe(0);
    expect(result.positions.size).toBe(6);
    expectLeftToRight(view, result);
    expect(result.layers).toEqual([[1], [2, 3], [4, 6], [5]]);
  });

  it('terminates on cycles, breaking only back edges', () => {
    // A job that reads what it writes, a longer loop, and a self-loop.
    const view = viewOf(
      [1, 2, 3, 4, 5],
      [
        [1, 2],
        [2, 3],
        [3, 2],
        [3, 4],
        [4, 5],
        [5, 3],
        [4, 4],
      ],
    );
    const result = fastLayout(view);
    expect(result.positions.size).toBe(5);
    expect([...result.backEdges].sort()).toEqual(['e:2', 'e:5']);
    expect(result.backEdges.has('e:6')).toBe(false); // a self-loop is ignored, not reversed
    expectLeftToRight({ ...view, edges: view.edges.filter((e) => e.from !== e.to) }, result);
  });

  it('terminates when every node is on a cycle (no source to start from)', () => {
    const view = viewOf(
      [1, 2, 3],
      [
        [1, 2],
        [2, 3],
        [3, 1],
      ],
    );
    const result = fastLayout(view);
    expect(result.backEdges.size).toBe(1);
    expect(result.layers.flat().sort()).toEqual([1, 2, 3]);
    expectLeftToRight(view, result);
  });

  it('orders layers deterministically, and places nodes one pitch apart', () => {
    const view = fanIn(3, 2, 20);
    const first = fastLayout(view);
    const again = fastLayout(view);
    expect(again.layers).toEqual(first.layers);
    expect([...again.positions]).toEqual([...first.positions]);
    for (const layer of first.layers) {
      const ys = layer.map((id) => first.positions.get(id)?.y ?? Number.NaN);
      for (let i = 1; i < ys.length; i++) expect((ys[i] ?? 0) - (ys[i - 1] ?? 0)).toBe(52);
    }
  });

  it('keeps sibling subtrees together (barycenter ordering)', () => {
    // Two runs each read their own two tables: each run's inputs stay adjacent, in its order.
    const view = viewOf(
      [10, 11, 12, 13, 20, 21, 30],
      [
        [10, 21],
        [11, 20],
        [12, 21],
        [13, 20],
        [20, 30],
        [21, 30],
      ],
    );
    const result = fastLayout(view);
    const inputs = result.layers[0] ?? [];
    const firstRun = result.layers[1]?.[0];
    const fed = firstRun === 20 ? [11, 13] : [10, 12];
    expect(inputs.slice(0, 2).sort()).toEqual(fed);
  });

  it('lays out a 2,000-node graph (time printed, not asserted; the bench measures it)', () => {
    const view = fanIn();
    expect(view.nodes.length).toBeGreaterThan(1_900);
    const started = performance.now();
    const result = fastLayout(view);
    const elapsed = performance.now() - started;
    // eslint-disable-next-line no-console
    console.info(`fastLayout: ${view.nodes.length} nodes, ${view.edges.length} edges in ${elapsed.toFixed(1)} ms`);
    expect(result.positions.size).toBe(view.nodes.length);
    expectLeftToRight(view, result);
  });
});

describe('layoutGraph', () => {
  it('uses the fast layout above the threshold', async () => {
    const view = fanIn();
    expect(view.nodes.length).toBeGreaterThan(FAST_LAYOUT_THRESHOLD);
    expect(await layoutGraph(view)).toEqual(fastLayout(view).positions);
  });
});
