import type { ViewGraph } from './graph-model';

export interface Point {
  x: number;
  y: number;
}

/** Node box the layout reserves; the canvas draws a smaller symbol with its label beside it. */
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 28;
/** Gaps between layers (horizontal) and between nodes of one layer (vertical), as ELK is given. */
export const LAYER_GAP = 80;
export const NODE_GAP = 24;

/** Barycenter passes (alternating down and up): enough to untangle fan-in trees, linear each. */
const ORDERING_SWEEPS = 4;

export interface FastLayout {
  /** Node centres, as layoutGraph returns them. */
  positions: Map<number, Point>;
  /** Each layer's node ids, top to bottom; layer 0 is leftmost. */
  layers: number[][];
  /** Keys of the edges reversed to break cycles: they are the only edges drawn right to left. */
  backEdges: Set<string>;
}

/**
 * A layered left-to-right layout in linear-ish time, for graphs too large for ELK's cold
 * start: cycles broken by a depth-first search, longest-path layering along the data flow,
 * a few barycenter sweeps against crossings, then even spacing per layer. Pure and
 * deterministic: the same view (same node and edge order) gives the same positions.
 */
export function fastLayout(view: ViewGraph): FastLayout {
  const count = view.nodes.length;
  const indexOf = new Map<number, number>();
  view.nodes.forEach((node, i) => indexOf.set(node.id, i));

  // Adjacency by node index; edges to nodes outside the view and self-loops are ignored.
  const out: { to: number; key: string }[][] = Array.from({ length: count }, () => []);
  const indegree = new Array<number>(count).fill(0);
  for (const edge of view.edges) {
    const from = indexOf.get(edge.from);
    const to = indexOf.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    out[from]?.push({ to, key: edge.key });
    indegree[to] = (indegree[to] ?? 0) + 1;
  }

  const backEdges = findBackEdges(out, indegree);

  // The acyclic graph left once back edges are set aside, both ways.
  const succ: number[][] = Array.from({ length: count }, () => []);
  const pred: number[][] = Array.from({ length: count }, () => []);
  for (let from = 0; from < count; from++) {
    for (const { to, key } of out[from] ?? []) {
      if (backEdges.has(key)) continue;
      succ[from]?.push(to);
      pred[to]?.push(from);
    }
  }

  const layer = longestPathLayers(succ, pred);
  const layers = orderLayers(layer, succ, pred);

  // Even spacing: x by layer, y by rank, each layer centred on the tallest one.
  const pitch = NODE_HEIGHT + NODE_GAP;
  const tallest = layers.reduce((max, l) => Math.max(max, l.length), 0);
  const positions = new Map<number, Point>();
  layers.forEach((members, l) => {
    const offset = ((tallest - members.length) * pitch) / 2;
    members.forEach((i, rank) => {
      const node = view.nodes[i];
      if (node) positions.set(node.id, { x: l * (NODE_WIDTH + LAYER_GAP) + NODE_WIDTH / 2, y: offset + rank * pitch + NODE_HEIGHT / 2 });
    });
  });
  return {
    positions,
    layers: layers.map((members) => members.map((i) => view.nodes[i]?.id ?? Number.NaN)),
    backEdges,
  };
}

/**
 * Edges closing a cycle, found by an iterative depth-first search (no recursion, so a long
 * chain cannot overflow the stack): an edge into a node still on the search's path. Sources
 * are searched first so the edges set aside run against the flow, then the rest in view order.
 */
function findBackEdges(out: { to: number; key: string }[][], indegree: number[]): Set<string> {
  const count = out.length;
  const state = new Uint8Array(count); // 0 unseen, 1 on the path, 2 done
  const back = new Set<string>();
  const starts: number[] = [];
  for (let i = 0; i < count; i++) if (indegree[i] === 0) starts.push(i);
  for (let i = 0; i < count; i++) if (indegree[i] !== 0) starts.push(i);
  const stack: number[] = [];
  const next: number[] = new Array<number>(count).fill(0); // each node's next outgoing edge
  for (const start of starts) {
    if (state[start] !== 0) continue;
    state[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const at = stack[stack.length - 1] as number;
      const edges = out[at] ?? [];
      const k = next[at] ?? 0;
      if (k >= edges.length) {
        state[at] = 2;
        stack.pop();
        continue;
      }
      next[at] = k + 1;
      const edge = edges[k];
      if (!edge) continue;
      if (state[edge.to] === 1) back.add(edge.key);
      else if (state[edge.to] === 0) {
        state[edge.to] = 1;
        stack.push(edge.to);
      }
    }
  }
  return back;
}

/**
 * Longest-path layering from the sources (Kahn's order over the acyclic graph), then each
 * source moved right to just before its nearest consumer, so an input read late in the flow
 * does not draw a long edge from the far left.
 */
function longestPathLayers(succ: number[][], pred: number[][]): number[] {
  const count = succ.length;
  const layer = new Array<number>(count).fill(0);
  const waiting = pred.map((p) => p.length);
  const queue: number[] = [];
  for (let i = 0; i < count; i++) if (waiting[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head] as number;
    for (const to of succ[at] ?? []) {
      layer[to] = Math.max(layer[to] ?? 0, (layer[at] ?? 0) + 1);
      waiting[to] = (waiting[to] ?? 0) - 1;
      if (waiting[to] === 0) queue.push(to);
    }
  }
  // Every node is queued once the back edges are gone; the loop above never revisits one.
  for (let i = 0; i < count; i++) {
    const consumers = succ[i] ?? [];
    if ((pred[i]?.length ?? 0) > 0 || consumers.length === 0) continue;
    let nearest = Number.POSITIVE_INFINITY;
    for (const to of consumers) nearest = Math.min(nearest, layer[to] ?? 0);
    layer[i] = nearest - 1;
  }
  return layer;
}

/**
 * Orders each layer to reduce crossings: first by view order, then alternating sweeps that
 * sort each layer by the mean y of its neighbours in the layers already placed (predecessors
 * going down, successors going up). Ties keep the current order (a stable sort), so the result
 * is deterministic.
 */
function orderLayers(layer: number[], succ: number[][], pred: number[][]): number[][] {
  const depth = layer.reduce((max, l) => Math.max(max, l + 1), 0);
  const layers: number[][] = Array.from({ length: depth }, () => []);
  layer.forEach((l, i) => layers[l]?.push(i));

  const tallest = layers.reduce((max, l) => Math.max(max, l.length), 0);
  // The y (in ranks) each node is drawn at: layers are centred on the tallest one.
  const y = new Float64Array(layer.length);
  const place = (members: number[]) => {
    const offset = (tallest - members.length) / 2;
    members.forEach((i, rank) => (y[i] = offset + rank));
  };
  layers.forEach(place);

  const sweep = (members: number[], neighbours: number[][]) => {
    const key = new Float64Array(members.length);
    members.forEach((i, rank) => {
      const adjacent = neighbours[i] ?? [];
      if (adjacent.length === 0) {
        key[rank] = y[i] ?? 0; // nothing to follow: stay put
        return;
      }
      let sum = 0;
      for (const j of adjacent) sum += y[j] ?? 0;
      key[rank] = sum / adjacent.length;
    });
    const order = members.map((_, rank) => rank).sort((a, b) => (key[a] ?? 0) - (key[b] ?? 0) || a - b);
    const sorted = order.map((rank) => members[rank] as number);
    place(sorted);
    return sorted;
  };

  for (let pass = 0; pass < ORDERING_SWEEPS; pass++) {
    if (pass % 2 === 0) for (let l = 1; l < depth; l++) layers[l] = sweep(layers[l] ?? [], pred);
    else for (let l = depth - 2; l >= 0; l--) layers[l] = sweep(layers[l] ?? [], succ);
  }
  return layers;
}
