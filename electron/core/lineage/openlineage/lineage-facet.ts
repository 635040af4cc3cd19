import type { ValidationIssue } from '@shared/domain/lineage';
import { describe, dotted, escapePointer } from './json-pointer';
import { isObject, nonEmptyString, type EventKind, type JsonObject } from './types';

/**
 * The OpenLineage `lineage` facet (facets/1-0-0/LineageFacet.json): lineage a producer states
 * outright, rather than the inputs and outputs of a run.
 *
 * - On a job (`job.facets.lineage`, a LineageJobFacet): `entries`, each a target — a DATASET, or
 *   a JOB (without namespace and name: the event's own job) — with the `inputs` (datasets or
 *   jobs) that feed it and, for a dataset target, `fields`: target field → its inputs.
 * - On a dataset (`facets.lineage` of an input, an output or a DatasetEvent's dataset, a
 *   LineageDatasetFacet): the dataset is the target; `inputs` and `fields` as above.
 *
 * This reads a facet into relations, one per input. It is lenient by design: the facet's schema
 * is one `anyOf` of the dataset and the job shape, so a malformed job facet usually still
 * validates as a (loose) dataset facet. Whatever cannot be read is skipped and reported as a
 * warning with its path; the event and the rest of the facet are kept. Pure: validation calls it
 * for the warnings, projection for the relations, and both see the same thing.
 */

export interface FacetEndpoint {
  kind: 'dataset' | 'job';
  namespace: string;
  name: string;
  /** A source field, or the target field of field-level lineage. */
  field: string | null;
  /** A job input or target tied to one execution. Kept in the edge details; the edge joins jobs. */
  runId: string | null;
}

export interface FacetRelation {
  from: FacetEndpoint;
  to: FacetEndpoint;
  transformations: unknown[] | null;
  /** JSON Pointer of the input inside the event: where an edge's source_ref points. */
  path: string;
}

export interface LineageFacetReading {
  relations: FacetRelation[];
  issues: ValidationIssue[];
}

export const LINEAGE_FACET_KEY = 'lineage';
const SKIPPED = 'lineage_facet_skipped';

type Job = { namespace: string; name: string } | null;

export function readLineageFacets(raw: JsonObject, kind: EventKind): LineageFacetReading {
  const out: LineageFacetReading = { relations: [], issues: [] };
  const ownJob: Job =
    kind !== 'dataset' && isObject(raw.job) && nonEmptyString(raw.job.namespace) && nonEmptyString(raw.job.name)
      ? { namespace: raw.job.namespace, name: raw.job.name }
      : null;
  if (kind !== 'dataset' && isObject(raw.job) && isObject(raw.job.facets)) {
    const facet = raw.job.facets[LINEAGE_FACET_KEY];
    if (present(facet)) readJobFacet(facet, `/job/facets/${LINEAGE_FACET_KEY}`, ownJob, out);
  }
  const datasets: [unknown, string][] =
    kind === 'dataset'
      ? [[raw.dataset, '/dataset']]
      : (['inputs', 'outputs'] as const).flatMap((key) =>
          Array.isArray(raw[key]) ? (raw[key] as unknown[]).map((d, i): [unknown, string] => [d, `/${key}/${i}`]) : [],
        );
  for (const [dataset, path] of datasets) {
    if (!isObject(dataset) || !isObject(dataset.facets) || !nonEmptyString(dataset.namespace) || !nonEmptyString(dataset.name)) continue;
    const facet = dataset.facets[LINEAGE_FACET_KEY];
    if (!present(facet)) continue;
    const target: FacetEndpoint = { kind: 'dataset', namespace: dataset.namespace, name: dataset.name, field: null, runId: null };
    readDatasetFacet(facet, `${path}/facets/${LINEAGE_FACET_KEY}`, target, ownJob, out);
  }
  return out;
}

/** Absent, null and `_deleted: true` (the spec's way to retract a facet) carry no lineage. */
function present(facet: unknown): boolean {
  return facet !== undefined && facet !== null && !(isObject(facet) && facet._deleted === true);
}

function readJobFacet(facet: unknown, path: string, ownJob: Job, out: LineageFacetReading): void {
  if (!isObject(facet)) return skip(out, path, `${dotted(path)} is ${describe(facet)}, not an object; ignored.`);
  if (!Array.isArray(facet.entries)) {
    const looksLikeDataset = 'inputs' in facet || 'fields' in facet;
    return skip(
      out,
      `${path}/entries`,
      looksLikeDataset
        ? `${dotted(path)} has inputs/fields but no entries: on a job the facet lists its targets in entries (inputs and fields belong to a dataset's lineage facet); ignored.`
        : facet.entries === undefined || facet.entries === null
          ? `${dotted(path)} has no entries, so it states no lineage; ignored.`
          : `${dotted(path)}.entries must be an array of targets, not ${describe(facet.entries)}; the facet is ignored.`,
    );
  }
  facet.entries.forEach((entry: unknown, index: number) => {
    const at = `${path}/entries/${index}`;
    if (!isObject(entry)) return skip(out, at, `${dotted(at)} is ${describe(entry)}, not a lineage entry; skipped.`);
    const target = endpoint(entry, at, ownJob, 'target', out);
    if (!target) return;
    readInputs(entry.inputs, `${at}/inputs`, target, null, ownJob, out);
    if (entry.fields === undefined || entry.fields === null) return;
    if (target.kind !== 'dataset') {
      return skip(
        out,
        `${at}/fields`,
        `${dotted(at)} is a JOB target; field-level lineage (fields) applies to DATASET targets only; ignored.`,
      );
    }
    readFields(entry.fields, `${at}/fields`, target, ownJob, out);
  });
}

function readDatasetFacet(facet: unknown, path: string, target: FacetEndpoint, ownJob: Job, out: LineageFacetReading): void {
  if (!isObject(facet)) return skip(out, path, `${dotted(path)} is ${describe(facet)}, not an object; ignored.`);
  if ('entries' in facet && !('inputs' in facet) && !('fields' in facet)) {
    return skip(
      out,
      `${path}/entries`,
      `${dotted(path)} has entries: that is a job's lineage facet; a dataset's lists its own inputs and fields; ignored.`,
    );
  }
  readInputs(facet.inputs, `${path}/inputs`, target, null, ownJob, out);
  if (facet.fields !== undefined && facet.fields !== null) readFields(facet.fields, `${path}/fields`, target, ownJob, out);
}

function readFields(fields: unknown, path: string, target: FacetEndpoint, ownJob: Job, out: LineageFacetReading): void {
  if (!isObject(fields)) return skip(out, path, `${dotted(path)} must map field names to their inputs, not ${describe(fields)}; ignored.`);
  for (const [field, entry] of Object.entries(fields)) {
    const at = `${path}/${escapePointer(field)}`;
    if (field.trim() === '') {
      skip(out, at, `${dotted(path)} has a field with an empty name; skipped.`);
      continue;
    }
    if (!isObject(entry) || !Array.isArray(entry.inputs)) {
      skip(out, `${at}/inputs`, `${dotted(at)} must be an object with an inputs array; skipped.`);
      continue;
    }
    readInputs(entry.inputs, `${at}/inputs`, target, field, ownJob, out);
  }
}

function readInputs(
  inputs: unknown,
  path: string,
  target: FacetEndpoint,
  targetField: string | null,
  ownJob: Job,
  out: LineageFacetReading,
): void {
  // Absent means "not stated"; an empty array means "no tracked upstream". Neither adds an edge.
  if (inputs === undefined || inputs === null) return;
  if (!Array.isArray(inputs)) return skip(out, path, `${dotted(path)} must be an array of sources, not ${describe(inputs)}; ignored.`);
  inputs.forEach((input: unknown, index: number) => {
    const at = `${path}/${index}`;
    if (!isObject(input)) return skip(out, at, `${dotted(at)} is ${describe(input)}, not a lineage input; skipped.`);
    const from = endpoint(input, at, ownJob, 'source', out);
    if (!from) return;
    const to: FacetEndpoint = { ...target, field: targetField };
    if (targetField === null && from.field === null && sameEntity(from, to)) {
      return skip(out, at, `${dotted(at)} names its own target as its source; skipped.`);
    }
    let transformations: unknown[] | null = null;
    if (Array.isArray(input.transformations)) transformations = input.transformations;
    else if (input.transformations !== undefined && input.transformations !== null) {
      skip(out, `${at}/transformations`, `${dotted(at)}.transformations must be an array; the input is kept without them.`);
    }
    out.relations.push({ from, to, transformations, path: at });
  });
}

/** A target (entry) or a source (input): DATASET needs namespace and name; JOB without them is the event's own job. */
function endpoint(value: JsonObject, path: string, ownJob: Job, role: 'target' | 'source', out: LineageFacetReading): FacetEndpoint | null {
  const what = role === 'target' ? 'entry' : 'input';
  const field = role === 'source' && nonEmptyString(value.field) ? value.field : null;
  const runId = nonEmptyString(value.runId) ? value.runId : null;
  if (value.type === 'DATASET') {
    if (!nonEmptyString(value.namespace) || !nonEmptyString(value.name)) {
      skip(out, path, `${dotted(path)} is a DATASET ${what} without a namespace and a name; skipped.`);
      return null;
    }
    return { kind: 'dataset', namespace: value.namespace, name: value.name, field, runId: null };
  }
  if (value.type === 'JOB') {
    const named = nonEmptyString(value.namespace) || nonEmptyString(value.name);
    if (named && !(nonEmptyString(value.namespace) && nonEmptyString(value.name))) {
      skip(
        out,
        path,
        `${dotted(path)} is a JOB ${what} with only one of namespace and name; give both, or neither for the event's own job. Skipped.`,
      );
      return null;
    }
    if (named) return { kind: 'job', namespace: value.namespace as string, name: value.name as string, field: null, runId };
    if (!ownJob) {
      skip(out, path, `${dotted(path)} is a JOB ${what} without a name, meaning the event's own job, but this event has no job; skipped.`);
      return null;
    }
    return { kind: 'job', namespace: ownJob.namespace, name: ownJob.name, field: null, runId };
  }
  skip(out, path, `${dotted(path)} has type ${describe(value.type)}; a lineage ${what} is a DATASET or a JOB. Skipped.`);
  return null;
}

function sameEntity(a: FacetEndpoint, b: FacetEndpoint): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

function skip(out: LineageFacetReading, path: string, message: string): void {
  out.issues.push({ code: SKIPPED, path, message });
}
