import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LineageEdge, LineageNode } from '@shared/domain/lineage';
import { materialiseDbtRunIds, OL_EVENTS, olEvent, readJson, testCore, type TestCore } from './helpers';

/**
 * One test per real event file in ../shared/fixtures/openlineage/events: each produces the
 * graph its producer meant — jobs, datasets, edges, run states — or, for the invalid ones, is
 * rejected with its reason and leaves the graph untouched.
 */

interface Facts {
  nodes: LineageNode[];
  edges: LineageEdge[];
  refs: (kind: LineageNode['kind']) => string[];
  node: (ref: string) => LineageNode;
  /** "FROM_REF -kind-> TO_REF" for every edge, sorted. */
  lines: string[];
}

async function facts(t: TestCore): Promise<Facts> {
  const nodes = [
    ...(await t.call('lineage.search', { query: '', limit: 500 })),
    ...(await t.call('lineage.search', { query: '', kind: 'column', limit: 500 })),
  ];
  const edges = new Map<number, LineageEdge>();
  for (const n of nodes) {
    const g = await t.call('lineage.graph', { node: n.id, direction: 'both', depth: 1, includeColumns: true });
    for (const e of g.edges) edges.set(e.id, e);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const refOf = async (id: number) => byId.get(id)?.ref ?? (await t.call('lineage.node', { node: id })).node.ref;
  const lines: string[] = [];
  for (const e of edges.values()) lines.push(`${await refOf(e.from)} -${e.kind}-> ${await refOf(e.to)}`);
  return {
    nodes,
    edges: [...edges.values()],
    refs: (kind) =>
      nodes
        .filter((n) => n.kind === kind)
        .map((n) => n.ref)
        .sort(),
    node: (ref) => {
      const found = nodes.find((n) => n.ref === ref);
      if (!found) throw new Error(`no node ${ref}; have ${nodes.map((n) => n.ref).join(', ')}`);
      return found;
    },
    lines: lines.sort(),
  };
}

async function ingest(t: TestCore, ...files: string[]) {
  return t.importPaths(files.map((f) => (f.startsWith('/') ? f : join(OL_EVENTS, f))));
}

describe('real OpenLineage events, one file at a time', () => {
  let t: TestCore;
  beforeEach(() => {
    t = testCore();
  });
  afterEach(() => t.close());

  it('covers every file in the fixtures folder', () => {
    expect(readdirSync(OL_EVENTS).sort()).toEqual([
      'dbt-postgres_failed_run_ol_events.array.json',
      'fluentd-docker_test-complete.json',
      'fluentd-docker_test-start.json',
      'fluentd_event_full.json',
      'fluentd_event_simple.json',
      'invalid_fluentd_event_invalid_run_facet.json',
      'invalid_fluentd_event_no_run_id.json',
      'partial_spark_pysparkCLLEnd.json',
      'python-client_example_full_event.json',
      'python-client_serde_example_dataset_event.json',
      'python-client_serde_example_job_event.json',
      'python-client_serde_example_run_event.json',
      'spark-serde_openlineage-event.json',
      'spec-tests_example_full_event.json',
    ]);
  });

  it('python-client_example_full_event.json: a completed child run that reads and writes one table, with assertions', async () => {
    const result = await ingest(t, 'python-client_example_full_event.json');
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:my-scheduler-namespace:myjob.mytask']);
    expect(f.refs('dataset')).toEqual(['dataset:my-datasource-namespace:instance.schema.table']);
    const run = f.node('run:ea041791-68bc-4ae1-bd89-4c8106a157e4');
    expect(run.run).toMatchObject({
      state: 'completed',
      parentRunId: '3f5e83fa-3480-44ff-99c5-ff943904e5e8',
      endedAt: Date.parse('2020-12-28T19:51:01.641Z'),
    });
    // The parent run is known from the facet alone; it has no state until its own events arrive.
    expect(f.node('run:3f5e83fa-3480-44ff-99c5-ff943904e5e8').run?.state).toBe('new');
    expect(f.lines).toEqual([
      'dataset:my-datasource-namespace:instance.schema.table -input-> run:ea041791-68bc-4ae1-bd89-4c8106a157e4',
      'job:my-scheduler-namespace:myjob.mytask -executes-> run:3f5e83fa-3480-44ff-99c5-ff943904e5e8',
      'job:my-scheduler-namespace:myjob.mytask -executes-> run:ea041791-68bc-4ae1-bd89-4c8106a157e4',
      'run:3f5e83fa-3480-44ff-99c5-ff943904e5e8 -parent-> run:ea041791-68bc-4ae1-bd89-4c8106a157e4',
      'run:ea041791-68bc-4ae1-bd89-4c8106a157e4 -output-> dataset:my-datasource-namespace:instance.schema.table',
    ]);
    const detail = await t.call('lineage.node', { node: 'dataset:my-datasource-namespace:instance.schema.table' });
    expect(detail.schema).toEqual([{ name: 'column1', type: 'VARCHAR', description: 'string' }]);
    expect(detail.qualityAssertions.map((a) => [a.assertion, a.success, a.column])).toEqual([
      ['row_count_equal_to', true, null],
      ['no_null_values', true, 'id'],
    ]);
    const runDetail = await t.call('lineage.node', { node: run.id });
    expect(runDetail.facets.tags).toMatchObject({ tags: [{ key: 'openlineage_client_version', value: '1.30.0' }] });
    // Reading and writing one table is a cycle in the graph; it is reported, and the walk ends.
    const graph = await t.call('lineage.graph', { node: 'dataset:my-datasource-namespace:instance.schema.table', depth: 10 });
    expect(graph.cycles).toHaveLength(1);
  });

  it('fluentd_event_full.json: custom facets are kept; statistics ride on the run edges; an older facet warns', async () => {
    const result = await ingest(t, 'fluentd_event_full.json');
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
    expect(result.files[0]?.warnings[0]?.issues.map((i) => i.code)).toContain('facet_missing_field');
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:my-scheduler-namespace:myjob.mytask']);
    const job = await t.call('lineage.node', { node: 'job:my-scheduler-namespace:myjob.mytask' });
    expect(Object.keys(job.facets).sort()).toEqual([
      'additionalProp1',
      'additionalProp2',
      'additionalProp3',
      'documentation',
      'sourceCodeLocation',
      'sql',
    ]);
    expect(job.facets.sql).toMatchObject({ query: 'SELECT * FROM foo', additionalPropExample: { example: true } });
    const run = await t.call('lineage.node', { node: 'run:ea041791-68bc-4ae1-bd89-4c8106a157e4' });
    expect(run.node.run?.state).toBe('completed');
    expect(Object.keys(run.facets)).toEqual(
      expect.arrayContaining(['nominalTime', 'additionalProp1', 'additionalProp2', 'additionalProp3']),
    );
    const dataset = await t.call('lineage.node', { node: 'dataset:my-datasource-namespace:instance.schema.table' });
    expect(Object.keys(dataset.facets)).toEqual(expect.arrayContaining(['documentation', 'schema', 'dataSource', 'additionalProp1']));
    const input = f.edges.find((e) => e.kind === 'input');
    const output = f.edges.find((e) => e.kind === 'output');
    expect(input?.details).toMatchObject({ facets: { dataQualityMetrics: { rowCount: 1000, bytes: 1048576, fileCount: 5 } } });
    expect(output?.details).toMatchObject({ facets: { outputStatistics: { rowCount: 2000, size: 2097152 } } });
  });

  it('fluentd_event_simple.json: two inputs, one output, a completed run, a +10:00 time zone', async () => {
    await ingest(t, 'fluentd_event_simple.json');
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:my-scheduler-namespace:myjob']);
    expect(f.refs('dataset')).toEqual([
      'dataset:my-datasource-namespace:instance.schema.input-1',
      'dataset:my-datasource-namespace:instance.schema.input-2',
      'dataset:my-datasource-namespace:instance.schema.output-1',
    ]);
    const run = 'run:41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7';
    expect(f.node(run).run).toMatchObject({ state: 'completed', endedAt: Date.parse('2020-12-28T09:52:00.001Z') });
    expect(f.lines).toEqual([
      `dataset:my-datasource-namespace:instance.schema.input-1 -input-> ${run}`,
      `dataset:my-datasource-namespace:instance.schema.input-2 -input-> ${run}`,
      `job:my-scheduler-namespace:myjob -executes-> ${run}`,
      `${run} -output-> dataset:my-datasource-namespace:instance.schema.output-1`,
    ]);
  });

  it('fluentd-docker_test-start.json: a started run is running', async () => {
    await ingest(t, 'fluentd-docker_test-start.json');
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:my-namespace:my-job']);
    expect(f.refs('dataset')).toEqual(['dataset:my-namespace:my-input', 'dataset:my-namespace:my-output']);
    expect(f.node('run:d46e465b-d358-4d32-83d4-df660ff614dd').run).toMatchObject({
      state: 'running',
      startedAt: Date.parse('2019-05-09T19:49:24.201Z'),
      endedAt: null,
    });
    const input = await t.call('lineage.node', { node: 'dataset:my-namespace:my-input' });
    expect(input.schema.map((c) => `${c.name}:${c.type}`)).toEqual(['a:INTEGER', 'b:TIMESTAMP', 'c:INTEGER', 'd:INTEGER']);
  });

  it('fluentd-docker_test-complete.json: the same run completes, from either order', async () => {
    await ingest(t, 'fluentd-docker_test-complete.json');
    let f = await facts(t);
    expect(f.node('run:d46e465b-d358-4d32-83d4-df660ff614dd').run).toMatchObject({
      state: 'completed',
      endedAt: Date.parse('2019-05-09T19:50:24.201Z'),
    });
    await ingest(t, 'fluentd-docker_test-start.json');
    f = await facts(t);
    expect(f.node('run:d46e465b-d358-4d32-83d4-df660ff614dd').run).toMatchObject({
      state: 'completed',
      startedAt: Date.parse('2019-05-09T19:49:24.201Z'),
      endedAt: Date.parse('2019-05-09T19:50:24.201Z'),
    });
    expect(f.lines).toEqual([
      'dataset:my-namespace:my-input -input-> run:d46e465b-d358-4d32-83d4-df660ff614dd',
      'job:my-namespace:my-job -executes-> run:d46e465b-d358-4d32-83d4-df660ff614dd',
      'run:d46e465b-d358-4d32-83d4-df660ff614dd -output-> dataset:my-namespace:my-output',
    ]);
  });

  it('spark-serde_openlineage-event.json: root run and error message; a parent facet with only a job warns', async () => {
    const result = await ingest(t, 'spark-serde_openlineage-event.json');
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
    expect(result.files[0]?.warnings[0]?.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['parent_without_run', 'missing_producer', 'missing_schema_url', 'facet_missing_producer']),
    );
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:namespace:jobName', 'job:root-namespace:root-job-name']);
    expect(f.refs('dataset')).toEqual(['dataset:ins:input', 'dataset:ons:output']);
    const run = 'run:5f24c93c-2ce9-49dc-82e7-95ab4915242f';
    expect(f.node(run).run).toMatchObject({
      state: 'running',
      errorMessage: 'failed',
      rootRunId: '5f24c93c-1a1a-49dc-82e7-95ab4915242f',
      parentRunId: null,
    });
    expect(f.lines).toEqual([
      `dataset:ins:input -input-> ${run}`,
      `job:namespace:jobName -executes-> ${run}`,
      'job:root-namespace:root-job-name -executes-> run:5f24c93c-1a1a-49dc-82e7-95ab4915242f',
      `run:5f24c93c-1a1a-49dc-82e7-95ab4915242f -parent-> ${run}`,
      `${run} -output-> dataset:ons:output`,
    ]);
    expect(f.edges.find((e) => e.kind === 'input')?.details).toMatchObject({
      facets: { dataQualityMetrics: { rowCount: 10, columnMetrics: { mycol: { nullCount: 1 } } } },
    });
    // sourceCodeLocation.version "v1" is not a commit, so no code node is invented.
    expect(f.refs('code_commit')).toEqual([]);
  });

  it('spec-tests_example_full_event.json: a completed dbt job without datasets; the stray dataset field is ignored', async () => {
    const result = await ingest(t, 'spec-tests_example_full_event.json');
    expect(result.files[0]?.warnings[0]?.issues.map((i) => i.code)).toContain('ignored_field');
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:food_delivery:dbt']);
    expect(f.refs('dataset')).toEqual([]);
    expect(f.node('run:f69a6e9b-9bac-3c9a-9cf6-eacb70ecc9a9').run?.state).toBe('completed');
    expect((await t.call('lineage.node', { node: 'job:food_delivery:dbt' })).facets.sql).toMatchObject({ query: 'SELECT 1' });
  });

  it('python-client_serde_example_run_event.json: a zone-less time is read as UTC with a warning', async () => {
    const result = await ingest(t, 'python-client_serde_example_run_event.json');
    expect(result.files[0]?.warnings[0]?.issues.filter((i) => i.code === 'timestamp_without_zone')).toHaveLength(3);
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:openlineage:name']);
    expect(f.node('run:69f4acab-b87d-4fc0-b27b-8ea950370ff3').run).toMatchObject({
      state: 'running',
      startedAt: Date.parse('2021-11-03T10:53:52.427Z'),
    });
  });

  it('python-client_serde_example_job_event.json: a JobEvent declares what the job reads and writes', async () => {
    await ingest(t, 'python-client_serde_example_job_event.json');
    const f = await facts(t);
    expect(f.refs('run')).toEqual([]);
    expect(f.lines).toEqual([
      'dataset:openlineage:dataset_a -input-> job:openlineage:name',
      'job:openlineage:name -output-> dataset:openlineage:dataset_b',
    ]);
    expect(f.edges.every((e) => e.confidence === 'declared')).toBe(true);
  });

  it('python-client_serde_example_dataset_event.json: a DatasetEvent describes one dataset', async () => {
    await ingest(t, 'python-client_serde_example_dataset_event.json');
    const f = await facts(t);
    expect(f.refs('dataset')).toEqual(['dataset:openlineage:name']);
    expect(f.refs('job')).toEqual([]);
    expect((await t.call('lineage.node', { node: 'dataset:openlineage:name' })).schema.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('dbt-postgres_failed_run_ol_events.array.json as recorded: matcher placeholders are refused, not folded into one run', async () => {
    const result = await ingest(t, 'dbt-postgres_failed_run_ol_events.array.json');
    // Every runId is "{{ any(result) }}": events whose parent is that same id name themselves as parent.
    expect(result.accepted).toBe(2);
    expect(result.files[0]?.rejected.map((r) => [r.ref.split('#')[1], r.reasons[0]?.code])).toEqual(
      ['1', '2', '3', '4', '5', '6'].map((i) => [i, 'malformed_parent_facet']),
    );
    const rejected = await t.call('lineage.rejected', { limit: 10, offset: 0 });
    expect(rejected.total).toBe(6);
    const f = await facts(t);
    expect(f.refs('job')).toEqual(['job:dbt-test-namespace:dbt-run-jaffle_shop']);
  });

  it('dbt-postgres_failed_run_ol_events.array.json with real run ids: a three-level hierarchy that failed', async () => {
    const { events, runIds } = materialiseDbtRunIds(
      readJson<Record<string, unknown>[]>(join(OL_EVENTS, 'dbt-postgres_failed_run_ol_events.array.json')),
    );
    const file = join(t.dir, 'dbt.array.json');
    writeFileSync(file, JSON.stringify(events));
    const result = await ingest(t, file);
    expect(result).toMatchObject({ accepted: 8, rejected: 0 });
    const f = await facts(t);
    expect(f.refs('job')).toEqual([
      'job:dbt-test-namespace:dbt-run-jaffle_shop',
      'job:dbt-test-namespace:model.jaffle_shop.orders',
      'job:dbt-test-namespace:model.jaffle_shop.orders.sql.1',
      'job:dbt-test-namespace:model.jaffle_shop.orders.sql.2',
    ]);
    expect(f.refs('dataset')).toEqual([
      'dataset:postgres://postgres:5432:postgres.public.orders',
      'dataset:postgres://postgres:5432:postgres.public.stg_orders',
      'dataset:postgres://postgres:5432:postgres.public.stg_payments',
    ]);
    const run = (job: string) => f.node(`run:${runIds.get(job) ?? ''}`).run;
    expect(run('dbt-run-jaffle_shop')).toMatchObject({
      state: 'failed',
      parentRunId: null,
      errorMessage: expect.stringContaining('Command `dbt run` failed'),
    });
    expect(run('model.jaffle_shop.orders')).toMatchObject({
      state: 'failed',
      parentRunId: runIds.get('dbt-run-jaffle_shop'),
      errorMessage: expect.stringContaining('syntax error at or near "final"'),
    });
    expect(run('model.jaffle_shop.orders.sql.1')).toMatchObject({
      state: 'completed',
      parentRunId: runIds.get('model.jaffle_shop.orders'),
    });
    expect(run('model.jaffle_shop.orders.sql.2')).toMatchObject({ state: 'failed', parentRunId: runIds.get('model.jaffle_shop.orders') });
    const id = (job: string) => `run:${runIds.get(job) ?? ''}`;
    expect(f.lines).toEqual(
      expect.arrayContaining([
        `${id('dbt-run-jaffle_shop')} -parent-> ${id('model.jaffle_shop.orders')}`,
        `${id('model.jaffle_shop.orders')} -parent-> ${id('model.jaffle_shop.orders.sql.1')}`,
        `${id('model.jaffle_shop.orders')} -parent-> ${id('model.jaffle_shop.orders.sql.2')}`,
        `dataset:postgres://postgres:5432:postgres.public.stg_orders -input-> ${id('model.jaffle_shop.orders')}`,
        `dataset:postgres://postgres:5432:postgres.public.stg_payments -input-> ${id('model.jaffle_shop.orders')}`,
        `${id('model.jaffle_shop.orders')} -output-> dataset:postgres://postgres:5432:postgres.public.orders`,
      ]),
    );
    // Three levels: the failing SQL statement's ancestry reaches the dbt invocation.
    const up = await t.call('lineage.graph', { node: id('model.jaffle_shop.orders.sql.2'), direction: 'upstream', depth: 5 });
    expect(up.nodes.map((n) => n.ref)).toEqual(expect.arrayContaining([id('model.jaffle_shop.orders'), id('dbt-run-jaffle_shop')]));
  });

  it('partial_spark_pysparkCLLEnd.json as recorded: a matcher without runId, job name or time is rejected', async () => {
    const result = await ingest(t, 'partial_spark_pysparkCLLEnd.json');
    expect(result.files[0]?.rejected[0]?.reasons.map((r) => r.code)).toEqual(['missing_event_time', 'missing_run_id', 'missing_job_name']);
    expect((await t.call('lineage.summary', {})).nodes).toEqual({});
  });

  it('partial_spark_pysparkCLLEnd.json with its identity filled in: column-level lineage', async () => {
    // The matcher leaves out what every Spark event has; its datasets and column lineage are the producer's own.
    const recorded = olEvent('partial_spark_pysparkCLLEnd.json');
    const event = {
      ...recorded,
      eventTime: '2024-05-01T10:00:00Z',
      run: { runId: '0190d3c2-5d8b-7b2a-9b6e-2f1b4c0a9e11' },
      job: { ...(recorded.job as Record<string, unknown>), name: 'cll_test.execute_insert_into_hive_table' },
      producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.20.0/integration/spark',
    };
    const file = join(t.dir, 'spark-cll.json');
    writeFileSync(file, JSON.stringify(event));
    expect(await ingest(t, file)).toMatchObject({ accepted: 1, rejected: 0 });
    const f = await facts(t);
    expect(f.refs('dataset')).toEqual([
      'dataset:file:/tmp/cll_test/cll_source1',
      'dataset:file:/tmp/cll_test/cll_source2',
      'dataset:file:/tmp/cll_test/tbl1',
    ]);
    const columnEdges = f.lines.filter((l) => l.includes('-column->'));
    expect(columnEdges).toEqual([
      'column:file:/tmp/cll_test/cll_source1#a -column-> column:file:/tmp/cll_test/tbl1#agg',
      'column:file:/tmp/cll_test/cll_source1#a -column-> column:file:/tmp/cll_test/tbl1#ident',
      'column:file:/tmp/cll_test/cll_source1#a -column-> column:file:/tmp/cll_test/tbl1#trans',
      'column:file:/tmp/cll_test/cll_source1#b -column-> column:file:/tmp/cll_test/tbl1#agg',
      'column:file:/tmp/cll_test/cll_source1#b -column-> column:file:/tmp/cll_test/tbl1#ident',
      'column:file:/tmp/cll_test/cll_source1#b -column-> column:file:/tmp/cll_test/tbl1#trans',
      'column:file:/tmp/cll_test/cll_source2#a -column-> column:file:/tmp/cll_test/tbl1#agg',
      'column:file:/tmp/cll_test/cll_source2#a -column-> column:file:/tmp/cll_test/tbl1#ident',
      'column:file:/tmp/cll_test/cll_source2#a -column-> column:file:/tmp/cll_test/tbl1#trans',
      'column:file:/tmp/cll_test/cll_source2#c -column-> column:file:/tmp/cll_test/tbl1#agg',
    ]);
    const agg = await t.call('lineage.graph', {
      node: 'column:file:/tmp/cll_test/tbl1#agg',
      direction: 'upstream',
      depth: 1,
      includeColumns: true,
    });
    const sum = agg.edges.find((e) => agg.nodes.find((n) => n.id === e.from)?.ref === 'column:file:/tmp/cll_test/cll_source2#c');
    expect(sum?.details).toMatchObject({ transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION', description: 'sum(t2.c) AS agg' }] });
    // Without includeColumns the table-level graph stays table-level.
    const plain = await t.call('lineage.graph', { node: 'dataset:file:/tmp/cll_test/tbl1', direction: 'upstream', depth: 3 });
    expect(plain.nodes.some((n) => n.kind === 'column')).toBe(false);
    expect((await t.call('lineage.node', { node: 'dataset:file:/tmp/cll_test/tbl1' })).facets.symlinks).toMatchObject({
      identifiers: [{ name: 'default.tbl1' }],
    });
  });

  it('invalid_fluentd_event_no_run_id.json: rejected for having no runId, kept in the rejected list', async () => {
    const result = await ingest(t, 'invalid_fluentd_event_no_run_id.json');
    expect(result).toMatchObject({ accepted: 0, rejected: 1 });
    const list = await t.call('lineage.rejected', { limit: 10, offset: 0 });
    expect(list.items[0]).toMatchObject({ source: 'file', reasons: [{ code: 'missing_run_id', path: '/run/runId' }] });
    expect(list.items[0]?.preview).toContain('my-scheduler-namespace');
    expect((await t.call('lineage.summary', {})).events).toBe(0);
  });

  it('invalid_fluentd_event_invalid_run_facet.json: rejected for a malformed parent facet', async () => {
    const result = await ingest(t, 'invalid_fluentd_event_invalid_run_facet.json');
    expect(result.files[0]?.rejected[0]?.reasons).toEqual([
      {
        code: 'malformed_parent_facet',
        path: '/run/facets/parent/run',
        message: 'Malformed parent facet: parent.run must have a runId string.',
      },
    ]);
    expect((await t.call('lineage.summary', {})).nodes).toEqual({});
  });
});
