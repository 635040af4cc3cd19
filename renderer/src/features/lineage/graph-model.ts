import type { Confidence, LineageEdge, LineageGraph, LineageNode, LineageNodeKind, RunState } from '@shared/domain/lineage';

/**
 * What the canvas and the accessible list draw: the queried graph after the reader's view
 * choices (hidden kinds, collapsed runs). Pure, so it is unit-tested without a browser.
 */
export interface ViewNode {
  id: number;
  ref: string;
  kind: LineageNodeKind;
  label: string;
  namespace: string;
  /** A run's own state, or for a job whose runs were merged into it, its latest run's. */
  state: RunState | null;
  /** How many runs were merged into this job (0 when not collapsed). */
  mergedRuns: number;
  depth: number | null;
}

export interface ViewEdge {
  /** Unique within the view; merged edges get a synthetic key. */
  key: string;
  from: number;
  to: number;
  kind: LineageEdge['kind'];
  confidence: Confidence;
  origin: string;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
}

export interface ViewOptions {
  hiddenKinds: ReadonlySet<LineageNodeKind>;
  /** Hide run nodes: each run's edges move to its job, so the job stands for its runs. */
  collapseRuns: boolean;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { observed: 0, declared: 1, inferred: 2 };

/** The stronger of two confidences (observed beats declared beats inferred). */
export function strongest(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_RANK[a] <= CONFIDENCE_RANK[b] ? a : b;
}

function toViewNode(node: LineageNode): ViewNode {
  return {
    id: node.id,
    ref: node.ref,
    kind: node.kind,
    label: node.label,
    namespace: node.namespace,
    state: node.run?.state ?? null,
    mergedRuns: 0,
    depth: node.depth,
  };
}

/** Applies the view options; the root is never hidden, so the graph always has its centre. */
export function buildView(graph: Pick<LineageGraph, 'nodes' | 'edges' | 'root'>, options: ViewOptions): ViewGraph {
  const nodes = new Map<number, ViewNode>(graph.nodes.map((n) => [n.id, toViewNode(n)]));
  if (!nodes.has(graph.root.id)) nodes.set(graph.root.id, toViewNode(graph.root));

  // Where each node's edges go: itself, or (collapsed) its run's job.
  const target = new Map<number, number>();
  if (options.collapseRuns) {
    const latestRunOfJob = new Map<number, LineageNode>();
    for (const edge of graph.edges) {
      if (edge.kind !== 'executes') continue;
      const run = graph.nodes.find((n) => n.id === edge.to);
      if (!run || run.kind !== 'run' || run.id === graph.root.id || !nodes.has(edge.from)) continue;
      target.set(run.id, edge.from);
      const job = nodes.get(edge.from);
      if (job) job.mergedRuns += 1;
      const previous = latestRunOfJob.get(edge.from);
      if (!previous || runTime(run) > runTime(previous)) latestRunOfJob.set(edge.from, run);
    }
    for (const [jobId, run] of latestRunOfJob) {
      const job = nodes.get(jobId);
      if (job) job.state = run.run?.state ?? null;
    }
    for (const runId of target.keys()) nodes.delete(runId);
  }

  for (const node of [...nodes.values()]) {
    if (node.id !== graph.root.id && options.hiddenKinds.has(node.kind)) nodes.delete(node.id);
  }

  const edges = new Map<string, ViewEdge>();
  for (const edge of graph.edges) {
    const from = target.get(edge.from) ?? edge.from;
    const to = target.get(edge.to) ?? edge.to;
    if (from === to || !nodes.has(from) || !nodes.has(to)) continue;
    if (target.has(edge.from) || target.has(edge.to)) {
      // Many runs of one job read the same table: one merged edge, at its strongest confidence.
      const key = `m:${from}:${to}:${edge.kind}`;
      const existing = edges.get(key);
      edges.set(key, {
        key,
        from,
        to,
        kind: edge.kind,
        confidence: existing ? strongest(existing.confidence, edge.confidence) : edge.confidence,
        origin: existing && existing.origin !== edge.origin ? 'several' : edge.origin,
      });
    } else {
      const key = `e:${edge.id}`;
      edges.set(key, { key, from, to, kind: edge.kind, confidence: edge.confidence, origin: edge.origin });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function runTime(node: LineageNode): number {
  return node.run?.startedAt ?? node.run?.firstEventAt ?? node.lastSeenAt;
}

/**
 * The nodes and edges on a shortest path between two nodes, following edges in the direction
 * data flows (from → to, or to → from): how the selected node reaches the model. Null when
 * they are not connected in this view.
 */
export function pathBetween(view: ViewGraph, a: number, b: number): { nodes: Set<number>; edges: Set<string> } | null {
  // A dataset reaches the model through its versions (version_of points from version to dataset),
  // so when no path follows the flow, the nearest connection either way is shown instead.
  return directedPath(view, a, b, false) ?? directedPath(view, b, a, false) ?? directedPath(view, a, b, true);
}

function directedPath(view: ViewGraph, start: number, goal: number, eitherWay: boolean): { nodes: Set<number>; edges: Set<string> } | null {
  if (start === goal) return { nodes: new Set([start]), edges: new Set() };
  const outgoing = new Map<number, ViewEdge[]>();
  const add = (at: number, edge: ViewEdge) => {
    const list = outgoing.get(at);
    if (list) list.push(edge);
    else outgoing.set(at, [edge]);
  };
  for (const edge of view.edges) {
    add(edge.from, edge);
    if (eitherWay) add(edge.to, edge);
  }
  const via = new Map<number, ViewEdge>();
  const seen = new Set([start]);
  let frontier = [start];
  // Breadth-first with a visited set: a cycle in a malformed graph ends the walk instead of looping.
  while (frontier.length > 0 && !seen.has(goal)) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const edge of outgoing.get(id) ?? []) {
        const other = edge.from === id ? edge.to : edge.from;
        if (seen.has(other)) continue;
        seen.add(other);
        via.set(other, edge);
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!seen.has(goal)) return null;
  const nodes = new Set([goal]);
  const edges = new Set<string>();
  for (let at = goal; at !== start;) {
    const edge = via.get(at);
    if (!edge) break;
    edges.add(edge.key);
    at = edge.to === at ? edge.from : edge.to;
    nodes.add(at);
  }
  return { nodes, edges };
}
