import type { ELK, ElkNode } from 'elkjs/lib/elk-api';
import { fastLayout, LAYER_GAP, NODE_GAP, NODE_HEIGHT, NODE_WIDTH, type Point } from './fast-layout';
import type { ViewGraph } from './graph-model';

export { NODE_HEIGHT, NODE_WIDTH, type Point };

/**
 * Above this many nodes the fast layered layout (fast-layout.ts) is used instead of ELK.
 * ELK's first layout in a page pays its cold start (about 0.4–0.6 s in Node, over a second in
 * the page) before placing anything, then 0.2–0.5 s warm at 300–2,000 nodes; the fast layout
 * takes under 10 ms at 2,000 nodes. Above 500 nodes ELK was already run with the longest-path
 * layering, fewer ordering sweeps and simple placement (network simplex took seconds), which is what the
 * fast layout does, so the threshold sits there: nothing tidier is given up, and up to 500
 * nodes ELK keeps its full crossing minimisation and node placement.
 */
export const FAST_LAYOUT_THRESHOLD = 500;

let elk: Promise<ELK> | null = null;

/**
 * The bundled build runs in the page without a worker; one instance serves every layout. It
 * is loaded on first use, so a page that only lays out large graphs never evaluates it.
 */
function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(
    ({ default: ELK }) => new ELK(),
    (error: unknown) => {
      elk = null; // a failed chunk load is retried on the next layout
      throw error;
    },
  );
  return elk;
}

/**
 * A layered left-to-right layout (data flows left to right), as node centres. Pure: the same
 * graph gives the same positions, in the browser and in unit tests.
 */
export async function layoutGraph(view: ViewGraph): Promise<Map<number, Point>> {
  if (view.nodes.length > FAST_LAYOUT_THRESHOLD) return fastLayout(view).positions;
  return elkLayout(view);
}

/** ELK's layered layout, for graphs up to FAST_LAYOUT_THRESHOLD nodes. */
export async function elkLayout(view: ViewGraph): Promise<Map<number, Point>> {
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
      'elk.spacing.nodeNode': String(NODE_GAP),
      // Edges are drawn straight by ECharts, so ELK need not route them.
      'elk.edgeRouting': 'POLYLINE',
      'elk.separateConnectedComponents': 'true',
    },
    children: view.nodes.map((n) => ({ id: String(n.id), width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: view.edges.map((e) => ({ id: e.key, sources: [String(e.from)], targets: [String(e.to)] })),
  };
  const laid = await (await loadElk()).layout(root);
  const positions = new Map<number, Point>();
  for (const child of laid.children ?? []) {
    positions.set(Number(child.id), { x: (child.x ?? 0) + NODE_WIDTH / 2, y: (child.y ?? 0) + NODE_HEIGHT / 2 });
  }
  return positions;
}
