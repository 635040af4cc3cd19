import type { Database, Statement } from 'better-sqlite3';
import type { Confidence, LineageEdgeKind, LineageNodeKind, RunState } from '@shared/domain/lineage';
import type { JsonObject } from '../openlineage/types';

export interface NodeKey {
  kind: LineageNodeKind;
  namespace: string;
  name: string;
  /** Dataset version, column, alias, model version; '' when the kind has none. */
  qualifier?: string;
}

export interface EdgeSpec {
  from: number;
  to: number;
  kind: LineageEdgeKind;
  confidence: Confidence;
  origin: string;
  sourceRef: string;
  validFrom: number;
  validTo?: number | null;
  details?: JsonObject | null;
  /** Tells apart repeated intervals of the same edge; 0 for everything but alias and stage history. */
  epoch?: number;
}

/** A facet as stored on a node: the value and the event time it is from, so late events never overwrite newer facets. */
interface StoredFacet {
  at: number;
  value: unknown;
}

type RunEventKind = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER' | null;

export interface RunObservation {
  nodeId: number;
  runId: string;
  jobNodeId: number | null;
  origin: string;
  eventType: RunEventKind;
  at: number;
  errorMessage?: string | null;
  parentRunId?: string | null;
  rootRunId?: string | null;
  nominalStart?: number | null;
  nominalEnd?: number | null;
  facets?: JsonObject;
}

interface RunRow {
  node_id: number;
  run_id: string;
  job_node_id: number | null;
  state: RunState;
  first_event_at: number | null;
  last_event_at: number | null;
  started_at: number | null;
  terminal_type: string | null;
  terminal_at: number | null;
  error_message: string | null;
  error_at: number | null;
  parent_run_id: string | null;
  root_run_id: string | null;
  hierarchy_at: number | null;
  nominal_start: number | null;
  nominal_end: number | null;
  facets_json: string;
}

const TERMINAL: Record<string, RunState> = { COMPLETE: 'completed', FAIL: 'failed', ABORT: 'aborted' };
/** When two terminal events carry the same time, the pessimistic one wins: a run that says both FAIL and COMPLETE failed. */
const TERMINAL_PRECEDENCE: Record<string, number> = { COMPLETE: 1, ABORT: 2, FAIL: 3 };

interface Statements {
  upsertNode: Statement;
  nodeFacets: Statement;
  setNodeFacets: Statement;
  upsertEdge: Statement;
  runByNode: Statement;
  runJobByRunId: Statement;
  insertRun: Statement;
  ensureRun: Statement;
  adoptJob: Statement;
  updateRun: Statement;
  bumpMeta: Statement;
}

const statementCache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let cached = statementCache.get(db);
  if (cached) return cached;
  cached = {
    upsertNode: db.prepare(`
      INSERT INTO lineage_nodes (kind, namespace, name, qualifier, origin, first_seen_at, last_seen_at, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (kind, namespace, name, qualifier) DO UPDATE SET
        first_seen_at = min(first_seen_at, excluded.first_seen_at), last_seen_at = max(last_seen_at, excluded.last_seen_at),
        location = coalesce(location, excluded.location)
      RETURNING id`),
    nodeFacets: db.prepare('SELECT facets_json FROM lineage_nodes WHERE id = ?'),
    setNodeFacets: db.prepare('UPDATE lineage_nodes SET facets_json = ? WHERE id = ?'),
    // The earliest evidence sets valid_from (it only moves back) and names its source; details
    // (a run's input/output facets) come from the newest evidence, by their own "at".
    upsertEdge: db.prepare(`
      INSERT INTO lineage_edges (from_id, to_id, kind, confidence, origin, source_ref, valid_from, valid_to, details_json, epoch)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (from_id, to_id, kind, origin, epoch) DO UPDATE SET
        source_ref = CASE WHEN excluded.valid_from < valid_from THEN excluded.source_ref ELSE source_ref END,
        valid_from = min(valid_from, excluded.valid_from),
        details_json = CASE
          WHEN excluded.details_json IS NOT NULL AND (details_json IS NULL
            OR coalesce(json_extract(excluded.details_json, '$.at'), 0) >= coalesce(json_extract(details_json, '$.at'), 0))
          THEN excluded.details_json ELSE details_json END`),
    runByNode: db.prepare('SELECT * FROM lineage_runs WHERE node_id = ?'),
    runJobByRunId: db.prepare(`
      SELECT j.namespace, j.name FROM lineage_runs r JOIN lineage_nodes j ON j.id = r.job_node_id
      WHERE r.run_id = ? AND r.origin = ? LIMIT 1`),
    insertRun: db.prepare(`
      INSERT INTO lineage_runs (node_id, run_id, job_node_id, origin, state) VALUES (?, ?, ?, ?, 'new')`),
    ensureRun: db.prepare(`
      INSERT INTO lineage_runs (node_id, run_id, job_node_id, origin, state) VALUES (?, ?, ?, ?, 'new') ON CONFLICT (node_id) DO NOTHING`),
    adoptJob: db.prepare('UPDATE lineage_runs SET job_node_id = ? WHERE node_id = ? AND job_node_id IS NULL'),
    updateRun: db.prepare(`
      UPDATE lineage_runs SET job_node_id = ?, state = ?, first_event_at = ?, last_event_at = ?, started_at = ?, terminal_type = ?,
        terminal_at = ?, error_message = ?, error_at = ?, parent_run_id = ?, root_run_id = ?, hierarchy_at = ?, nominal_start = ?,
        nominal_end = ?, facets_json = ?
      WHERE node_id = ?`),
    bumpMeta: db.prepare(`
      INSERT INTO lineage_meta (key, value) VALUES (?, '1')
      ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`),
  };
  statementCache.set(db, cached);
  return cached;
}

/**
 * Writes nodes, edges and run state. Every operation is an upsert whose result does not depend
 * on the order calls arrive in, which is what lets events arrive in any order.
 */
export class GraphStore {
  private readonly s: Statements;

  constructor(readonly db: Database) {
    this.s = statements(db);
  }

  /** Upserts a node; `location` (datasets: a normalised URI, see locations.ts) is kept from the first source that gives one. */
  node(key: NodeKey, origin: string, at: number, location: string | null = null): number {
    const row = this.s.upsertNode.get(key.kind, key.namespace, key.name, key.qualifier ?? '', origin, at, at, location) as { id: number };
    return row.id;
  }

  /** Merges facets by key, newest event time first; `_deleted: true` removes a facet, as the spec says. */
  mergeFacets(nodeId: number, facets: JsonObject, at: number): void {
    const entries = Object.entries(facets);
    if (entries.length === 0) return;
    const row = this.s.nodeFacets.get(nodeId) as { facets_json: string } | undefined;
    if (!row) return;
    const stored = JSON.parse(row.facets_json) as Record<string, StoredFacet>;
    if (mergeInto(stored, entries, at)) this.s.setNodeFacets.run(JSON.stringify(stored), nodeId);
  }

  edge(spec: EdgeSpec): void {
    this.s.upsertEdge.run(
      spec.from,
      spec.to,
      spec.kind,
      spec.confidence,
      spec.origin,
      spec.sourceRef,
      spec.validFrom,
      spec.validTo ?? null,
      spec.details && Object.keys(spec.details).length > 0 ? JSON.stringify(spec.details) : null,
      spec.epoch ?? 0,
    );
  }

  /** The job a run already belongs to, so a conflicting event can be refused rather than move the run. */
  jobOfRun(runId: string, origin: string): { namespace: string; name: string } | undefined {
    return this.s.runJobByRunId.get(runId, origin) as { namespace: string; name: string } | undefined;
  }

  /**
   * Folds one observation of a run into its state. Each field is a commutative merge — earliest
   * start, the latest terminal event (FAIL over ABORT over COMPLETE at equal times), the newest
   * error message and hierarchy — so START/RUNNING/COMPLETE/FAIL/ABORT in any order give the same
   * final state, and an event seen twice changes nothing.
   */
  observeRun(o: RunObservation): void {
    let row = this.s.runByNode.get(o.nodeId) as RunRow | undefined;
    if (!row) {
      this.s.insertRun.run(o.nodeId, o.runId, o.jobNodeId, o.origin);
      row = this.s.runByNode.get(o.nodeId) as RunRow;
    }
    const next = { ...row };
    if (next.job_node_id === null && o.jobNodeId !== null) next.job_node_id = o.jobNodeId;
    if (o.eventType !== null || o.origin !== 'openlineage') {
      next.first_event_at = minOf(next.first_event_at, o.at);
      next.last_event_at = maxOf(next.last_event_at, o.at);
    }
    if (o.eventType === 'START') next.started_at = minOf(next.started_at, o.at);
    const terminal = o.eventType ? TERMINAL[o.eventType] : undefined;
    if (terminal && o.eventType) {
      const replace =
        next.terminal_at === null ||
        o.at > next.terminal_at ||
        (o.at === next.terminal_at && (TERMINAL_PRECEDENCE[o.eventType] ?? 0) > (TERMINAL_PRECEDENCE[next.terminal_type ?? ''] ?? 0));
      if (replace) {
        next.terminal_type = o.eventType;
        next.terminal_at = o.at;
      }
    }
    if (o.errorMessage && (next.error_at === null || o.at >= next.error_at)) {
      next.error_message = o.errorMessage;
      next.error_at = o.at;
    }
    if ((o.parentRunId || o.rootRunId) && (next.hierarchy_at === null || o.at >= next.hierarchy_at)) {
      next.parent_run_id = o.parentRunId ?? next.parent_run_id;
      next.root_run_id = o.rootRunId ?? next.root_run_id;
      next.hierarchy_at = o.at;
    }
    if (o.nominalStart !== undefined && o.nominalStart !== null) next.nominal_start = o.nominalStart;
    if (o.nominalEnd !== undefined && o.nominalEnd !== null) next.nominal_end = o.nominalEnd;
    next.state = stateOf(next.terminal_type, next.started_at, o.eventType === 'RUNNING' || row.state === 'running');
    if (o.facets && Object.keys(o.facets).length > 0) {
      const stored = JSON.parse(next.facets_json) as Record<string, StoredFacet>;
      if (mergeInto(stored, Object.entries(o.facets), o.at)) next.facets_json = JSON.stringify(stored);
    }
    this.s.updateRun.run(
      next.job_node_id,
      next.state,
      next.first_event_at,
      next.last_event_at,
      next.started_at,
      next.terminal_type,
      next.terminal_at,
      next.error_message,
      next.error_at,
      next.parent_run_id,
      next.root_run_id,
      next.hierarchy_at,
      next.nominal_start,
      next.nominal_end,
      next.facets_json,
      o.nodeId,
    );
  }

  /** A run known only from another run's parent facet: it exists, belongs to that job, and has no state yet. */
  ensureRun(nodeId: number, runId: string, jobNodeId: number, origin: string): void {
    if (this.s.ensureRun.run(nodeId, runId, jobNodeId, origin).changes === 0) this.s.adoptJob.run(jobNodeId, nodeId);
  }

  /** Sets a run's whole state from a source that reports it directly (MLflow, DVC). */
  setRun(
    nodeId: number,
    runId: string,
    jobNodeId: number | null,
    origin: string,
    state: RunState,
    startedAt: number | null,
    endedAt: number | null,
  ): void {
    const row = this.s.runByNode.get(nodeId) as RunRow | undefined;
    if (!row) this.s.insertRun.run(nodeId, runId, jobNodeId, origin);
    const terminalType = state === 'completed' ? 'COMPLETE' : state === 'failed' ? 'FAIL' : state === 'aborted' ? 'ABORT' : null;
    this.s.updateRun.run(
      jobNodeId,
      state,
      startedAt,
      endedAt ?? startedAt,
      startedAt,
      terminalType,
      terminalType ? endedAt : null,
      row?.error_message ?? null,
      row?.error_at ?? null,
      row?.parent_run_id ?? null,
      row?.root_run_id ?? null,
      row?.hierarchy_at ?? null,
      null,
      null,
      row?.facets_json ?? '{}',
      nodeId,
    );
  }

  /** Marks that the graph changed, for caches and for the identity rules to run again. */
  bump(key: 'generation' | 'rewrite_generation'): void {
    this.s.bumpMeta.run(key);
  }
}

export function stateOf(terminalType: string | null, startedAt: number | null, sawRunning: boolean): RunState {
  if (terminalType && TERMINAL[terminalType]) return TERMINAL[terminalType];
  if (startedAt !== null || sawRunning) return 'running';
  return 'new';
}

function mergeInto(stored: Record<string, StoredFacet>, entries: [string, unknown][], at: number): boolean {
  let changed = false;
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    const current = stored[key];
    if (current && current.at > at) continue;
    const deleted = typeof value === 'object' && value !== null && (value as JsonObject)._deleted === true;
    stored[key] = { at, value: deleted ? null : value };
    changed = true;
  }
  return changed;
}

/** Facets as the API shows them: values only, deleted ones left out. */
export function facetValues(json: string): Record<string, unknown> {
  const stored = JSON.parse(json) as Record<string, StoredFacet>;
  const out: Record<string, unknown> = {};
  for (const [key, facet] of Object.entries(stored)) if (facet.value !== null) out[key] = facet.value;
  return out;
}

const minOf = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));
const maxOf = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));
