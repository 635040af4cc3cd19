import type { Migration } from './migration';

/**
 * The lineage graph (see electron/core/lineage/README.md).
 *
 * - `lineage_events`: every accepted OpenLineage event, raw JSON kept verbatim (custom facets
 *   included). The idempotency key is the SHA-256 of the event's canonical JSON (keys sorted), so
 *   a re-sent event is a no-op while two different events that share runId, eventType and
 *   eventTime are both kept — a producer that re-sends with more facets loses nothing.
 * - `lineage_rejected`: what was refused and why, keyed by content hash so a client retrying a
 *   bad event counts up instead of filling the table. Never dropped silently.
 * - `lineage_nodes` / `lineage_edges`: the graph. Nodes are identified by (kind, namespace, name,
 *   qualifier); `location` is a normalised URI for datasets, which identity rules match on. Every
 *   edge records its origin, the event/file/sync that said so, a confidence, and the time it
 *   became true (valid_from) and stopped being true (valid_to), for as-of queries. `epoch` tells
 *   apart intervals of the same edge (an alias that moves away from a version and back).
 * - `lineage_runs`: run state folded from events in any arrival order.
 * - `lineage_meta`: settings (identity rules) and freshness markers.
 */
export const lineageMigration: Migration = {
  version: 3,
  name: 'lineage',
  up(db) {
    db.exec(`
      CREATE TABLE lineage_events (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('run', 'job', 'dataset')),
        event_type TEXT,
        event_time INTEGER NOT NULL,
        run_id TEXT,
        job_namespace TEXT,
        job_name TEXT,
        producer TEXT,
        source TEXT NOT NULL,
        source_ref TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        warnings_json TEXT NOT NULL DEFAULT '[]',
        raw_json TEXT NOT NULL
      );
      CREATE INDEX lineage_events_by_run ON lineage_events(run_id, event_time);
      CREATE INDEX lineage_events_by_time ON lineage_events(event_time);

      CREATE TABLE lineage_rejected (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        source_ref TEXT NOT NULL,
        first_received_at INTEGER NOT NULL,
        last_received_at INTEGER NOT NULL,
        times INTEGER NOT NULL DEFAULT 1,
        reasons_json TEXT NOT NULL,
        raw TEXT NOT NULL
      );
      CREATE INDEX lineage_rejected_by_time ON lineage_rejected(last_received_at);

      CREATE TABLE lineage_nodes (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('dataset', 'dataset_version', 'job', 'run', 'model_version', 'deployment', 'code_commit', 'column')),
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        qualifier TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL,
        location TEXT,
        facets_json TEXT NOT NULL DEFAULT '{}',
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        UNIQUE (kind, namespace, name, qualifier)
      );
      CREATE INDEX lineage_nodes_by_name ON lineage_nodes(name);
      CREATE INDEX lineage_nodes_by_qualifier ON lineage_nodes(kind, qualifier);
      CREATE INDEX lineage_nodes_by_location ON lineage_nodes(location) WHERE location IS NOT NULL;

      CREATE TABLE lineage_edges (
        id INTEGER PRIMARY KEY,
        from_id INTEGER NOT NULL REFERENCES lineage_nodes(id) ON DELETE CASCADE,
        to_id INTEGER NOT NULL REFERENCES lineage_nodes(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        confidence TEXT NOT NULL CHECK (confidence IN ('observed', 'declared', 'inferred')),
        origin TEXT NOT NULL,
        source_ref TEXT NOT NULL,
        valid_from INTEGER NOT NULL,
        valid_to INTEGER,
        details_json TEXT,
        epoch INTEGER NOT NULL DEFAULT 0,
        UNIQUE (from_id, to_id, kind, origin, epoch)
      );
      CREATE INDEX lineage_edges_by_to ON lineage_edges(to_id);
      CREATE INDEX lineage_edges_by_origin ON lineage_edges(origin);

      CREATE TABLE lineage_runs (
        node_id INTEGER PRIMARY KEY REFERENCES lineage_nodes(id) ON DELETE CASCADE,
        run_id TEXT NOT NULL,
        job_node_id INTEGER REFERENCES lineage_nodes(id),
        origin TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('new', 'running', 'completed', 'failed', 'aborted')),
        first_event_at INTEGER,
        last_event_at INTEGER,
        started_at INTEGER,
        terminal_type TEXT,
        terminal_at INTEGER,
        error_message TEXT,
        error_at INTEGER,
        parent_run_id TEXT,
        root_run_id TEXT,
        hierarchy_at INTEGER,
        nominal_start INTEGER,
        nominal_end INTEGER,
        facets_json TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX lineage_runs_by_run_id ON lineage_runs(run_id);
      CREATE INDEX lineage_runs_by_job ON lineage_runs(job_node_id);

      CREATE TABLE lineage_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
