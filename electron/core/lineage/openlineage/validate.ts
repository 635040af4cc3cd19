import type { ValidationIssue } from '@shared/domain/lineage';
import { contentHash } from '../canonical';
import { parseTimestamp } from '../time';
import { clip, describe, dotted, escapePointer } from './json-pointer';
import { readLineageFacets } from './lineage-facet';
import type { FacetLocation, OpenLineageSchemas, SchemaError } from './schemas';
import {
  isObject,
  nonEmptyString,
  RUN_EVENT_TYPES,
  type DatasetRef,
  type EventKind,
  type JobRef,
  type JsonObject,
  type RunEventType,
  type ValidationOutcome,
} from './types';

/**
 * Three levels, decided from what real producers send (see README.md in this folder):
 *
 * - accept: valid against the OpenLineage schema and the standard facet schemas;
 * - accept with warnings: what Marquez tolerates and real clients do — no `producer` or
 *   `schemaURL`, timestamps without a zone, facets without `_producer`/`_schemaURL`, a runId
 *   that is not a UUID, `null` for an optional field, a parent facet naming only a job;
 * - reject (HTTP 400, kept in the rejected list): not an object, no runId, no job name or
 *   namespace, no or unreadable eventTime, a malformed parent facet, wrong types or values
 *   anywhere the schemas define them.
 */
export function validateEvent(raw: unknown, schemas: OpenLineageSchemas): ValidationOutcome {
  const hash = contentHash(raw);
  const issues = new Issues();
  if (!isObject(raw)) {
    issues.error('not_an_object', '', `An OpenLineage event is a JSON object, not ${describe(raw)}.`);
    return { ok: false, hash, reasons: issues.errors };
  }
  const kind = kindOf(raw);
  if (kind === null) {
    issues.error('not_an_event', '', 'This is not an OpenLineage event: it has no run, job or dataset.');
    return { ok: false, hash, reasons: issues.errors };
  }

  const eventTime = checkEventTime(raw, issues);
  const eventType = kind === 'run' ? checkEventType(raw, issues) : null;
  const runId = kind === 'run' ? checkRun(raw, issues) : null;
  const job = kind === 'dataset' ? null : checkJob(raw, issues);
  const runFacets = kind === 'run' && isObject(raw.run) && isObject(raw.run.facets) ? raw.run.facets : {};
  if (kind === 'run') checkParentFacet(runFacets.parent, runId, issues);
  const dataset = kind === 'dataset' ? checkDataset(raw.dataset, '/dataset', issues, 'facets') : null;
  const inputs = kind === 'dataset' ? [] : checkDatasets(raw.inputs, '/inputs', 'inputFacets', issues);
  const outputs = kind === 'dataset' ? [] : checkDatasets(raw.outputs, '/outputs', 'outputFacets', issues);
  if (kind === 'run' && 'dataset' in raw) {
    issues.warn('ignored_field', '/dataset', 'A RunEvent does not define `dataset`; it is kept in the raw event but not used.');
  }

  const validate = kind === 'run' ? schemas.runEvent : kind === 'job' ? schemas.jobEvent : schemas.datasetEvent;
  validate(raw);
  for (const error of validate.errors ?? []) classify(error, '', issues);
  for (const [container, location] of facetContainers(raw, kind))
    validateFacets(container.value, container.path, location, schemas, issues);
  // Parts of a `lineage` facet Quorum cannot turn into edges are skipped, and said so; the event stays.
  if (issues.errors.length === 0) lineageFacetWarnings(raw, kind, issues);

  if (issues.errors.length > 0) return { ok: false, hash, reasons: issues.errors };
  return {
    ok: true,
    event: {
      raw,
      hash,
      kind,
      eventType,
      eventTime: eventTime ?? 0,
      producer: typeof raw.producer === 'string' ? raw.producer : null,
      runId,
      runFacets,
      job,
      dataset,
      inputs,
      outputs,
      warnings: issues.summarisedWarnings(),
    },
  };
}

const MAX_LINEAGE_FACET_WARNINGS = 20;

function lineageFacetWarnings(raw: JsonObject, kind: EventKind, issues: Issues): void {
  const found = readLineageFacets(raw, kind).issues;
  for (const issue of found.slice(0, MAX_LINEAGE_FACET_WARNINGS)) issues.warn(issue.code, issue.path, issue.message);
  if (found.length > MAX_LINEAGE_FACET_WARNINGS) {
    const first = found[0];
    issues.warn(
      'lineage_facet_skipped_more',
      first?.path ?? '',
      `${found.length - MAX_LINEAGE_FACET_WARNINGS} more parts of lineage facets were skipped for the same kinds of reasons.`,
    );
  }
}

/** RunEvent when it has a run or an eventType; JobEvent when it has a job; DatasetEvent when only a dataset. */
function kindOf(raw: JsonObject): EventKind | null {
  if ('run' in raw || 'eventType' in raw) return 'run';
  if ('job' in raw) return 'job';
  if ('dataset' in raw) return 'dataset';
  return null;
}

function checkEventTime(raw: JsonObject, issues: Issues): number | null {
  const value = raw.eventTime;
  if (value === undefined || value === null) {
    issues.error('missing_event_time', '/eventTime', 'No eventTime: every OpenLineage event says when it happened.');
    return null;
  }
  if (typeof value !== 'string') {
    issues.error('wrong_type', '/eventTime', `eventTime must be a date-time string, not ${describe(value)}.`);
    return null;
  }
  const parsed = parseTimestamp(value);
  if (!parsed) {
    issues.error('bad_event_time', '/eventTime', `eventTime "${clip(value)}" is not a date-time.`);
    return null;
  }
  if (!parsed.hadZone) issues.warn('timestamp_without_zone', '/eventTime', `eventTime "${value}" has no time zone; read as UTC.`);
  return parsed.ms;
}

function checkEventType(raw: JsonObject, issues: Issues): RunEventType | null {
  const value = raw.eventType;
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && (RUN_EVENT_TYPES as readonly string[]).includes(value)) return value as RunEventType;
  issues.error('wrong_value', '/eventType', `eventType must be one of ${RUN_EVENT_TYPES.join(', ')}, not ${describe(value)}.`);
  return null;
}

function checkRun(raw: JsonObject, issues: Issues): string | null {
  const run = raw.run;
  if (!isObject(run)) {
    issues.error('missing_run_id', '/run', `No runId: run must be an object with a runId, not ${describe(run)}.`);
    return null;
  }
  if (run.runId === undefined || run.runId === null || run.runId === '') {
    issues.error('missing_run_id', '/run/runId', 'No runId: run.runId is required to tell one run from another.');
    return null;
  }
  if (typeof run.runId !== 'string') {
    issues.error('wrong_type', '/run/runId', `run.runId must be a string, not ${describe(run.runId)}.`);
    return null;
  }
  return run.runId;
}

function checkJob(raw: JsonObject, issues: Issues): JobRef | null {
  const job = raw.job;
  if (!isObject(job)) {
    issues.error('missing_job_name', '/job', `No job name: job must be an object with a namespace and a name, not ${describe(job)}.`);
    return null;
  }
  let ok = true;
  if (!nonEmptyString(job.name)) {
    issues.error(
      job.name === undefined || job.name === null || job.name === '' ? 'missing_job_name' : 'wrong_type',
      '/job/name',
      `No job name: job.name must be a non-empty string${job.name === undefined ? '' : `, not ${describe(job.name)}`}.`,
    );
    ok = false;
  }
  if (!nonEmptyString(job.namespace)) {
    issues.error(
      'missing_job_namespace',
      '/job/namespace',
      `No job namespace: job.namespace must be a non-empty string${job.namespace === undefined ? '' : `, not ${describe(job.namespace)}`}.`,
    );
    ok = false;
  }
  return ok ? { namespace: job.namespace as string, name: job.name as string, facets: isObject(job.facets) ? job.facets : {} } : null;
}

/**
 * The parent facet ties a run into its DAG run (Airflow task → DAG, dbt node → invocation).
 * Spark sends one naming the parent job and a root run but no parent run; that is read as
 * "child of that job" with a warning. Anything else that breaks the facet's shape is rejected:
 * a wrong parent would silently hang the run under the wrong tree.
 */
function checkParentFacet(parent: unknown, runId: string | null, issues: Issues): void {
  if (parent === undefined || parent === null) return;
  const path = '/run/facets/parent';
  if (!isObject(parent)) {
    issues.error('malformed_parent_facet', path, `Malformed parent facet: it must be an object, not ${describe(parent)}.`);
    return;
  }
  if (parent.run === undefined || parent.run === null) {
    issues.warn('parent_without_run', `${path}/run`, 'The parent facet names a job but no run; the run is linked to the parent job.');
  } else if (!isObject(parent.run) || !nonEmptyString(parent.run.runId)) {
    issues.error('malformed_parent_facet', `${path}/run`, 'Malformed parent facet: parent.run must have a runId string.');
  } else if (parent.run.runId === runId) {
    issues.error('malformed_parent_facet', `${path}/run/runId`, `Malformed parent facet: run ${runId} names itself as its parent.`);
  }
  if (!isObject(parent.job) || !nonEmptyString(parent.job.namespace) || !nonEmptyString(parent.job.name)) {
    issues.error('malformed_parent_facet', `${path}/job`, 'Malformed parent facet: parent.job must have a namespace and a name.');
  }
  if (parent.root !== undefined && parent.root !== null) {
    const root = parent.root;
    const okRoot =
      isObject(root) &&
      isObject(root.run) &&
      nonEmptyString(root.run.runId) &&
      isObject(root.job) &&
      nonEmptyString(root.job.namespace) &&
      nonEmptyString(root.job.name);
    if (!okRoot) {
      issues.error(
        'malformed_parent_facet',
        `${path}/root`,
        'Malformed parent facet: parent.root must have run.runId and job.namespace and job.name.',
      );
    }
  }
}

function checkDatasets(value: unknown, path: string, ioKey: 'inputFacets' | 'outputFacets', issues: Issues): DatasetRef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.error('wrong_type', path, `${dotted(path)} must be an array of datasets, not ${describe(value)}.`);
    return [];
  }
  const refs: DatasetRef[] = [];
  value.forEach((item, index) => {
    const ref = checkDataset(item, `${path}/${index}`, issues, ioKey);
    if (ref) refs.push(ref);
  });
  return refs;
}

function checkDataset(value: unknown, path: string, issues: Issues, ioKey: 'inputFacets' | 'outputFacets' | 'facets'): DatasetRef | null {
  if (!isObject(value)) {
    issues.error('wrong_type', path, `${dotted(path)} must be a dataset object, not ${describe(value)}.`);
    return null;
  }
  if (!nonEmptyString(value.namespace) || !nonEmptyString(value.name)) {
    issues.error('missing_dataset_name', path, `${dotted(path)} needs a namespace and a name.`);
    return null;
  }
  const io = ioKey === 'facets' ? {} : value[ioKey];
  return {
    namespace: value.namespace,
    name: value.name,
    facets: isObject(value.facets) ? value.facets : {},
    ioFacets: isObject(io) ? io : {},
  };
}

function* facetContainers(raw: JsonObject, kind: EventKind): Generator<[{ value: JsonObject; path: string }, FacetLocation]> {
  if (kind === 'run' && isObject(raw.run) && isObject(raw.run.facets)) yield [{ value: raw.run.facets, path: '/run/facets' }, 'run'];
  if (kind !== 'dataset' && isObject(raw.job) && isObject(raw.job.facets)) yield [{ value: raw.job.facets, path: '/job/facets' }, 'job'];
  if (kind === 'dataset' && isObject(raw.dataset) && isObject(raw.dataset.facets)) {
    yield [{ value: raw.dataset.facets, path: '/dataset/facets' }, 'dataset'];
  }
  for (const [key, ioKey, ioLocation] of [
    ['inputs', 'inputFacets', 'inputDataset'],
    ['outputs', 'outputFacets', 'outputDataset'],
  ] as const) {
    const list = raw[key];
    if (!Array.isArray(list)) continue;
    for (const [index, dataset] of list.entries()) {
      if (!isObject(dataset)) continue;
      if (isObject(dataset.facets)) yield [{ value: dataset.facets, path: `/${key}/${index}/facets` }, 'dataset'];
      const io = dataset[ioKey];
      if (isObject(io)) yield [{ value: io, path: `/${key}/${index}/${ioKey}` }, ioLocation];
    }
  }
}

/** Standard facets are checked against their own spec schema; custom facets only need to be objects (the core schema). */
function validateFacets(container: JsonObject, path: string, location: FacetLocation, schemas: OpenLineageSchemas, issues: Issues): void {
  const known = schemas.facets.get(location);
  for (const [key, facet] of Object.entries(container)) {
    const validator = known?.get(key);
    if (!validator || facet === null || facet === undefined) continue;
    const validate = validator();
    validate(facet);
    for (const error of validate.errors ?? []) classify(error, `${path}/${escapePointer(key)}`, issues);
  }
}

const WRAPPERS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not']);
/** Checked by hand above with clearer messages; the schema's own complaint would repeat them. */
const HANDLED_REQUIRED = new Set([
  '|run',
  '|job',
  '|eventTime',
  '|dataset',
  '/run|runId',
  '/job|name',
  '/job|namespace',
  '/dataset|name',
  '/dataset|namespace',
]);
const HANDLED_PATHS = [
  /^\/eventTime$/,
  /^\/eventType$/,
  /^\/run$/,
  /^\/run\/runId$/,
  /^\/job$/,
  /^\/job\/(name|namespace)$/,
  /^\/(inputs|outputs)(\/\d+)?$/,
  /^\/(inputs|outputs)\/\d+\/(name|namespace)$/,
  /^\/dataset(\/(name|namespace))?$/,
];
const PARENT_INTERNALS = /^\/run\/facets\/parent(\/(run|job|root)(\/.*)?)?$/;

function classify(error: SchemaError, prefix: string, issues: Issues): void {
  if (WRAPPERS.has(error.keyword)) return;
  const path = prefix + error.instancePath;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty ?? '');
    if (HANDLED_REQUIRED.has(`${path}|${missing}`) || /^\/(inputs|outputs)\/\d+$/.test(path)) return;
    if (path === '' && missing === 'producer')
      return issues.warn('missing_producer', '/producer', 'No producer: the event does not say which tool sent it.');
    if (path === '' && missing === 'schemaURL')
      return issues.warn('missing_schema_url', '/schemaURL', 'No schemaURL: the event does not say which spec version it follows.');
    if (missing === '_producer') return issues.warn('facet_missing_producer', path, `${dotted(path)} has no _producer`);
    if (missing === '_schemaURL') return issues.warn('facet_missing_schema_url', path, `${dotted(path)} has no _schemaURL`);
    if (PARENT_INTERNALS.test(path) && path !== '/run/facets/parent') return;
    if (path === '/run/facets/parent' && (missing === 'run' || missing === 'job')) return;
    // Facet schemas gained required fields between spec versions (dataQualityMetrics.columnMetrics);
    // an older client's facet is kept as sent rather than losing the whole event.
    if (/\/(facets|inputFacets|outputFacets)\//.test(`${path}/`)) {
      return issues.warn(
        'facet_missing_field',
        `${path}/${missing}`,
        `${dotted(path)} lacks ${missing}, which the current facet spec requires`,
      );
    }
    return issues.error('missing_field', `${path}/${missing}`, `${dotted(`${path}/${missing}`)} is required.`);
  }
  if (error.keyword === 'format') {
    const value = typeof error.data === 'string' ? error.data : '';
    const format = String(params.format ?? '');
    if (format === 'uuid')
      return issues.warn('run_id_not_uuid', path, `${dotted(path)} "${clip(value)}" is not a UUID; it is used as given.`);
    if (format === 'uri') return issues.warn('not_a_uri', path, `${dotted(path)} "${clip(value)}" is not a URI.`);
    if (format === 'date-time') {
      if (path === '/eventTime') return;
      const parsed = parseTimestamp(value);
      if (!parsed) return issues.error('bad_timestamp', path, `${dotted(path)} "${clip(value)}" is not a date-time.`);
      return issues.warn(
        'timestamp_without_zone',
        path,
        `${dotted(path)} "${clip(value)}" is not a full date-time with a zone; read as UTC.`,
      );
    }
    return issues.warn('format', path, `${dotted(path)} ${error.message ?? 'has the wrong format'}.`);
  }
  if (HANDLED_PATHS.some((re) => re.test(path)) || PARENT_INTERNALS.test(path)) {
    if (error.keyword === 'type' || error.keyword === 'enum') return;
  }
  if (error.keyword === 'type') {
    if (error.data === null) return issues.warn('null_as_absent', path, `${dotted(path)} is null; read as absent`);
    return issues.error('wrong_type', path, `${dotted(path)} must be ${String(params.type)}, not ${describe(error.data)}.`);
  }
  if (error.keyword === 'enum') {
    const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(', ') : '';
    return issues.error('wrong_value', path, `${dotted(path)} must be one of ${allowed}, not ${describe(error.data)}.`);
  }
  issues.error('schema', path, `${dotted(path)} ${error.message ?? 'breaks the OpenLineage schema'}.`);
}

/** Collects issues once each; repetitive warnings are folded into one line per kind. */
class Issues {
  readonly errors: ValidationIssue[] = [];
  private readonly warnings: ValidationIssue[] = [];
  private readonly seen = new Set<string>();

  error(code: string, path: string, message: string): void {
    this.add(this.errors, { code, path, message });
  }

  warn(code: string, path: string, message: string): void {
    this.add(this.warnings, { code, path, message });
  }

  private add(list: ValidationIssue[], issue: ValidationIssue): void {
    const key = `${issue.code}|${issue.path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push(issue);
  }

  summarisedWarnings(): ValidationIssue[] {
    const folded = new Map<string, ValidationIssue[]>();
    const out: ValidationIssue[] = [];
    for (const w of this.warnings) {
      if (FOLDED.has(w.code)) {
        const group = folded.get(w.code) ?? [];
        if (group.length === 0) folded.set(w.code, group);
        group.push(w);
      } else out.push(w);
    }
    for (const [code, group] of folded) {
      const first = group[0];
      if (!first) continue;
      const shown = group
        .slice(0, 8)
        .map((w) => (code === 'facet_missing_field' ? w.message : w.message.replace(/ has no _\w+$| is null; read as absent$/, '')));
      const more = group.length > 8 ? ` and ${group.length - 8} more` : '';
      out.push({ code, path: first.path, message: `${FOLDED.get(code) ?? code}: ${shown.join(', ')}${more}.` });
    }
    return out;
  }
}

const FOLDED = new Map([
  ['facet_missing_producer', 'Facets without _producer'],
  ['facet_missing_schema_url', 'Facets without _schemaURL'],
  ['null_as_absent', 'Null values read as absent'],
  ['facet_missing_field', 'Facets older than the current spec'],
]);
