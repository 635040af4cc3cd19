import { describe, expect, it } from 'vitest';
import type { LineageEdge, LineageGraph, LineageNode, LineageNodeKind, RunState } from '@shared/domain/lineage';
import { buildView, pathBetween } from './graph-model';
import { layoutGraph } from './layout';
import { parseLineageAddress, lineageNodePath } from './routes';
import { modelVersionOfRef } from './vocabulary';

function node(id: number, kind: LineageNodeKind, state: RunState | null = null, startedAt = 0): LineageNode {
  return {
    id,
    ref: `${kind}:${id}`,
    kind,
    namespace: 'ns',
    name: `n${id}`,
    qualifier: null,
    label: `${kind} ${id}`,
    origin: 'openlineage',
    firstSeenAt: 0,
    lastSeenAt: 0,
    depth: 0,
    run: state
      ? {
          runId: `r${id}`,
          origin: 'openlineage',
          state,
          startedAt,
          endedAt: null,
          firstEventAt: null,
          lastEventAt: null,
          jobRef: null,
          parentRunId: null,
          rootRunId: null,
          errorMessage: null,
        }
      : null,
  };
}

let edgeId = 0;
function edge(from: number, to: number, kind: LineageEdge['kind'], confidence: LineageEdge['confidence'] = 'observed'): LineageEdge {
  edgeId += 1;
  return { id: edgeId, from, to, kind, confidence, origin: 'openlineage', sourceRef: 'x', validFrom: 0, validTo: null, details: null };
}

// dataset 1 → run 3 (of job 2) → dataset 4 → run 6 (of job 5, two runs 6 and 7) → model 8 → deployment 9
function sample(): LineageGraph {
  const nodes = [
    node(1, 'dataset'),
    node(2, 'job'),
    node(3, 'run', 'completed'),
    node(4, 'dataset'),
    node(5, 'job'),
    node(6, 'run', 'failed', 10),
    node(7, 'run', 'completed', 20),
    node(8, 'model_version'),
    node(9, 'deployment'),
  ];
  const edges = [
    edge(2, 3, 'executes'),
    edge(1, 3, 'input'),
    edge(3, 4, 'output'),
    edge(5, 6, 'executes'),
    edge(5, 7, 'executes'),
    edge(4, 6, 'input', 'inferred'),
    edge(4, 7, 'input', 'declared'),
    edge(7, 8, 'produced'),
    edge(8, 9, 'deploys'),
  ];
  const root = nodes[8];
  if (!root) throw new Error('sample');
  return { root, direction: 'upstream', depth: 8, asOf: null, nodes, edges, truncated: false, cycles: [] };
}

describe('buildView', () => {
  it('keeps every node and edge by default', () => {
    const view = buildView(sample(), { hiddenKinds: new Set(), collapseRuns: false });
    expect(view.nodes).toHaveLength(9);
    expect(view.edges).toHaveLength(9);
  });

  it('collapses runs into their jobs, merging edges at their strongest confidence and colouring by the latest run', () => {
    const view = buildView(sample(), { hiddenKinds: new Set(), collapseRuns: true });
    expect(view.nodes.map((n) => n.id).sort()).toEqual([1, 2, 4, 5, 8, 9]);
    const job = view.nodes.find((n) => n.id === 5);
    expect(job?.mergedRuns).toBe(2);
    expect(job?.state).toBe('completed');
    const input = view.edges.filter((e) => e.from === 4 && e.to === 5);
    expect(input).toHaveLength(1);
    expect(input[0]?.confidence).toBe('declared');
    expect(view.edges.some((e) => e.from === 5 && e.to === 8 && e.kind === 'produced')).toBe(true);
    expect(view.edges.some((e) => e.from === e.to)).toBe(false);
  });

  it('hides kinds but never the root', () => {
    const view = buildView(sample(), { hiddenKinds: new Set(['run', 'deployment']), collapseRuns: false });
    expect(view.nodes.some((n) => n.kind === 'run')).toBe(false);
    expect(view.nodes.some((n) => n.id === 9)).toBe(true);
    expect(view.edges.every((e) => e.from !== 3 && e.to !== 3)).toBe(true);
  });
});

describe('pathBetween', () => {
  it('finds the path from a dataset downstream to the deployment', () => {
    const view = buildView(sample(), { hiddenKinds: new Set(), collapseRuns: false });
    const path = pathBetween(view, 1, 9);
    // Only run 7 produced the model; run 6 read the same data but leads nowhere.
    expect([...(path?.nodes ?? [])].sort((a, b) => a - b)).toEqual([1, 3, 4, 7, 8, 9]);
    expect(path?.edges.size).toBe(5);
  });

  it('works in either order, and ends on cycles', () => {
    const graph = sample();
    graph.edges.push(edge(4, 1, 'same_as', 'inferred'));
    const view = buildView(graph, { hiddenKinds: new Set(), collapseRuns: false });
    expect(pathBetween(view, 9, 1)?.nodes.has(9)).toBe(true);
    // Job 2 and job 5 are not on one flow; the nearest connection either way links them.
    expect(pathBetween(view, 2, 5)?.nodes.has(4)).toBe(true);
    const apart = buildView(graph, { hiddenKinds: new Set(['dataset']), collapseRuns: false });
    expect(pathBetween(apart, 2, 9)).toBeNull();
  });
});

describe('layoutGraph', () => {
  it('lays data out left to right', async () => {
    const view = buildView(sample(), { hiddenKinds: new Set(), collapseRuns: false });
    const positions = await layoutGraph(view);
    expect(positions.size).toBe(9);
    const x = (id: number) => positions.get(id)?.x ?? Number.NaN;
    expect(x(1)).toBeLessThan(x(3));
    expect(x(3)).toBeLessThan(x(4));
    expect(x(8)).toBeLessThan(x(9));
  });
});

describe('addresses', () => {
  it('round-trips a node ref through its path', () => {
    const ref = 'dataset:s3://bucket:lending/credit/train@9dc0de52';
    const path = lineageNodePath(ref);
    expect(parseLineageAddress(path)).toEqual({ node: ref });
    expect(parseLineageAddress('/lineage')).toEqual({ node: null });
  });

  it('reads a model version ref', () => {
    expect(modelVersionOfRef('model:northwind-mlflow:credit-approval-scorer@4')).toEqual({
      connection: 'northwind-mlflow',
      name: 'credit-approval-scorer',
      version: 4,
    });
    expect(modelVersionOfRef('dataset:ns:name')).toBeNull();
  });
});
