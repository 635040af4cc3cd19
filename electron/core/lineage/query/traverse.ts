import type { Database, Statement } from 'better-sqlite3';
import type { Confidence, LineageEdgeKind } from '@shared/domain/lineage';
import { MemoryIndex } from '../graph/memory-index';
import type { EdgeRow } from './rows';

export type Direction = 'upstream' | 'downstream';

export interface WalkOptions {
  direction: Direction;
  /** Hops from the start nodes; Infinity walks until nothing new is reached. */
  depth: number;
  asOf: number | null;
  includeColumns: boolean;
  maxNodes: number;
  /** Only follow edges of these confidences (impact analysis ranks paths by their weakest edge). */
  confidences?: readonly Confidence[];
}

/** What the walk needs of an edge; the rest (details, source) is loaded once for the edges returned. */
export type WalkEdge = Pick<EdgeRow, 'id' | 'from_id' | 'to_id' | 'kind' | 'confidence'>;

export interface Walk {
  depthOf: Map<number, number>;
  /** The edge each node was first reached by, for trees and paths. */
  reachedBy: Map<number, WalkEdge>;
  edges: Map<number, WalkEdge>;
  /** Nodes reached downstream only through "some version of" steps: they may not have read the data. */
  possible: Set<number>;
  truncated: boolean;
}

interface State {
  /** Reached from one of its versions: stands for that version only, so its other versions are not walked into. */
  generalised: boolean;
  possible: boolean;
}

const NORMAL: State = { generalised: false, possible: false };
const POSSIBLE: State = { generalised: false, possible: true };
const GENERALISED: State = { generalised: true, possible: false };
const GENERALISED_POSSIBLE: State = { generalised: true, possible: true };

const cache = new WeakMap<Database, Record<Direction, Statement>>();

function statements(db: Database): Record<Direction, Statement> {
  let s = cache.get(db);
  if (s) return s;
  // One indexed lookup per level for the whole frontier (json_each), filtered in SQL so as-of and
  // column filtering cost nothing in JavaScript. Without asOf the graph is today's: periods that
  // ended (an alias that moved on, a deleted version) are left out. The second branch finds version_of edges from
  // the other side (a version's dataset upstream, a dataset's versions downstream).
  const filters = `
    AND (CASE WHEN @asOf IS NULL THEN e.valid_to IS NULL ELSE e.valid_from <= @asOf AND (e.valid_to IS NULL OR e.valid_to > @asOf) END)
    AND (@columns = 1 OR e.kind <> 'column')`;
  const columns = 'e.id, e.from_id, e.to_id, e.kind, e.confidence';
  const select = (near: 'from_id' | 'to_id', far: 'from_id' | 'to_id') => `
    SELECT ${columns}, 0 AS branch FROM lineage_edges e WHERE e.${far} IN (SELECT value FROM json_each(@frontier)) ${filters}
    UNION ALL
    SELECT ${columns}, 1 AS branch FROM lineage_edges e WHERE e.${near} IN (SELECT value FROM json_each(@frontier)) AND e.kind = 'version_of' ${filters}`;
  s = { upstream: db.prepare(select('from_id', 'to_id')), downstream: db.prepare(select('to_id', 'from_id')) };
  cache.set(db, s);
  return s;
}

/**
 * Breadth-first walk, level by level, visiting each node once (twice at most, when a better way
 * in is found), so a malformed graph with cycles ends like any other; findCycles reports them.
 *
 * `version_of` is a hierarchy, not data flow, and is walked by rule: a dataset stands for all its
 * versions (walking into it from elsewhere reaches each version's producers upstream and
 * consumers downstream), while a version leads to its dataset only as "that version" —
 * its sibling versions are not walked into. Downstream, that step means a consumer of the
 * unversioned dataset may or may not have read this version: what lies beyond is "possible".
 */
export function walk(db: Database, starts: readonly number[], options: WalkOptions): Walk {
  const statement = statements(db)[options.direction];
  const depthOf = new Map<number, number>();
  const reachedBy = new Map<number, WalkEdge>();
  const edges = new Map<number, WalkEdge>();
  const state = new Map<number, State>();
  let truncated = false;
  for (const id of starts) {
    depthOf.set(id, 0);
    state.set(id, NORMAL);
  }
  let frontier = [...depthOf.keys()];
  const upstream = options.direction === 'upstream';
  // Today's graph is walked in memory; a past one in SQL, where each edge's validity is kept.
  const memory = options.asOf === null ? MemoryIndex.for(db).sync() : null;
  const sqlRows = (ids: number[]) =>
    statement.all({ asOf: options.asOf, columns: options.includeColumns ? 1 : 0, frontier: JSON.stringify(ids) }) as (WalkEdge & {
      branch: number;
    })[];
  for (let level = 1; level <= options.depth && frontier.length > 0; level++) {
    const inFrontier = new Set(frontier);
    const next = new Set<number>();
    // branch 0: the edge leads away from the frontier in the walk's direction; branch 1: a version_of edge seen from its other end.
    const step = (row: WalkEdge, branch: number): void => {
      if (options.confidences && !options.confidences.includes(row.confidence)) return;
      if (row.kind === 'column' && !options.includeColumns) return;
      const near = branch === 0 ? (upstream ? row.to_id : row.from_id) : upstream ? row.from_id : row.to_id;
      const far = near === row.from_id ? row.to_id : row.from_id;
      if (!inFrontier.has(near)) return;
      const from = state.get(near) ?? NORMAL;
      let arriving: State = from.possible ? POSSIBLE : NORMAL;
      if (row.kind === 'version_of') {
        const intoVersion = far === row.from_id;
        if (intoVersion && from.generalised) return; // a version's dataset does not stand for its siblings
        if (!intoVersion) arriving = from.possible || !upstream ? GENERALISED_POSSIBLE : GENERALISED;
      }
      const known = state.get(far);
      if (known === undefined) {
        if (depthOf.size >= options.maxNodes) {
          truncated = true;
          return;
        }
        depthOf.set(far, level);
        reachedBy.set(far, row);
        state.set(far, arriving);
        next.add(far);
      } else if ((known.generalised && !arriving.generalised) || (known.possible && !arriving.possible)) {
        state.set(far, { generalised: known.generalised && arriving.generalised, possible: known.possible && arriving.possible });
        next.add(far);
      }
      edges.set(row.id, row);
    };
    if (memory) {
      const away = (e: WalkEdge) => step(e, 0);
      const back = (e: WalkEdge) => {
        if (e.kind === 'version_of') step(e, 1);
      };
      for (const id of frontier) {
        if (upstream) {
          memory.eachIn(id, away);
          memory.eachOut(id, back);
        } else {
          memory.eachOut(id, away);
          memory.eachIn(id, back);
        }
      }
    } else {
      for (const row of sqlRows(frontier)) step(row, row.branch);
    }
    frontier = [...next];
  }
  const possible = new Set([...state].filter(([, s]) => s.possible).map(([id]) => id));
  return { depthOf, reachedBy, edges, possible, truncated };
}

/** Edges of one kind touching a node, for expanding a job into its runs or a dataset into its versions. */
export function adjacent(db: Database, id: number, kind: LineageEdgeKind, side: 'from' | 'to', asOf: number | null): WalkEdge[] {
  const column = side === 'from' ? 'from_id' : 'to_id';
  return db
    .prepare(
      `SELECT e.id, e.from_id, e.to_id, e.kind, e.confidence FROM lineage_edges e WHERE e.${column} = @id AND e.kind = @kind
         AND (CASE WHEN @asOf IS NULL THEN e.valid_to IS NULL ELSE e.valid_from <= @asOf AND (e.valid_to IS NULL OR e.valid_to > @asOf) END)`,
    )
    .all({ id, kind, asOf }) as WalkEdge[];
}

/**
 * Strongly connected components with more than one node (or a self-loop), found iteratively
 * (no recursion to overflow on deep graphs). Each is reported once, as node ids.
 */
export function findCycles(nodes: readonly number[], edges: Iterable<Pick<EdgeRow, 'from_id' | 'to_id'>>, limit = 50): number[][] {
  const out = new Map<number, number[]>();
  const selfLoops = new Set<number>();
  for (const e of edges) {
    if (e.from_id === e.to_id) selfLoops.add(e.from_id);
    const list = out.get(e.from_id);
    if (list) list.push(e.to_id);
    else out.set(e.from_id, [e.to_id]);
  }
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const successors = out.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const w = successors[frame.next++] as number;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(w) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: number[] = [];
        let w: number | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        if ((component.length > 1 || selfLoops.has(frame.node)) && cycles.length < limit) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}
