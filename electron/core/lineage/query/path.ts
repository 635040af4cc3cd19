import type { Database } from 'better-sqlite3';
import type { LineagePath } from '@shared/domain/lineage';
import { loadEdges, loadNodes } from './rows';
import { walk, type Direction, type WalkEdge } from './traverse';

const MAX_PATH_NODES = 200_000;

/**
 * The shortest path from one node to another: downstream first (data flows from `from` to
 * `to`), else upstream (it flows from `to` to `from`). Breadth-first, so the path found has
 * the fewest hops; bounded by the size of the graph, never by a loop.
 */
export function pathBetween(db: Database, from: number, to: number, asOf: number | null, includeColumns: boolean): LineagePath {
  if (from === to) return { found: true, direction: 'downstream', nodes: loadNodes(db, [from]), edges: [] };
  for (const direction of ['downstream', 'upstream'] as const satisfies readonly Direction[]) {
    const result = walk(db, [from], { direction, depth: Number.POSITIVE_INFINITY, asOf, includeColumns, maxNodes: MAX_PATH_NODES });
    if (!result.depthOf.has(to)) continue;
    const edges: WalkEdge[] = [];
    const ids: number[] = [to];
    let current = to;
    // Each node was reached by one edge; its other end is one hop closer to `from`. (version_of
    // edges are walked from either end, so the direction alone does not say which end that is.)
    while (current !== from && edges.length <= result.depthOf.size) {
      const edge = result.reachedBy.get(current);
      if (!edge) break;
      edges.push(edge);
      current = edge.from_id === current ? edge.to_id : edge.from_id;
      ids.push(current);
    }
    ids.reverse();
    edges.reverse();
    return {
      found: true,
      direction,
      nodes: loadNodes(db, ids, new Map(ids.map((id, i) => [id, i])), asOf),
      edges: loadEdges(
        db,
        edges.map((e) => e.id),
      ),
    };
  }
  return { found: false, direction: null, nodes: loadNodes(db, [from, to]), edges: [] };
}
