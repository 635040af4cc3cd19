import type { Database } from 'better-sqlite3';
import type { DatasetInput, Tag } from '@shared/domain/catalog';
import type { RunState } from '@shared/domain/lineage';
import { locationOfMlflowSource } from '../graph/locations';
import { GraphStore } from '../graph/store';
import { resolveOrCreateDatasetRef } from './declared';

export const MLFLOW = 'mlflow';

/** Run tag that declares inputs MLflow does not know about: node refs separated by commas or new lines. */
export const DECLARED_INPUTS_TAG = 'quorum.lineage.inputs';

interface RunRow {
  connection: string;
  run_id: string;
  experiment_id: string;
  experiment_name: string | null;
  run_name: string | null;
  user_id: string | null;
  status: string;
  start_time: number | null;
  end_time: number | null;
  tags_json: string;
  inputs_json: string;
}

interface VersionRow {
  connection: string;
  model_name: string;
  version: number;
  status: string;
  stage: string;
  source: string | null;
  run_id: string | null;
  created_at: number;
  last_updated_at: number;
  deleted_on_server_at: number | null;
}

interface ModelRow {
  connection: string;
  name: string;
  aliases_json: string;
  last_updated_at: number;
}

interface ChangeRow {
  id: number;
  connection: string;
  model_name: string;
  version: number | null;
  kind: string;
  subject: string | null;
  from_value: string | null;
  to_value: string | null;
  observed_at: number;
}

const RUN_STATES: Record<string, RunState> = {
  FINISHED: 'completed',
  FAILED: 'failed',
  KILLED: 'aborted',
  RUNNING: 'running',
  SCHEDULED: 'new',
};
/** Stages that mean "this version is deployed somewhere"; None and Archived do not. */
const DEPLOYED_STAGES = new Set(['Staging', 'Production']);

/**
 * A cheap summary of the catalog: when it changes, the MLflow part of the graph is rebuilt.
 * Counts and maxima only — no JSON is read — so checking it before each query costs little.
 */
export function catalogFingerprint(db: Database): string {
  const row = db
    .prepare(
      `SELECT
         (SELECT count(*) || '/' || coalesce(max(start_time), 0) || '/' || coalesce(max(end_time), 0) || '/' || coalesce(max(rowid), 0) FROM runs) AS runs,
         (SELECT count(*) || '/' || coalesce(max(last_updated_at), 0) || '/' || coalesce(max(deleted_on_server_at), 0) FROM model_versions) AS versions,
         (SELECT count(*) || '/' || coalesce(max(last_updated_at), 0) || '/' || coalesce(max(deleted_on_server_at), 0) FROM registered_models) AS models,
         (SELECT coalesce(max(id), 0) FROM observed_changes) AS changes,
         (SELECT count(*) || '/' || coalesce(max(last_sync_at), 0) FROM connections) AS connections`,
    )
    .get() as Record<string, string>;
  return [row.runs, row.versions, row.models, row.changes, row.connections].join('|');
}

/**
 * Rebuilds the MLflow-derived part of the graph from the catalog, in one transaction: training
 * runs (namespace mlflow:CONNECTION) with their experiment as job, dataset inputs as datasets
 * and digest versions, the git commit as a code node, registered model versions, and aliases and
 * deployment stages as deployments — with their history from observed changes, so the graph as
 * of a past time shows where @champion pointed then. Nodes are never deleted (other edges may
 * hang on them); MLflow edges are replaced wholesale, since they are fully derived.
 */
export function projectMlflow(db: Database, now: number): { runs: number; versions: number; deployments: number } {
  const g = new GraphStore(db);
  db.prepare('DELETE FROM lineage_edges WHERE origin = ?').run(MLFLOW);
  g.bump('rewrite_generation');
  const runs = db
    .prepare(
      `SELECT c.name AS connection, r.run_id, r.experiment_id, e.name AS experiment_name, r.run_name, r.user_id, r.status, r.start_time,
              r.end_time, r.tags_json, r.inputs_json
       FROM runs r JOIN connections c ON c.id = r.connection_id
       LEFT JOIN experiments e ON e.connection_id = r.connection_id AND e.experiment_id = r.experiment_id`,
    )
    .all() as RunRow[];
  const runNodes = new Map<string, number>();
  for (const run of runs) runNodes.set(`${run.connection}\u0000${run.run_id}`, projectRun(g, run, now));

  const versions = db
    .prepare(
      `SELECT c.name AS connection, v.model_name, v.version, v.status, v.stage, v.source, v.run_id, v.created_at, v.last_updated_at,
              v.deleted_on_server_at
       FROM model_versions v JOIN connections c ON c.id = v.connection_id`,
    )
    .all() as VersionRow[];
  const versionNodes = new Map<string, { id: number; row: VersionRow }>();
  for (const v of versions) {
    const id = g.node(
      { kind: 'model_version', namespace: v.connection, name: v.model_name, qualifier: String(v.version) },
      MLFLOW,
      v.created_at,
    );
    g.mergeFacets(
      id,
      { mlflow: { status: v.status, stage: v.stage, source: v.source, runId: v.run_id, deletedOnServerAt: v.deleted_on_server_at } },
      v.last_updated_at,
    );
    versionNodes.set(versionKey(v.connection, v.model_name, v.version), { id, row: v });
    if (!v.run_id) continue;
    const runKey = `${v.connection}\u0000${v.run_id}`;
    let runId = runNodes.get(runKey);
    if (runId === undefined) {
      // The version names a run the catalog has not fetched (another experiment, or deleted): keep the link.
      runId = g.node({ kind: 'run', namespace: `mlflow:${v.connection}`, name: v.run_id }, MLFLOW, v.created_at);
      g.setRun(runId, v.run_id, null, MLFLOW, 'new', null, null);
      runNodes.set(runKey, runId);
    }
    g.edge({
      from: runId,
      to: id,
      kind: 'produced',
      confidence: 'observed',
      origin: MLFLOW,
      sourceRef: `mlflow:${v.connection}`,
      validFrom: v.created_at,
      validTo: v.deleted_on_server_at,
    });
  }

  const deployments = projectDeployments(db, g, versionNodes);
  g.bump('generation');
  return { runs: runs.length, versions: versions.length, deployments };
}

function projectRun(g: GraphStore, run: RunRow, now: number): number {
  const namespace = `mlflow:${run.connection}`;
  const source = `mlflow:${run.connection}`;
  const at = run.start_time ?? run.end_time ?? now;
  const tags = JSON.parse(run.tags_json) as Tag[];
  const tag = (key: string) => tags.find((t) => t.key === key)?.value ?? null;
  const jobId = g.node({ kind: 'job', namespace, name: run.experiment_name ?? `experiment ${run.experiment_id}` }, MLFLOW, at);
  const runId = g.node({ kind: 'run', namespace, name: run.run_id }, MLFLOW, at);
  g.setRun(runId, run.run_id, jobId, MLFLOW, RUN_STATES[run.status] ?? 'new', run.start_time, run.end_time);
  g.mergeFacets(
    runId,
    {
      mlflow: {
        runName: run.run_name,
        user: run.user_id,
        status: run.status,
        experimentId: run.experiment_id,
        sourceName: tag('mlflow.source.name'),
      },
    },
    at,
  );
  g.edge({ from: jobId, to: runId, kind: 'executes', confidence: 'observed', origin: MLFLOW, sourceRef: source, validFrom: at });

  const commit = tag('mlflow.source.git.commit')?.trim().toLowerCase();
  if (commit && /^[0-9a-f]{7,64}$/.test(commit)) {
    const commitId = g.node({ kind: 'code_commit', namespace: '', name: commit }, MLFLOW, at);
    const repo = tag('mlflow.source.git.repoURL');
    g.mergeFacets(commitId, { repository: { url: repo, branch: tag('mlflow.source.git.branch') } }, at);
    g.edge({ from: commitId, to: runId, kind: 'code', confidence: 'observed', origin: MLFLOW, sourceRef: source, validFrom: at });
  }

  for (const input of JSON.parse(run.inputs_json) as DatasetInput[]) {
    const datasetId = g.node({ kind: 'dataset', namespace, name: input.name }, MLFLOW, at, locationOfMlflowSource(input.source));
    g.mergeFacets(datasetId, { mlflow: { sourceType: input.sourceType, source: input.source } }, at);
    const versionId = g.node({ kind: 'dataset_version', namespace, name: input.name, qualifier: input.digest.toLowerCase() }, MLFLOW, at);
    g.mergeFacets(versionId, { mlflow: { digest: input.digest } }, at);
    g.edge({
      from: versionId,
      to: datasetId,
      kind: 'version_of',
      confidence: 'observed',
      origin: MLFLOW,
      sourceRef: source,
      validFrom: at,
    });
    g.edge({
      from: versionId,
      to: runId,
      kind: 'input',
      confidence: 'observed',
      origin: MLFLOW,
      sourceRef: source,
      validFrom: at,
      details: { at, context: input.context },
    });
  }

  // Inputs a user declared on the run with a tag: "declared" confidence, they were not observed.
  const declared = tag(DECLARED_INPUTS_TAG);
  for (const ref of declared
    ? declared
        .split(/[,\n]/)
        .map((r) => r.trim())
        .filter(Boolean)
    : []) {
    const from = resolveOrCreateDatasetRef(g, ref, at);
    if (from === null) continue;
    g.edge({
      from,
      to: runId,
      kind: 'input',
      confidence: 'declared',
      origin: MLFLOW,
      sourceRef: `${source}: tag ${DECLARED_INPUTS_TAG}`,
      validFrom: at,
    });
  }
  return runId;
}

/**
 * Aliases and deployment stages become deployment nodes; each period during which an alias (or
 * stage) pointed at a version is one edge with valid_from/valid_to, numbered by epoch so a
 * rollback (v3 → v4 → v3) keeps both periods of v3.
 */
function projectDeployments(db: Database, g: GraphStore, versions: Map<string, { id: number; row: VersionRow }>): number {
  const changes = db
    .prepare(
      `SELECT o.id, c.name AS connection, o.model_name, o.version, o.kind, o.subject, o.from_value, o.to_value, o.observed_at
       FROM observed_changes o JOIN connections c ON c.id = o.connection_id
       WHERE o.kind IN ('alias-moved', 'alias-removed', 'stage-changed', 'deleted-on-server')
       ORDER BY o.observed_at, o.id`,
    )
    .all() as ChangeRow[];
  const models = db
    .prepare(
      'SELECT c.name AS connection, m.name, m.aliases_json, m.last_updated_at FROM registered_models m JOIN connections c ON c.id = m.connection_id',
    )
    .all() as ModelRow[];

  type Period = { connection: string; model: string; version: number; deployment: string; from: number; to: number | null };
  const periods: Period[] = [];
  const open = new Map<string, Period>();
  const close = (key: string, at: number) => {
    const current = open.get(key);
    if (current) {
      current.to = at;
      open.delete(key);
    }
  };
  const start = (connection: string, model: string, deployment: string, version: number, at: number) => {
    const key = `${connection}\u0000${model}\u0000${deployment}`;
    close(key, at);
    const period = { connection, model, version, deployment, from: at, to: null };
    periods.push(period);
    open.set(key, period);
  };

  for (const c of changes) {
    if (c.kind === 'alias-moved' && c.subject && c.to_value !== null)
      start(c.connection, c.model_name, c.subject, Number(c.to_value), c.observed_at);
    else if (c.kind === 'alias-removed' && c.subject) close(`${c.connection}\u0000${c.model_name}\u0000${c.subject}`, c.observed_at);
    else if (c.kind === 'stage-changed' && c.version !== null) {
      if (c.from_value && DEPLOYED_STAGES.has(c.from_value)) closeStage(c.connection, c.model_name, c.from_value, c.version, c.observed_at);
      if (c.to_value && DEPLOYED_STAGES.has(c.to_value)) startStage(c.connection, c.model_name, c.to_value, c.version, c.observed_at);
    }
  }
  // Catalogs filled before observed changes existed, or stages set at creation: take the current state.
  for (const m of models) {
    for (const alias of JSON.parse(m.aliases_json) as { alias: string; version: number }[]) {
      const current = open.get(`${m.connection}\u0000${m.name}\u0000${alias.alias}`);
      if (!current || current.version !== alias.version) {
        const v = versions.get(versionKey(m.connection, m.name, alias.version));
        start(m.connection, m.name, alias.alias, alias.version, v?.row.last_updated_at ?? m.last_updated_at);
      }
    }
  }
  for (const { row } of versions.values()) {
    if (!DEPLOYED_STAGES.has(row.stage)) continue;
    const key = `${row.connection}\u0000${row.model_name}\u0000stage:${row.stage}\u0000${row.version}`;
    if (!open.has(key)) startStage(row.connection, row.model_name, row.stage, row.version, row.created_at);
  }

  function startStage(connection: string, model: string, stage: string, version: number, at: number): void {
    // Several versions can share a stage in MLflow, so a stage period is per version.
    const key = `${connection}\u0000${model}\u0000stage:${stage}\u0000${version}`;
    if (open.has(key)) return;
    const period = { connection, model, version, deployment: `stage:${stage}`, from: at, to: null };
    periods.push(period);
    open.set(key, period);
  }
  function closeStage(connection: string, model: string, stage: string, version: number, at: number): void {
    close(`${connection}\u0000${model}\u0000stage:${stage}\u0000${version}`, at);
  }

  const epochs = new Map<string, number>();
  let count = 0;
  for (const p of periods) {
    const version = versions.get(versionKey(p.connection, p.model, p.version));
    if (!version) continue; // MLflow keeps aliases to deleted versions (mlflow#24825); nothing to point at.
    const deploymentId = g.node({ kind: 'deployment', namespace: p.connection, name: p.model, qualifier: p.deployment }, MLFLOW, p.from);
    const pairKey = `${version.id}\u0000${deploymentId}`;
    const epoch = epochs.get(pairKey) ?? 0;
    epochs.set(pairKey, epoch + 1);
    const validTo = p.to ?? version.row.deleted_on_server_at;
    g.edge({
      from: version.id,
      to: deploymentId,
      kind: 'deploys',
      confidence: 'observed',
      origin: MLFLOW,
      sourceRef: `mlflow:${p.connection}`,
      validFrom: p.from,
      validTo,
      epoch,
    });
    count++;
  }
  return count;
}

const versionKey = (connection: string, model: string, version: number): string => `${connection}\u0000${model}\u0000${version}`;
