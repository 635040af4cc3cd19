import type { Database } from 'better-sqlite3';
import type { LineageContext } from '../context';
import { parseQualityAssertions } from './quality-assertions';
import { walk } from './traverse';

/**
 * Data-quality evidence for the release gate: the assertion results recorded on the data a
 * model version was trained from, as the lineage graph knows it. Governance's `dataQuality`
 * evidence provider (create-core.ts, demo/load-governance.ts) is this function.
 */

export interface QualitySubject {
  connection: string;
  model: string;
  version: number;
}

/** Shaped as governance's DataQualityEvidence, without the lineage area depending on governance. */
export interface QualityResult {
  at: number;
  assertion: string;
  passed: boolean;
}

/** As deep as the reports' dossier walks upstream of a version (reports/evidence.ts), so both see the same data. */
export const QUALITY_WALK_DEPTH = 12;
/**
 * Far above any real training lineage within 12 hops; a walk that still hits it would leave
 * datasets unread, and that is reported as a failed result (see below) rather than hidden.
 */
export const QUALITY_WALK_MAX_NODES = 10_000;

/**
 * Brings the graph up to date first (the MLflow join and identity rules, as every lineage read
 * does): otherwise the evidence, and so the hash approvals bind to, would depend on whether
 * someone had opened a lineage view since the last sync.
 */
export function dataQualityEvidence(ctx: LineageContext, subject: QualitySubject, asOf: number): QualityResult[] {
  ctx.refresh();
  return qualityResultsUpstream(ctx.db, subject, asOf);
}

interface DataNode {
  id: number;
  kind: 'dataset' | 'dataset_version';
  namespace: string;
  name: string;
  qualifier: string;
}

/**
 * The latest result of each assertion, as of `asOf`, on the datasets upstream of the version.
 *
 * - The graph is walked as it was at `asOf` (the lineage query's own walk, `traverse.ts`), so a
 *   gate evaluated at T — the demo's replay, a past-dated check — sees neither results nor
 *   links that did not exist yet; results are those reported at or before `asOf`.
 * - A dataset version the walk reaches through a data edge (it was read, or is the same data
 *   as what was read) is judged on its own results. A dataset reached through a data edge
 *   without a version (the graph knows only the location) stands for its versions, as in the
 *   lineage view: its results and those of the versions the walk reaches through it count as
 *   one, so the location's latest check of each assertion is what holds. A dataset reached
 *   only as "the dataset of" a version is not read: its other results are about other data.
 * - Per dataset, an assertion is its kind, column and name; its latest result wins, so a
 *   failing check that was fixed and re-run passes, and a re-run on the same data does not
 *   count twice. Two results of one assertion in one report pass only if both passed.
 */
export function qualityResultsUpstream(db: Database, subject: QualitySubject, asOf: number): QualityResult[] {
  // By identity columns, not the `model:CONNECTION:MODEL@VERSION` ref: names may hold ':' and '@'.
  const root = db
    .prepare("SELECT id FROM lineage_nodes WHERE kind = 'model_version' AND namespace = ? AND name = ? AND qualifier = ?")
    .get(subject.connection, subject.model, String(subject.version)) as { id: number } | undefined;
  if (!root) return [];
  const reached = walk(db, [root.id], {
    direction: 'upstream',
    depth: QUALITY_WALK_DEPTH,
    asOf,
    includeColumns: false,
    maxNodes: QUALITY_WALK_MAX_NODES,
  });

  // Walking upstream, every edge but version_of is taken from its downstream end, so its `from`
  // node fed what the walk came from: data in its own right, not just "the dataset of" a version.
  const fedForward = new Set<number>();
  for (const e of reached.edges.values()) if (e.kind !== 'version_of') fedForward.add(e.from_id);
  const candidates = new Set<number>(fedForward);
  for (const e of reached.edges.values()) if (e.kind === 'version_of') candidates.add(e.from_id);
  const nodes = new Map<number, DataNode>();
  for (const n of db
    .prepare(
      `SELECT id, kind, namespace, name, qualifier FROM lineage_nodes
       WHERE id IN (SELECT value FROM json_each(?)) AND kind IN ('dataset', 'dataset_version')`,
    )
    .all(JSON.stringify([...candidates])) as DataNode[]) {
    nodes.set(n.id, n);
  }
  // Whose results each data node's results count as: its own, or (a version reached only
  // through its dataset) its dataset's.
  const owner = new Map<number, number>();
  for (const id of nodes.keys()) if (fedForward.has(id)) owner.set(id, id);
  for (const e of reached.edges.values()) {
    if (e.kind !== 'version_of' || fedForward.has(e.from_id) || !nodes.has(e.from_id) || !owner.has(e.to_id)) continue;
    owner.set(e.from_id, e.to_id);
  }

  const latest = new Map<string, { owner: number; edge: number; at: number; assertion: string; passed: boolean }>();
  const rows = db
    .prepare(
      // instr() skips, without parsing, the input edges whose details carry no assertions (most of them).
      `SELECT id, from_id, valid_from, details_json FROM lineage_edges
       WHERE from_id IN (SELECT value FROM json_each(@ids)) AND kind = 'input' AND details_json IS NOT NULL
         AND valid_from <= @asOf AND instr(details_json, '"dataQualityAssertions"') > 0
       ORDER BY valid_from DESC, id DESC`,
    )
    .all({ ids: JSON.stringify([...owner.keys()]), asOf }) as { id: number; from_id: number; valid_from: number; details_json: string }[];
  for (const row of rows) {
    const by = owner.get(row.from_id);
    if (by === undefined) continue;
    for (const a of parseQualityAssertions(row.details_json)) {
      const at = a.at ?? row.valid_from;
      if (at > asOf) continue;
      const test = `${a.assertion}${a.column === null ? '' : `(${a.column})`}${a.name === null || a.name === a.assertion ? '' : ` [${a.name}]`}`;
      const key = `${by}\u0000${test}`;
      const seen = latest.get(key);
      if (!seen) latest.set(key, { owner: by, edge: row.id, at, assertion: test, passed: a.success });
      else if (seen.edge === row.id) seen.passed &&= a.success;
      else if (at > seen.at) latest.set(key, { owner: by, edge: row.id, at, assertion: test, passed: a.success });
    }
  }

  const label = labels([...new Set([...latest.values()].map((r) => r.owner))].flatMap((id) => nodes.get(id) ?? []));
  const out: QualityResult[] = [...latest.values()].map((r) => ({
    at: r.at,
    assertion: `${label.get(r.owner) ?? `node ${r.owner}`}: ${r.assertion}`,
    passed: r.passed,
  }));
  if (reached.truncated) {
    // Unread datasets may hold failures: say so, and let a person waive it, rather than pass on partial evidence.
    out.push({
      at: asOf,
      assertion: `lineage upstream of ${subject.model} v${subject.version}: more than ${QUALITY_WALK_MAX_NODES.toLocaleString('en')} nodes within ${QUALITY_WALK_DEPTH} hops, so some datasets' results were not read`,
      passed: false,
    });
  }
  return out.sort((a, b) => (a.assertion < b.assertion ? -1 : a.assertion > b.assertion ? 1 : a.at - b.at));
}

/**
 * What a person recognises: `lending.applications@v3`, or `lending.applications` for a dataset
 * known only as a location. Two datasets of one name in different namespaces are told apart by
 * the namespace (`postgres://db:5432/lending.applications`), only then: it is long.
 */
function labels(owners: DataNode[]): Map<number, string> {
  const short = (n: DataNode) => (n.kind === 'dataset_version' ? `${n.name}@${n.qualifier}` : n.name);
  const count = new Map<string, number>();
  for (const n of owners) count.set(short(n), (count.get(short(n)) ?? 0) + 1);
  return new Map(owners.map((n) => [n.id, (count.get(short(n)) ?? 0) > 1 ? `${n.namespace}/${short(n)}` : short(n)]));
}
