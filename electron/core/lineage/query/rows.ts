import type { Database, Statement } from 'better-sqlite3';
import type {
  LineageEdge,
  LineageEdgeKind,
  LineageNode,
  LineageNodeKind,
  LineageRunInfo,
  RunState,
  Confidence,
} from '@shared/domain/lineage';
import { formatLabel, formatRef } from '../graph/refs';
import { foldRunEvents } from './run-state';

export interface EdgeRow {
  id: number;
  from_id: number;
  to_id: number;
  kind: LineageEdgeKind;
  confidence: Confidence;
  origin: string;
  source_ref: string;
  valid_from: number;
  valid_to: number | null;
  details_json: string | null;
}

interface NodeRow {
  id: number;
  kind: LineageNodeKind;
  namespace: string;
  name: string;
  qualifier: string;
  origin: string;
  first_seen_at: number;
  last_seen_at: number;
  run_name: string | null;
  run_id: string | null;
  run_origin: string | null;
  state: RunState | null;
  started_at: number | null;
  terminal_at: number | null;
  first_event_at: number | null;
  last_event_at: number | null;
  parent_run_id: string | null;
  root_run_id: string | null;
  error_message: string | null;
  job_namespace: string | null;
  job_name: string | null;
}

export const EDGE_COLUMNS =
  'e.id, e.from_id, e.to_id, e.kind, e.confidence, e.origin, e.source_ref, e.valid_from, e.valid_to, e.details_json';

const NODE_SELECT = `
  SELECT n.id, n.kind, n.namespace, n.name, n.qualifier, n.origin, n.first_seen_at, n.last_seen_at,
         CASE WHEN n.kind = 'run' THEN json_extract(n.facets_json, '$.mlflow.value.runName') END AS run_name,
         r.run_id, r.origin AS run_origin, r.state, r.started_at, r.terminal_at, r.first_event_at, r.last_event_at,
         r.parent_run_id, r.root_run_id, r.error_message, j.namespace AS job_namespace, j.name AS job_name
  FROM lineage_nodes n
  LEFT JOIN lineage_runs r ON r.node_id = n.id
  LEFT JOIN lineage_nodes j ON j.id = r.job_node_id`;

interface Statements {
  nodes: Statement;
  edges: Statement;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s) return s;
  // Raw rows (arrays) and one statement each: a 2,000-node answer is hydrated in a few ms.
  s = {
    nodes: db.prepare(`${NODE_SELECT} JOIN json_each(?) AS wanted ON wanted.value = n.id`).raw(true),
    edges: db.prepare(`SELECT ${EDGE_COLUMNS} FROM json_each(?) AS j JOIN lineage_edges e ON e.id = j.value`).raw(true),
  };
  cache.set(db, s);
  return s;
}

/** Loads nodes by id, in the order given, with run state (as of `asOf` when set). */
export function loadNodes(
  db: Database,
  ids: readonly number[],
  depthOf?: ReadonlyMap<number, number>,
  asOf: number | null = null,
): LineageNode[] {
  if (ids.length === 0) return [];
  const byId = new Map<number, NodeRow>();
  for (const values of statements(db).nodes.all(JSON.stringify(ids)) as unknown[][]) {
    const row = nodeRow(values);
    byId.set(row.id, row);
  }
  const out: LineageNode[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (row) out.push(toNode(db, row, depthOf?.get(id) ?? null, asOf));
  }
  return out;
}

export function loadNode(db: Database, id: number): LineageNode | null {
  return loadNodes(db, [id])[0] ?? null;
}

/** A raw row of NODE_SELECT, column by column (an object per row costs more than the query). */
function nodeRow(v: unknown[]): NodeRow {
  return {
    id: v[0] as number,
    kind: v[1] as LineageNodeKind,
    namespace: v[2] as string,
    name: v[3] as string,
    qualifier: v[4] as string,
    origin: v[5] as string,
    first_seen_at: v[6] as number,
    last_seen_at: v[7] as number,
    run_name: v[8] as string | null,
    run_id: v[9] as string | null,
    run_origin: v[10] as string | null,
    state: v[11] as RunState | null,
    started_at: v[12] as number | null,
    terminal_at: v[13] as number | null,
    first_event_at: v[14] as number | null,
    last_event_at: v[15] as number | null,
    parent_run_id: v[16] as string | null,
    root_run_id: v[17] as string | null,
    error_message: v[18] as string | null,
    job_namespace: v[19] as string | null,
    job_name: v[20] as string | null,
  };
}

function toNode(db: Database, row: NodeRow, depth: number | null, asOf: number | null): LineageNode {
  const identity = { kind: row.kind, namespace: row.namespace, name: row.name, qualifier: row.qualifier };
  return {
    id: row.id,
    ref: formatRef(identity),
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    qualifier: row.qualifier === '' ? null : row.qualifier,
    label: formatLabel(identity, row.run_name),
    origin: row.origin,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    run: row.run_id === null ? null : runInfo(db, row, asOf),
    depth,
  };
}

function runInfo(db: Database, row: NodeRow, asOf: number | null): LineageRunInfo {
  const info: LineageRunInfo = {
    runId: row.run_id ?? row.name,
    origin: row.run_origin ?? row.origin,
    state: row.state ?? 'new',
    startedAt: row.started_at,
    endedAt: row.terminal_at,
    firstEventAt: row.first_event_at,
    lastEventAt: row.last_event_at,
    jobRef: row.job_namespace !== null && row.job_name !== null ? `job:${row.job_namespace}:${row.job_name}` : null,
    parentRunId: row.parent_run_id,
    rootRunId: row.root_run_id,
    errorMessage: row.error_message,
  };
  if (asOf === null) return info;
  if (info.origin === 'openlineage') {
    // Re-fold the run's own events up to that moment: the state it had then, not now.
    const events = db
      .prepare(
        'SELECT event_type, event_time FROM lineage_events WHERE run_id = ? AND job_name = ? AND event_time <= ? ORDER BY event_time',
      )
      .all(info.runId, row.job_name, asOf) as { event_type: string | null; event_time: number }[];
    const folded = foldRunEvents(events.map((e) => ({ eventType: e.event_type, at: e.event_time })));
    return { ...info, ...folded, errorMessage: folded.state === 'failed' ? info.errorMessage : null };
  }
  if (info.startedAt !== null && info.startedAt > asOf) return { ...info, state: 'new', startedAt: null, endedAt: null };
  if (info.endedAt !== null && info.endedAt > asOf) return { ...info, state: 'running', endedAt: null };
  return info;
}

/** Full edges by id (details, source, validity), in the order given. */
export function loadEdges(db: Database, ids: readonly number[]): LineageEdge[] {
  if (ids.length === 0) return [];
  const byId = new Map<number, LineageEdge>();
  for (const v of statements(db).edges.all(JSON.stringify(ids)) as unknown[][]) {
    byId.set(
      v[0] as number,
      toEdge({
        id: v[0] as number,
        from_id: v[1] as number,
        to_id: v[2] as number,
        kind: v[3] as LineageEdgeKind,
        confidence: v[4] as Confidence,
        origin: v[5] as string,
        source_ref: v[6] as string,
        valid_from: v[7] as number,
        valid_to: v[8] as number | null,
        details_json: v[9] as string | null,
      }),
    );
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function toEdge(row: EdgeRow): LineageEdge {
  return {
    id: row.id,
    from: row.from_id,
    to: row.to_id,
    kind: row.kind,
    confidence: row.confidence,
    origin: row.origin,
    sourceRef: row.source_ref,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    details: row.details_json === null ? null : (JSON.parse(row.details_json) as Record<string, unknown>),
  };
}
