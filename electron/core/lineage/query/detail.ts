import type { Database } from 'better-sqlite3';
import type { LineageNodeDetail, LineageSummary, RejectedEvent } from '@shared/domain/lineage';
import { QuorumError } from '../../errors';
import { facetValues } from '../graph/store';
import { isObject } from '../openlineage/types';
import { parseQualityAssertions } from './quality-assertions';
import { loadNode, loadNodes } from './rows';

/** Everything a side panel shows about one node. */
export function nodeDetail(db: Database, id: number): LineageNodeDetail {
  const node = loadNode(db, id);
  if (!node) throw new QuorumError('not_found', `No lineage node with id ${id}.`);
  const row = db.prepare('SELECT facets_json FROM lineage_nodes WHERE id = ?').get(id) as { facets_json: string };
  const facets = facetValues(row.facets_json);
  if (node.kind === 'run') {
    const run = db.prepare('SELECT facets_json FROM lineage_runs WHERE node_id = ?').get(id) as { facets_json: string } | undefined;
    if (run) Object.assign(facets, facetValues(run.facets_json));
  }
  const datasetId = node.kind === 'dataset_version' ? datasetOf(db, id) : id;
  const schemaSource =
    datasetId === id
      ? facets
      : facetValues(
          (db.prepare('SELECT facets_json FROM lineage_nodes WHERE id = ?').get(datasetId) as { facets_json: string }).facets_json,
        );
  const versionIds =
    node.kind === 'dataset'
      ? (
          db
            .prepare(
              "SELECT e.from_id AS id FROM lineage_edges e WHERE e.to_id = ? AND e.kind = 'version_of' ORDER BY e.valid_from DESC LIMIT 100",
            )
            .all(id) as { id: number }[]
        ).map((r) => r.id)
      : [];
  const count = (column: 'from_id' | 'to_id') =>
    (db.prepare(`SELECT count(*) AS n FROM lineage_edges WHERE ${column} = ? AND kind <> 'column'`).get(id) as { n: number }).n;
  return {
    node,
    facets,
    schema: schemaFields(schemaSource.schema),
    qualityAssertions: node.kind === 'dataset' || node.kind === 'dataset_version' ? assertions(db, [id, ...versionIds]) : [],
    versions: loadNodes(db, versionIds),
    upstreamCount: count('to_id'),
    downstreamCount: count('from_id'),
  };
}

function datasetOf(db: Database, versionId: number): number {
  const row = db.prepare("SELECT to_id FROM lineage_edges WHERE from_id = ? AND kind = 'version_of' LIMIT 1").get(versionId) as
    { to_id: number } | undefined;
  return row?.to_id ?? versionId;
}

function schemaFields(schema: unknown): LineageNodeDetail['schema'] {
  if (!isObject(schema) || !Array.isArray(schema.fields)) return [];
  return schema.fields.filter(isObject).map((f) => ({
    name: typeof f.name === 'string' ? f.name : '?',
    type: typeof f.type === 'string' ? f.type : null,
    description: typeof f.description === 'string' ? f.description : null,
  }));
}

/** Data-quality assertions runs reported about this dataset (inputFacets.dataQualityAssertions), newest first. */
function assertions(db: Database, ids: number[]): LineageNodeDetail['qualityAssertions'] {
  const rows = db
    .prepare(
      `SELECT details_json FROM lineage_edges WHERE from_id IN (SELECT value FROM json_each(?)) AND kind = 'input' AND details_json IS NOT NULL
       ORDER BY valid_from DESC LIMIT 50`,
    )
    .all(JSON.stringify(ids)) as { details_json: string }[];
  return rows.flatMap(({ details_json }) =>
    parseQualityAssertions(details_json).map((a) => ({
      assertion: a.assertion,
      success: a.success,
      column: a.column,
      runId: a.runId,
      at: a.at ?? 0,
    })),
  );
}

export function summary(db: Database): LineageSummary {
  const nodes = Object.fromEntries(
    (db.prepare('SELECT kind, count(*) AS n FROM lineage_nodes GROUP BY kind').all() as { kind: string; n: number }[]).map((r) => [
      r.kind,
      r.n,
    ]),
  );
  const edges = Object.fromEntries(
    (
      db.prepare('SELECT confidence, count(*) AS n FROM lineage_edges GROUP BY confidence').all() as { confidence: string; n: number }[]
    ).map((r) => [r.confidence, r.n]),
  );
  const events = db.prepare('SELECT count(*) AS n, max(received_at) AS last FROM lineage_events').get() as {
    n: number;
    last: number | null;
  };
  const rejected = (db.prepare('SELECT count(*) AS n FROM lineage_rejected').get() as { n: number }).n;
  return { nodes, edges, events: events.n, rejected, lastEventAt: events.last };
}

export function rejectedEvents(db: Database, limit: number, offset: number): { total: number; items: RejectedEvent[] } {
  const total = (db.prepare('SELECT count(*) AS n FROM lineage_rejected').get() as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT id, source, source_ref, first_received_at, last_received_at, times, reasons_json, substr(raw, 1, 400) AS preview
       FROM lineage_rejected ORDER BY last_received_at DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as {
    id: number;
    source: string;
    source_ref: string;
    first_received_at: number;
    last_received_at: number;
    times: number;
    reasons_json: string;
    preview: string;
  }[];
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      source: r.source,
      sourceRef: r.source_ref,
      firstReceivedAt: r.first_received_at,
      lastReceivedAt: r.last_received_at,
      times: r.times,
      reasons: JSON.parse(r.reasons_json) as RejectedEvent['reasons'],
      preview: r.preview,
    })),
  };
}

export function searchNodes(db: Database, query: string, kind: string | undefined, limit: number): number[] {
  const needle = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (
    db
      .prepare(
        `SELECT id FROM lineage_nodes WHERE (@kind IS NULL AND kind <> 'column' OR kind = @kind)
           AND (name LIKE @needle ESCAPE '\\' OR namespace LIKE @needle ESCAPE '\\' OR qualifier LIKE @needle ESCAPE '\\')
         ORDER BY length(name), name LIMIT @limit`,
      )
      .all({ kind: kind ?? null, needle, limit }) as { id: number }[]
  ).map((r) => r.id);
}
