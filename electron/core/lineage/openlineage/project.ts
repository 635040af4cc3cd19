import type { Confidence, LineageEdgeKind, ValidationIssue } from '@shared/domain/lineage';
import { locationOfDataset } from '../graph/locations';
import type { GraphStore } from '../graph/store';
import { parseTimestamp } from '../time';
import { LINEAGE_FACET_KEY, readLineageFacets, type FacetEndpoint } from './lineage-facet';
import { isObject, nonEmptyString, type DatasetRef, type JsonObject, type ValidEvent } from './types';

export const OPENLINEAGE = 'openlineage';

/** Why a valid event can still be refused: it contradicts what the graph already holds. */
export type ProjectionConflict = ValidationIssue;

/**
 * Checks, before anything is written, that the event does not contradict the graph: a runId
 * belongs to one job for its whole life. (The dbt fixture's matcher placeholders reuse one runId
 * for every job; storing them would fold a whole dbt invocation into one run.)
 */
export function conflictOf(g: GraphStore, ev: ValidEvent): ProjectionConflict | null {
  if (ev.kind !== 'run' || !ev.runId || !ev.job) return null;
  const bound = g.jobOfRun(ev.runId, OPENLINEAGE);
  if (bound && (bound.namespace !== ev.job.namespace || bound.name !== ev.job.name)) {
    return {
      code: 'run_job_conflict',
      path: '/run/runId',
      message: `runId ${ev.runId} already belongs to job ${bound.namespace}/${bound.name}; this event says ${ev.job.namespace}/${ev.job.name}. A run belongs to one job.`,
    };
  }
  return null;
}

/** Writes one accepted event into the graph. Idempotent: projecting it twice changes nothing. */
export function projectEvent(g: GraphStore, ev: ValidEvent): void {
  const source = `event:${ev.hash}`;
  if (ev.kind === 'run') projectRunEvent(g, ev, source);
  else if (ev.kind === 'job') projectJobEvent(g, ev, source);
  else if (ev.dataset) {
    // A DatasetEvent states what a dataset is (schema, version, column lineage) outside any run.
    datasetNode(g, ev.dataset, ev.eventTime, source, null, 'declared');
  }
  // Like columnLineage: what a run reports is observed (the facet spec: "on a RunEvent it is
  // lineage observed during that run"); a JobEvent's or DatasetEvent's is declared.
  projectLineageFacets(g, ev, source, ev.kind === 'run' ? 'observed' : 'declared');
}

/**
 * The `lineage` facet (see lineage-facet.ts) as edges between datasets, jobs and columns, with no
 * run in between: dataset → job is `input`, job → dataset `output`, dataset → dataset and
 * job → job `feeds`, anything → a target field `column`. Each edge's source_ref is the event
 * and the JSON Pointer of the facet input that stated it; details name the facet.
 */
function projectLineageFacets(g: GraphStore, ev: ValidEvent, source: string, confidence: Confidence): void {
  const { relations } = readLineageFacets(ev.raw, ev.kind);
  if (relations.length === 0) return;
  const at = ev.eventTime;
  const entity = (e: FacetEndpoint): number =>
    e.kind === 'job'
      ? g.node({ kind: 'job', namespace: e.namespace, name: e.name }, OPENLINEAGE, at)
      : g.node({ kind: 'dataset', namespace: e.namespace, name: e.name }, OPENLINEAGE, at, locationOfDataset(e.namespace, e.name));
  const column = (e: FacetEndpoint, field: string): number =>
    g.node({ kind: 'column', namespace: e.namespace, name: e.name, qualifier: field }, OPENLINEAGE, at);
  for (const { from, to, transformations, path } of relations) {
    const details = {
      facet: LINEAGE_FACET_KEY,
      at,
      runId: ev.runId,
      transformations,
      ...(from.field !== null ? { field: from.field } : {}),
      ...(from.runId !== null ? { fromRunId: from.runId } : {}),
      ...(to.runId !== null ? { toRunId: to.runId } : {}),
    };
    const edge = (fromId: number, toId: number, kind: LineageEdgeKind) =>
      g.edge({ from: fromId, to: toId, kind, confidence, origin: OPENLINEAGE, sourceRef: `${source}#${path}`, validFrom: at, details });
    if (to.field !== null) {
      // Field-level: a source field, a whole dataset or a job feeds one target field.
      const fromId = from.kind === 'dataset' && from.field !== null ? column(from, from.field) : entity(from);
      edge(fromId, column(to, to.field), 'column');
      continue;
    }
    const toId = entity(to);
    edge(entity(from), toId, entityEdgeKind(from.kind, to.kind));
    // A source field at entity level shapes the whole target (a filter, a join key), as columnLineage's `dataset`.
    if (from.kind === 'dataset' && from.field !== null) edge(column(from, from.field), toId, 'column');
  }
}

function entityEdgeKind(from: FacetEndpoint['kind'], to: FacetEndpoint['kind']): LineageEdgeKind {
  if (from === 'dataset' && to === 'job') return 'input';
  if (from === 'job' && to === 'dataset') return 'output';
  return 'feeds';
}

function projectRunEvent(g: GraphStore, ev: ValidEvent, source: string): void {
  if (!ev.job || !ev.runId) return;
  const at = ev.eventTime;
  const jobId = jobNode(g, ev.job.namespace, ev.job.name, ev.job.facets, at, source);
  const runId = g.node({ kind: 'run', namespace: ev.job.namespace, name: ev.runId }, OPENLINEAGE, at);
  g.edge({ from: jobId, to: runId, kind: 'executes', confidence: 'observed', origin: OPENLINEAGE, sourceRef: source, validFrom: at });

  const hierarchy = linkHierarchy(g, runId, ev.runFacets, at, source);
  const nominal = isObject(ev.runFacets.nominalTime) ? ev.runFacets.nominalTime : {};
  const error = isObject(ev.runFacets.errorMessage) ? ev.runFacets.errorMessage : {};
  g.observeRun({
    nodeId: runId,
    runId: ev.runId,
    jobNodeId: jobId,
    origin: OPENLINEAGE,
    eventType: ev.eventType,
    at,
    errorMessage: typeof error.message === 'string' ? error.message : null,
    parentRunId: hierarchy.parentRunId,
    rootRunId: hierarchy.rootRunId,
    nominalStart: timeOf(nominal.nominalStartTime),
    nominalEnd: timeOf(nominal.nominalEndTime),
    facets: withoutKeys(ev.runFacets, ['parent']),
  });

  for (const input of ev.inputs) {
    const from = datasetNode(g, input, at, source, ev.runId, 'observed');
    g.edge({
      from,
      to: runId,
      kind: 'input',
      confidence: 'observed',
      origin: OPENLINEAGE,
      sourceRef: source,
      validFrom: at,
      details: ioDetails(input, at, ev.runId),
    });
  }
  for (const output of ev.outputs) {
    const to = datasetNode(g, output, at, source, ev.runId, 'observed');
    g.edge({
      from: runId,
      to,
      kind: 'output',
      confidence: 'observed',
      origin: OPENLINEAGE,
      sourceRef: source,
      validFrom: at,
      details: ioDetails(output, at, ev.runId),
    });
  }
}

/** A JobEvent says what a job is defined to read and write — declared, not observed in a run. */
function projectJobEvent(g: GraphStore, ev: ValidEvent, source: string): void {
  if (!ev.job) return;
  const at = ev.eventTime;
  const jobId = jobNode(g, ev.job.namespace, ev.job.name, ev.job.facets, at, source);
  for (const input of ev.inputs) {
    const from = datasetNode(g, input, at, source, null, 'declared');
    g.edge({
      from,
      to: jobId,
      kind: 'input',
      confidence: 'declared',
      origin: OPENLINEAGE,
      sourceRef: source,
      validFrom: at,
      details: ioDetails(input, at, null),
    });
  }
  for (const output of ev.outputs) {
    const to = datasetNode(g, output, at, source, null, 'declared');
    g.edge({
      from: jobId,
      to,
      kind: 'output',
      confidence: 'declared',
      origin: OPENLINEAGE,
      sourceRef: source,
      validFrom: at,
      details: ioDetails(output, at, null),
    });
  }
}

function jobNode(g: GraphStore, namespace: string, name: string, facets: JsonObject, at: number, source: string): number {
  const jobId = g.node({ kind: 'job', namespace, name }, OPENLINEAGE, at);
  // The lineage facet becomes edges (projectLineageFacets); the raw event keeps it.
  g.mergeFacets(jobId, withoutKeys(facets, [LINEAGE_FACET_KEY]), at);
  // sourceCodeLocation.version is "the actual unique version" of the code — a commit when it looks like one.
  const code = isObject(facets.sourceCodeLocation) ? facets.sourceCodeLocation : null;
  const version = code && typeof code.version === 'string' ? code.version.trim().toLowerCase() : '';
  if (/^[0-9a-f]{7,64}$/.test(version)) {
    const commitId = g.node({ kind: 'code_commit', namespace: '', name: version }, OPENLINEAGE, at);
    const repo = typeof code?.repoUrl === 'string' ? code.repoUrl : typeof code?.url === 'string' ? code.url : null;
    if (repo) g.mergeFacets(commitId, { repository: { url: repo } }, at);
    g.edge({ from: commitId, to: jobId, kind: 'code', confidence: 'observed', origin: OPENLINEAGE, sourceRef: source, validFrom: at });
  }
  return jobId;
}

/**
 * The dataset node, and its version node when the `version` facet names one; returns the node
 * a run's edge should attach to (the version when known). Column lineage becomes column edges.
 */
function datasetNode(g: GraphStore, ref: DatasetRef, at: number, source: string, runId: string | null, confidence: Confidence): number {
  const datasetId = g.node(
    { kind: 'dataset', namespace: ref.namespace, name: ref.name },
    OPENLINEAGE,
    at,
    locationOfDataset(ref.namespace, ref.name),
  );
  g.mergeFacets(datasetId, withoutKeys(ref.facets, ['columnLineage', LINEAGE_FACET_KEY]), at);
  let attach = datasetId;
  const version = isObject(ref.facets.version) ? ref.facets.version.datasetVersion : undefined;
  if (nonEmptyString(version)) {
    attach = g.node({ kind: 'dataset_version', namespace: ref.namespace, name: ref.name, qualifier: version }, OPENLINEAGE, at);
    g.edge({
      from: attach,
      to: datasetId,
      kind: 'version_of',
      confidence: 'observed',
      origin: OPENLINEAGE,
      sourceRef: source,
      validFrom: at,
    });
  }
  if (isObject(ref.facets.columnLineage)) columnEdges(g, ref, datasetId, ref.facets.columnLineage, at, source, runId, confidence);
  return attach;
}

function columnEdges(
  g: GraphStore,
  ref: DatasetRef,
  datasetId: number,
  facet: JsonObject,
  at: number,
  source: string,
  runId: string | null,
  confidence: Confidence,
): void {
  const column = (namespace: string, name: string, field: string) =>
    g.node({ kind: 'column', namespace, name, qualifier: field }, OPENLINEAGE, at);
  const inputColumn = (input: unknown): { id: number; transformations: unknown } | null => {
    if (!isObject(input) || !nonEmptyString(input.namespace) || !nonEmptyString(input.name) || !nonEmptyString(input.field)) return null;
    return { id: column(input.namespace, input.name, input.field), transformations: input.transformations ?? null };
  };
  const fields = isObject(facet.fields) ? facet.fields : {};
  for (const [field, spec] of Object.entries(fields)) {
    if (!isObject(spec) || !Array.isArray(spec.inputFields)) continue;
    const target = column(ref.namespace, ref.name, field);
    for (const input of spec.inputFields) {
      const from = inputColumn(input);
      if (!from) continue;
      g.edge({
        from: from.id,
        to: target,
        kind: 'column',
        confidence,
        origin: OPENLINEAGE,
        sourceRef: source,
        validFrom: at,
        details: { at, runId, transformations: from.transformations },
      });
    }
  }
  // Columns that shape the whole dataset (filters, joins, group-bys) point at the dataset itself.
  if (Array.isArray(facet.dataset)) {
    for (const input of facet.dataset) {
      const from = inputColumn(input);
      if (!from) continue;
      g.edge({
        from: from.id,
        to: datasetId,
        kind: 'column',
        confidence,
        origin: OPENLINEAGE,
        sourceRef: source,
        validFrom: at,
        details: { at, runId, transformations: from.transformations },
      });
    }
  }
}

/** Parent and root runs: the DAG run above an Airflow task, the dbt invocation above a model. */
function linkHierarchy(
  g: GraphStore,
  runId: number,
  facets: JsonObject,
  at: number,
  source: string,
): { parentRunId: string | null; rootRunId: string | null } {
  const parent = isObject(facets.parent) ? facets.parent : null;
  if (!parent) return { parentRunId: null, rootRunId: null };
  const ancestor = (run: unknown, job: unknown): { runNode: number | null; jobNode: number; runId: string | null } | null => {
    if (!isObject(job) || !nonEmptyString(job.namespace) || !nonEmptyString(job.name)) return null;
    const jobId = g.node({ kind: 'job', namespace: job.namespace, name: job.name }, OPENLINEAGE, at);
    if (!isObject(run) || !nonEmptyString(run.runId)) return { runNode: null, jobNode: jobId, runId: null };
    const id = g.node({ kind: 'run', namespace: job.namespace, name: run.runId }, OPENLINEAGE, at);
    g.edge({ from: jobId, to: id, kind: 'executes', confidence: 'observed', origin: OPENLINEAGE, sourceRef: source, validFrom: at });
    // The ancestor exists even if its own events have not arrived yet; it has no state until they do.
    g.ensureRun(id, run.runId, jobId, OPENLINEAGE);
    return { runNode: id, jobNode: jobId, runId: run.runId };
  };
  const direct = ancestor(parent.run, parent.job);
  const root = isObject(parent.root) ? ancestor(parent.root.run, parent.root.job) : null;
  const above = direct?.runNode ?? null;
  if (above !== null)
    g.edge({ from: above, to: runId, kind: 'parent', confidence: 'observed', origin: OPENLINEAGE, sourceRef: source, validFrom: at });
  else if (root?.runNode)
    g.edge({
      from: root.runNode,
      to: runId,
      kind: 'parent',
      confidence: 'observed',
      origin: OPENLINEAGE,
      sourceRef: source,
      validFrom: at,
    });
  else if (direct)
    g.edge({
      from: direct.jobNode,
      to: runId,
      kind: 'parent',
      confidence: 'observed',
      origin: OPENLINEAGE,
      sourceRef: source,
      validFrom: at,
    });
  return { parentRunId: direct?.runId ?? null, rootRunId: root?.runId ?? null };
}

function ioDetails(ref: DatasetRef, at: number, runId: string | null): JsonObject | null {
  return Object.keys(ref.ioFacets).length === 0 ? null : { at, runId, facets: ref.ioFacets };
}

function withoutKeys(object: JsonObject, keys: string[]): JsonObject {
  const copy: JsonObject = {};
  for (const [k, v] of Object.entries(object)) if (!keys.includes(k)) copy[k] = v;
  return copy;
}

function timeOf(value: unknown): number | null {
  return typeof value === 'string' ? (parseTimestamp(value)?.ms ?? null) : null;
}
