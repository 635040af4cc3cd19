import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatRef } from '../../electron/core/lineage/graph/refs';
import { defaultResourcesDir } from '../../electron/core/resources';
import { OL_SCHEMAS, readJson, testCore, type TestCore } from './helpers';

/**
 * The static `lineage` facet (facets/1-0-0/LineageFacet.json) as graph edges. No real event in
 * the fixtures carries it, so the events here wrap upstream's own facet examples
 * (schemas/facet-examples/LineageFacet/*.json), each first checked against the bundled schema.
 */

const EXAMPLES = join(OL_SCHEMAS, 'facet-examples', 'LineageFacet');
const BUNDLED = join(defaultResourcesDir(), 'openlineage', 'schemas');
const FACET_ID = 'https://openlineage.io/spec/facets/1-0-0/LineageFacet.json';
const PRODUCER = 'https://quorum.test/producer';
const SPEC = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs';
const JOB_NS = 'airflow://production';
const WAREHOUSE = 'postgresql://warehouse:5432';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/** The bundled facet schema's own definitions, so a test facet is checked against exactly its shape. */
function facetValidators(): { job: ValidateFunction; dataset: ValidateFunction } {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(readJson<Record<string, unknown>>(join(BUNDLED, 'OpenLineage.json')));
  ajv.addSchema(readJson<Record<string, unknown>>(join(BUNDLED, 'facets', 'LineageFacet.json')));
  const get = (def: string) => {
    const validate = ajv.getSchema(`${FACET_ID}#/$defs/${def}`);
    if (!validate) throw new Error(`no ${def}`);
    return validate;
  };
  return { job: get('LineageJobFacet'), dataset: get('LineageDatasetFacet') };
}

function example(name: string): Record<string, unknown> {
  return readJson<{ lineage: Record<string, unknown> }>(join(EXAMPLES, `${name}.json`)).lineage;
}

const jobEvent = (name: string, lineage: unknown) => ({
  eventTime: '2026-03-01T10:00:00Z',
  producer: PRODUCER,
  schemaURL: `${SPEC}/JobEvent`,
  job: { namespace: JOB_NS, name, facets: { lineage } },
  inputs: [],
  outputs: [],
});

const datasetEvent = (namespace: string, name: string, lineage: unknown) => ({
  eventTime: '2026-03-01T10:00:00Z',
  producer: PRODUCER,
  schemaURL: `${SPEC}/DatasetEvent`,
  dataset: { namespace, name, facets: { lineage } },
});

interface EdgeFact {
  line: string;
  confidence: string;
  origin: string;
  sourceRef: string;
  details: Record<string, unknown> | null;
}

/** Every edge as "FROM -kind-> TO", with what it records. */
function edges(t: TestCore): EdgeFact[] {
  const rows = t.core.store.db
    .prepare(
      `SELECT e.kind, e.confidence, e.origin, e.source_ref, e.details_json,
              f.kind AS fk, f.namespace AS fns, f.name AS fn, f.qualifier AS fq,
              o.kind AS tk, o.namespace AS tns, o.name AS tn, o.qualifier AS tq
       FROM lineage_edges e JOIN lineage_nodes f ON f.id = e.from_id JOIN lineage_nodes o ON o.id = e.to_id ORDER BY e.id`,
    )
    .all() as Record<string, string>[];
  const ref = (kind: string, namespace: string, name: string, qualifier: string) =>
    formatRef({ kind: kind as never, namespace, name, qualifier });
  return rows.map((r) => ({
    line: `${ref(r.fk as string, r.fns as string, r.fn as string, r.fq as string)} -${r.kind as string}-> ${ref(r.tk as string, r.tns as string, r.tn as string, r.tq as string)}`,
    confidence: r.confidence as string,
    origin: r.origin as string,
    sourceRef: r.source_ref as string,
    details: r.details_json ? (JSON.parse(r.details_json) as Record<string, unknown>) : null,
  }));
}

const lines = (t: TestCore) => edges(t).map((e) => e.line);
const edge = (t: TestCore, line: string): EdgeFact => {
  const found = edges(t).find((e) => e.line === line);
  if (!found) throw new Error(`no edge ${line}; have:\n${lines(t).join('\n')}`);
  return found;
};

describe('the lineage facet', () => {
  let t: TestCore;
  beforeEach(() => {
    t = testCore();
  });
  afterEach(() => t.close());

  const send = async (name: string, event: unknown) => {
    const result = await t.call('lineage.import', { documents: [{ name, text: JSON.stringify(event) }] });
    return { result, file: result.files[0] };
  };

  it('uses upstream examples that are valid against the bundled facet schema', () => {
    const validate = facetValidators();
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const lineage = readJson<{ lineage: { _schemaURL: string } }>(join(EXAMPLES, file)).lineage;
      const check = lineage._schemaURL.endsWith('LineageJobFacet') ? validate.job : validate.dataset;
      expect(check(lineage), `${file}: ${JSON.stringify(check.errors)}`).toBe(true);
    }
  });

  it('projects a job facet into declared edges whose source names the facet', async () => {
    const { file, result } = await send('mixed.json', jobEvent('enrichment.declared', example('mixed-sources')));
    expect(result.accepted).toBe(1);
    expect(file?.warnings).toEqual([]);
    const hash = (t.core.store.db.prepare('SELECT hash FROM lineage_events').get() as { hash: string }).hash;

    expect(lines(t).sort()).toEqual(
      [
        `dataset:${WAREHOUSE}:public.orders -feeds-> dataset:${WAREHOUSE}:public.enriched_orders`,
        `job:${JOB_NS}:daily.enrichment -output-> dataset:${WAREHOUSE}:public.enriched_orders`,
        `column:${WAREHOUSE}:public.orders#customer_id -column-> column:${WAREHOUSE}:public.enriched_orders#customer_segment`,
        `job:${JOB_NS}:daily.enrichment -column-> column:${WAREHOUSE}:public.enriched_orders#customer_segment`,
      ].sort(),
    );
    for (const e of edges(t)) {
      expect(e.confidence).toBe('declared');
      expect(e.origin).toBe('openlineage');
      expect(e.sourceRef).toMatch(new RegExp(`^event:${hash}#/job/facets/lineage/entries/0/`));
      expect(e.details).toMatchObject({ facet: 'lineage', runId: null });
    }
    expect(edge(t, `dataset:${WAREHOUSE}:public.orders -feeds-> dataset:${WAREHOUSE}:public.enriched_orders`).sourceRef).toBe(
      `event:${hash}#/job/facets/lineage/entries/0/inputs/0`,
    );
    const derived = edge(t, `job:${JOB_NS}:daily.enrichment -column-> column:${WAREHOUSE}:public.enriched_orders#customer_segment`);
    expect(derived.sourceRef).toBe(`event:${hash}#/job/facets/lineage/entries/0/fields/customer_segment/inputs/1`);
    expect(derived.details?.transformations).toEqual([{ type: 'DIRECT', subtype: 'TRANSFORMATION' }]);

    // The operations see them: upstream of the target reaches both sources, marked declared.
    const graph = await t.call('lineage.graph', { node: `dataset:${WAREHOUSE}:public.enriched_orders`, direction: 'upstream', depth: 1 });
    expect(graph.nodes.map((n) => n.ref).sort()).toEqual(
      [`dataset:${WAREHOUSE}:public.enriched_orders`, `dataset:${WAREHOUSE}:public.orders`, `job:${JOB_NS}:daily.enrichment`].sort(),
    );
    expect(new Set(graph.edges.map((e) => e.confidence))).toEqual(new Set(['declared']));
    // The facet became edges; it is not copied onto the job node (the raw event keeps it).
    const job = await t.call('lineage.node', { node: `job:${JOB_NS}:enrichment.declared` });
    expect(JSON.stringify(job)).not.toContain('"lineage"');
  });

  it('reads every target and source shape of the upstream examples', async () => {
    for (const name of ['job-to-dataset', 'job-to-job', 'dataset-to-job', 'implicit-job', 'generator']) {
      const { file } = await send(`${name}.json`, jobEvent(name, example(name)));
      expect(file?.accepted, name).toBe(1);
      expect(file?.warnings, name).toEqual([]);
    }
    await send('customer-profile.json', datasetEvent(WAREHOUSE, 'public.customer_profile', example('dataset-to-dataset')));
    expect(lines(t).sort()).toEqual(
      [
        // job-to-dataset: a job run feeds a dataset.
        `job:${JOB_NS}:daily.extract -output-> dataset:${WAREHOUSE}:public.daily_summary`,
        // job-to-job, both tied to runs (kept in the details).
        `job:${JOB_NS}:daily.transform -feeds-> job:${JOB_NS}:daily.load`,
        // dataset-to-job, with a dataset-wide field (a filter on order_id).
        `dataset:${WAREHOUSE}:public.staging_orders -input-> job:${JOB_NS}:daily.load`,
        `column:${WAREHOUSE}:public.staging_orders#order_id -column-> job:${JOB_NS}:daily.load`,
        // implicit-job: the entry without a name is the event's own job.
        `dataset:postgresql://production:5432:public.transactions -input-> job:${JOB_NS}:implicit-job`,
        // generator: no dataset inputs (an empty array adds nothing); the own job computes a field.
        `job:${JOB_NS}:generator -column-> column:${WAREHOUSE}:public.extracted_data#total`,
        // dataset-to-dataset on a DatasetEvent: the dataset carrying the facet is the target.
        `dataset:${WAREHOUSE}:public.customers -feeds-> dataset:${WAREHOUSE}:public.customer_profile`,
        `column:${WAREHOUSE}:public.customers#id -column-> column:${WAREHOUSE}:public.customer_profile#customer_id`,
      ].sort(),
    );
    expect(new Set(edges(t).map((e) => e.confidence))).toEqual(new Set(['declared']));
    expect(edge(t, `job:${JOB_NS}:daily.transform -feeds-> job:${JOB_NS}:daily.load`).details).toMatchObject({
      fromRunId: 'b7dce052-51a6-4d66-98b9-5fd8b78a79c7',
      toRunId: '605f451b-c768-4c77-9ff4-8501f6324513',
    });
    expect(edge(t, `job:${JOB_NS}:daily.extract -output-> dataset:${WAREHOUSE}:public.daily_summary`).details).toMatchObject({
      fromRunId: 'b7dce052-51a6-4d66-98b9-5fd8b78a79c7',
    });
    expect(
      edge(t, `column:${WAREHOUSE}:public.staging_orders#order_id -column-> job:${JOB_NS}:daily.load`).details?.transformations,
    ).toEqual([{ type: 'INDIRECT', subtype: 'FILTER' }]);
    // Impact follows the new edges: what public.customers feeds downstream.
    const downstream = await t.call('lineage.graph', { node: `dataset:${WAREHOUSE}:public.customers`, direction: 'downstream', depth: 2 });
    expect(downstream.nodes.map((n) => n.ref)).toContain(`dataset:${WAREHOUSE}:public.customer_profile`);
  });

  it('is observed on a RunEvent (lineage seen during that run), on the job and on an output dataset', async () => {
    const runId = '0195c7a4-5b7d-7f2e-9d4a-4a1c2e3f4b5c';
    const event = {
      eventType: 'COMPLETE',
      eventTime: '2026-03-01T11:00:00Z',
      producer: PRODUCER,
      schemaURL: `${SPEC}/RunEvent`,
      run: { runId },
      job: { namespace: JOB_NS, name: 'enrichment.run', facets: { lineage: example('mixed-sources') } },
      inputs: [],
      outputs: [{ namespace: WAREHOUSE, name: 'public.customer_profile', facets: { lineage: example('dataset-to-dataset') } }],
    };
    const { file } = await send('run.json', event);
    expect(file?.accepted).toBe(1);
    const facetEdges = edges(t).filter((e) => e.details?.facet === 'lineage');
    expect(facetEdges.length).toBe(6);
    for (const e of facetEdges) {
      expect(e.confidence).toBe('observed');
      expect(e.details?.runId).toBe(runId);
    }
    expect(edge(t, `dataset:${WAREHOUSE}:public.customers -feeds-> dataset:${WAREHOUSE}:public.customer_profile`).sourceRef).toMatch(
      /#\/outputs\/0\/facets\/lineage\/inputs\/0$/,
    );
    // The run's own output edge is still there, beside them.
    expect(lines(t)).toContain(`run:${runId} -output-> dataset:${WAREHOUSE}:public.customer_profile`);
  });

  it('is idempotent: the same event twice adds nothing', async () => {
    const event = jobEvent('enrichment.declared', example('mixed-sources'));
    await send('a.json', event);
    const before = edges(t);
    const { result } = await send('b.json', event);
    expect(result.duplicates).toBe(1);
    expect(edges(t)).toEqual(before);
  });

  it('skips what it cannot read with a warning naming it, and keeps the event and the rest of the facet', async () => {
    const lineage = {
      _producer: PRODUCER,
      _schemaURL: `${FACET_ID}#/$defs/LineageJobFacet`,
      entries: [
        { type: 'DATASET', namespace: WAREHOUSE },
        { type: 'TABLE', namespace: WAREHOUSE, name: 'public.t' },
        'public.orders',
        { type: 'JOB', name: 'only-a-name' },
        {
          type: 'DATASET',
          namespace: WAREHOUSE,
          name: 'public.kept',
          inputs: [
            { type: 'DATASET', namespace: WAREHOUSE, name: 'public.source' },
            { type: 'DATASET', namespace: WAREHOUSE, name: 'public.kept' },
            { type: 'DATASET', name: 'no-namespace' },
          ],
        },
      ],
    };
    const { file } = await send('partly-bad.json', jobEvent('partly-bad', lineage));
    expect(file?.accepted).toBe(1);
    const issues = file?.warnings.flatMap((w) => w.issues) ?? [];
    expect(issues.map((i) => i.code)).toEqual(Array(6).fill('lineage_facet_skipped'));
    expect(issues.map((i) => i.path)).toEqual([
      '/job/facets/lineage/entries/0',
      '/job/facets/lineage/entries/1',
      '/job/facets/lineage/entries/2',
      '/job/facets/lineage/entries/3',
      '/job/facets/lineage/entries/4/inputs/1',
      '/job/facets/lineage/entries/4/inputs/2',
    ]);
    expect(issues[0]?.message).toContain('DATASET entry without a namespace and a name');
    expect(issues[1]?.message).toContain('a lineage entry is a DATASET or a JOB');
    expect(issues[3]?.message).toContain('only one of namespace and name');
    expect(issues[4]?.message).toContain('names its own target as its source');
    expect(lines(t)).toEqual([`dataset:${WAREHOUSE}:public.source -feeds-> dataset:${WAREHOUSE}:public.kept`]);
    // The warnings are stored with the event, as every other warning.
    const stored = t.core.store.db.prepare('SELECT warnings_json FROM lineage_events').get() as { warnings_json: string };
    expect(JSON.parse(stored.warnings_json)).toHaveLength(6);
  });

  it('ignores a facet of the wrong shape for its place, with a warning, never a crash', async () => {
    const P = { _producer: PRODUCER, _schemaURL: `${FACET_ID}#/$defs/LineageJobFacet` };
    const cases: [string, unknown, string][] = [
      ['entries-string.json', jobEvent('a', { ...P, entries: 'public.orders' }), 'must be an array of targets'],
      ['dataset-shape-on-job.json', jobEvent('b', { ...P, inputs: [] }), 'inputs and fields belong to a dataset'],
      [
        'job-shape-on-dataset.json',
        datasetEvent(WAREHOUSE, 'public.x', { ...P, entries: [{ type: 'DATASET', namespace: WAREHOUSE, name: 'public.y' }] }),
        "that is a job's lineage facet",
      ],
      ['own-job-without-job.json', datasetEvent(WAREHOUSE, 'public.z', { ...P, inputs: [{ type: 'JOB' }] }), 'but this event has no job'],
    ];
    for (const [name, event, message] of cases) {
      const { file } = await send(name, event);
      expect(file?.accepted, name).toBe(1);
      const issues = file?.warnings.flatMap((w) => w.issues) ?? [];
      expect(
        issues.map((i) => i.code),
        name,
      ).toEqual(['lineage_facet_skipped']);
      expect(issues[0]?.message, name).toContain(message);
    }
    expect(edges(t)).toEqual([]);
  });

  it('rejects, with the reason, a facet whose types break the schema', async () => {
    const event = datasetEvent(WAREHOUSE, 'public.bad', {
      _producer: PRODUCER,
      _schemaURL: `${FACET_ID}#/$defs/LineageDatasetFacet`,
      inputs: 'public.orders',
    });
    const { file, result } = await send('bad.json', event);
    expect(result.rejected).toBe(1);
    expect(file?.rejected[0]?.reasons).toContainEqual(
      expect.objectContaining({ code: 'wrong_type', path: '/dataset/facets/lineage/inputs' }),
    );
    const rejected = await t.call('lineage.rejected', {});
    expect(rejected.total).toBe(1);
    expect(edges(t)).toEqual([]);
  });
});

describe('the bundled LineageFacet schema', () => {
  it('is the one the fixtures carry', () => {
    expect(readFileSync(join(BUNDLED, 'facets', 'LineageFacet.json'), 'utf8')).toBe(
      readFileSync(join(OL_SCHEMAS, 'facets', 'LineageFacet.json'), 'utf8'),
    );
  });
});
