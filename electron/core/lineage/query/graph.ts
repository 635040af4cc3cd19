import type { Database } from 'better-sqlite3';
import type { LineageGraph } from '@shared/domain/lineage';
import { QuorumError } from '../../errors';
import { loadEdges, loadNode, loadNodes } from './rows';
import { adjacent, findCycles, walk, type Direction, type WalkEdge } from './traverse';

export interface GraphQuery {
  root: number;
  direction: Direction | 'both';
  depth: number;
  asOf: number | null;
  includeColumns: boolean;
  maxNodes: number;
}

/**
 * Upstream, downstream or both from one node. A job stands for all its runs: its upstream is
 * what its runs read, zero hops from the root. (A dataset stands for all its versions by the
 * walk's own rule.)
 */
export function lineageGraph(db: Database, q: GraphQuery): LineageGraph {
  const root = loadNode(db, q.root);
  if (!root) throw new QuorumError('not_found', `No lineage node with id ${q.root}.`);
  const depthOf = new Map<number, number>([[q.root, 0]]);
  const edges = new Map<number, WalkEdge>();
  let truncated = false;

  for (const direction of q.direction === 'both' ? (['upstream', 'downstream'] as const) : [q.direction]) {
    const starts = [q.root];
    const expansion = root.kind === 'job' && direction === 'upstream' ? adjacent(db, q.root, 'executes', 'from', q.asOf) : [];
    for (const e of expansion) {
      starts.push(e.to_id);
      edges.set(e.id, e);
    }
    const result = walk(db, starts, { direction, depth: q.depth, asOf: q.asOf, includeColumns: q.includeColumns, maxNodes: q.maxNodes });
    for (const [id, depth] of result.depthOf) depthOf.set(id, Math.min(depth, depthOf.get(id) ?? depth));
    for (const [id, edge] of result.edges) edges.set(id, edge);
    truncated ||= result.truncated;
  }
  const ids = [...depthOf.keys()].sort((a, b) => (depthOf.get(a) ?? 0) - (depthOf.get(b) ?? 0) || a - b);
  return {
    root: { ...root, depth: 0 },
    direction: q.direction,
    depth: q.depth,
    asOf: q.asOf,
    nodes: loadNodes(db, ids, depthOf, q.asOf),
    edges: loadEdges(
      db,
      [...edges.keys()].sort((a, b) => a - b),
    ),
    truncated,
    cycles: findCycles(ids, edges.values()),
  };
}
