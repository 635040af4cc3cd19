import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvidenceCheck, GateResult } from '@shared/domain/governance';
import { lineageContext } from '../../electron/core/lineage/context';
import { dataQualityEvidence } from '../../electron/core/lineage/query/quality-evidence';
import { defaultResourcesDir } from '../../electron/core/resources';
import { loadMlflow, MLFLOW_CONNECTION, OL_EVENTS, testCore, type TestCore } from '../lineage/helpers';

/**
 * The release gate's data-quality check fed by lineage: OpenLineage runs report
 * `dataQualityAssertions` on the datasets they read, the lineage graph joins those datasets
 * to the training data of fraud-detector's versions (real MLflow 2.17.2 recordings: v3 trained
 * on digest a7767dde, v4 on 5d1f07fb), and the gate judges the assertions upstream of the
 * version it evaluates.
 */

const PRODUCER = 'https://quorum.test/pipelines';
const RUN_EVENT = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const LENDING = 'postgres://lending-db:5432';
const APPLICATIONS = 'lending.applications';
/** Real upstream events: a run that reads (and writes) this table and asserts two things about it. */
const FIXTURE_EVENT = 'python-client_example_full_event.json';
const FIXTURE_TABLE = { namespace: 'my-datasource-namespace', name: 'instance.schema.table' };
const V3_DATA = 'a7767dde';
const V4_DATA = '5d1f07fb';

const at = (iso: string) => Date.parse(iso);

interface Assertion {
  assertion: string;
  success: boolean;
  column?: string;
}

const versionFacet = (version: string) => ({
  version: {
    _producer: PRODUCER,
    _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json',
    datasetVersion: version,
  },
});

function runEvent(job: string, time: string, inputs: unknown[], outputs: unknown[]): Record<string, unknown> {
  return {
    eventType: 'COMPLETE',
    eventTime: time,
    run: { runId: randomUUID() },
    job: { namespace: 'lending-pipelines', name: job },
    inputs,
    outputs,
    producer: PRODUCER,
    schemaURL: RUN_EVENT,
  };
}

/** The job that builds a version of the training set from the fixture's table. */
const build = (version: string, time: string) =>
  runEvent('build_training_set', time, [FIXTURE_TABLE], [{ namespace: LENDING, name: APPLICATIONS, facets: versionFacet(version) }]);

/** A validation run: reads one version of the training set and reports its assertions. */
const validate = (version: string, time: string, assertions: Assertion[]) =>
  runEvent(
    'validate_training_set',
    time,
    [
      {
        namespace: LENDING,
        name: APPLICATIONS,
        facets: versionFacet(version),
        inputFacets: {
          dataQualityAssertions: {
            _producer: PRODUCER,
            _schemaURL: 'https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json',
            assertions,
          },
        },
      },
    ],
    [],
  );

const allPass: Assertion[] = [
  { assertion: 'not_null', success: true, column: 'income' },
  { assertion: 'unique', success: true, column: 'application_id' },
];
const incomeNull: Assertion[] = [
  { assertion: 'not_null', success: false, column: 'income' },
  { assertion: 'unique', success: true, column: 'application_id' },
];

/** The shipped policy, with data-quality results required for high-risk models (fraud-detector is tagged high). */
function policyRequiringDataQuality(): string {
  const shipped = readFileSync(join(defaultResourcesDir(), 'policy', 'default-policy.yaml'), 'utf8');
  const required = shipped.replace('dataQuality: { required: false }', 'dataQuality: { required: true }');
  if (required === shipped) throw new Error('the shipped policy no longer has a high-tier dataQuality rule to turn on');
  return required;
}

let t: TestCore | undefined;
let clock = at('2026-12-01T00:00:00Z');

afterEach(() => {
  t?.close();
  t = undefined;
});

/** A workspace with the MLflow registry, the fixture's upstream run and v3's and v4's training sets built from it. */
async function workspace(options: { requireDataQuality: boolean }): Promise<TestCore> {
  clock = at('2026-12-01T00:00:00Z');
  const core = testCore(() => clock);
  t = core;
  loadMlflow(core.core);
  await importEvents(core, [build(V3_DATA, '2026-11-01T08:00:00Z'), build(V4_DATA, '2026-11-10T08:00:00Z')], [FIXTURE_EVENT]);
  await core.call('governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
  if (options.requireDataQuality) await core.call('governance.policy.set', { yaml: policyRequiringDataQuality(), message: 'require DQ' });
  return core;
}

/** Imports events as dropped documents (one per line, as a receiver would store them), through the real import. */
async function importEvents(core: TestCore, events: Record<string, unknown>[], fixtures: string[] = []): Promise<void> {
  const documents = [
    ...fixtures.map((name) => ({ name, text: readFileSync(join(OL_EVENTS, name), 'utf8') })),
    ...(events.length > 0 ? [{ name: 'pipeline.jsonl', text: events.map((e) => JSON.stringify(e)).join('\n') }] : []),
  ];
  const result = await core.call('lineage.import', { paths: [], documents });
  expect(result).toMatchObject({ rejected: 0, failedFiles: 0 });
}

async function gate(core: TestCore, version: number): Promise<GateResult> {
  return core.call('governance.gate.evaluate', { connection: MLFLOW_CONNECTION, model: 'fraud-detector', version, stage: 'production' });
}

function dataQualityCheck(result: GateResult): EvidenceCheck {
  const check = result.checks.find((c) => c.id === 'data-quality');
  if (!check) throw new Error(`no data-quality check in the gate: ${result.checks.map((c) => c.id).join(', ')}`);
  return check;
}

const evidence = (core: TestCore, version: number, asOf: number) =>
  dataQualityEvidence(lineageContext(core.core.services), { connection: MLFLOW_CONNECTION, model: 'fraud-detector', version }, asOf);

describe('data-quality evidence from lineage', () => {
  it('passes when every assertion upstream passed, each named by its dataset (version) and column', async () => {
    const core = await workspace({ requireDataQuality: true });
    await importEvents(core, [validate(V3_DATA, '2026-11-25T06:00:00Z', allPass)]);

    expect(evidence(core, 3, clock)).toEqual([
      // The real fixture's assertions, about the table the training set was built from (no version facet: the table itself).
      { at: at('2020-12-28T19:51:01.641Z'), assertion: 'instance.schema.table: no_null_values(id)', passed: true },
      { at: at('2020-12-28T19:51:01.641Z'), assertion: 'instance.schema.table: row_count_equal_to', passed: true },
      { at: at('2026-11-25T06:00:00Z'), assertion: `${APPLICATIONS}@${V3_DATA}: not_null(income)`, passed: true },
      { at: at('2026-11-25T06:00:00Z'), assertion: `${APPLICATIONS}@${V3_DATA}: unique(application_id)`, passed: true },
    ]);
    const check = dataQualityCheck(await gate(core, 3));
    expect(check).toMatchObject({ status: 'pass', actual: '4/4 passed', message: 'all assertions passed' });
  });

  it('fails naming the failed assertion; assertions on another version of the data do not count', async () => {
    const core = await workspace({ requireDataQuality: true });
    await importEvents(core, [
      validate(V3_DATA, '2026-11-25T06:00:00Z', allPass),
      // v4's training set (a later build of the same table) has null incomes; v3's does not.
      validate(V4_DATA, '2026-11-25T07:00:00Z', incomeNull),
    ]);

    const v4 = await gate(core, 4);
    expect(dataQualityCheck(v4)).toMatchObject({
      status: 'fail',
      actual: '3/4 passed',
      message: `failed: ${APPLICATIONS}@${V4_DATA}: not_null(income)`,
    });
    expect(v4.reasons).toContain(`Data-quality assertions: failed: ${APPLICATIONS}@${V4_DATA}: not_null(income)`);
    expect(dataQualityCheck(await gate(core, 3)).status).toBe('pass');
  });

  it('judges the latest result of each assertion: a failure fixed and re-run passes', async () => {
    const core = await workspace({ requireDataQuality: true });
    await importEvents(core, [validate(V3_DATA, '2026-11-25T06:00:00Z', incomeNull)]);
    expect(dataQualityCheck(await gate(core, 3)).status).toBe('fail');

    await importEvents(core, [validate(V3_DATA, '2026-11-26T06:00:00Z', allPass)]);
    expect(dataQualityCheck(await gate(core, 3))).toMatchObject({ status: 'pass', actual: '4/4 passed' });
  });

  it('a dataset known only by its location stands for its versions: the latest check of the location holds', async () => {
    const core = await workspace({ requireDataQuality: true });
    // MLflow records the training data's source as s3://acme-ml-data/fraud/transactions/ with no version a
    // pipeline knows, so the lineage joins the location (sourceUriMatchesDataset), not a version of it.
    const location = (version: string, time: string, assertions: Assertion[]) =>
      runEvent(
        'check_transactions',
        time,
        [
          {
            namespace: 's3://acme-ml-data',
            name: 'fraud/transactions',
            facets: versionFacet(version),
            inputFacets: {
              dataQualityAssertions: {
                _producer: PRODUCER,
                _schemaURL: 'https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json',
                assertions,
              },
            },
          },
        ],
        [],
      );
    await importEvents(core, [
      location('2026-11-20', '2026-11-20T06:00:00Z', [{ assertion: 'freshness', success: false }]),
      location('2026-11-27', '2026-11-27T06:00:00Z', [{ assertion: 'freshness', success: true }]),
    ]);
    expect(evidence(core, 2, clock)).toEqual([
      { at: at('2026-11-27T06:00:00Z'), assertion: 'fraud/transactions: freshness', passed: true },
    ]);
    expect(evidence(core, 2, at('2026-11-25T00:00:00Z'))).toEqual([
      { at: at('2026-11-20T06:00:00Z'), assertion: 'fraud/transactions: freshness', passed: false },
    ]);
  });

  it('fails with "no data-quality results" when required and the version has none', async () => {
    const core = await workspace({ requireDataQuality: true });
    // v2 was trained on data (digest 77bca219) no pipeline reported on.
    const check = dataQualityCheck(await gate(core, 2));
    expect(check).toMatchObject({ status: 'fail', actual: null, message: 'no data-quality results' });
    expect(evidence(core, 2, clock)).toEqual([]);
  });

  it('is skipped when not required and there are none, and still checked when there are', async () => {
    const core = await workspace({ requireDataQuality: false });
    expect(dataQualityCheck(await gate(core, 2))).toMatchObject({ status: 'skipped', message: 'no data-quality results' });
    await importEvents(core, [validate(V3_DATA, '2026-11-25T06:00:00Z', incomeNull)]);
    expect(dataQualityCheck(await gate(core, 3))).toMatchObject({
      status: 'fail',
      message: `failed: ${APPLICATIONS}@${V3_DATA}: not_null(income)`,
    });
  });

  it('ignores results reported after the evaluation time', async () => {
    const core = await workspace({ requireDataQuality: true });
    await importEvents(core, [
      validate(V3_DATA, '2026-11-25T06:00:00Z', allPass),
      // Reported (by a backfill, or a clock ahead) later than the gate below is evaluated.
      validate(V3_DATA, '2026-12-05T06:00:00Z', incomeNull),
    ]);

    clock = at('2026-12-02T00:00:00Z');
    expect(dataQualityCheck(await gate(core, 3))).toMatchObject({ status: 'pass', actual: '4/4 passed' });
    // Before the validation run, only the fixture's table had been checked; before v3 was registered, nothing led to it.
    expect(evidence(core, 3, at('2026-11-24T00:00:00Z')).map((r) => r.assertion)).toEqual([
      'instance.schema.table: no_null_values(id)',
      'instance.schema.table: row_count_equal_to',
    ]);
    expect(evidence(core, 3, at('2026-11-20T00:00:00Z'))).toEqual([]);

    clock = at('2026-12-06T00:00:00Z');
    expect(dataQualityCheck(await gate(core, 3))).toMatchObject({ status: 'fail', actual: '3/4 passed' });
  });

  it('binds approvals to each assertion outcome: a re-run with the same outcome keeps them, a pass turning to fail voids them', async () => {
    const core = await workspace({ requireDataQuality: true });
    await importEvents(core, [validate(V3_DATA, '2026-11-25T06:00:00Z', allPass)]);
    await core.call('governance.identities.create', { name: 'Bob Okafor', email: 'bob.okafor@northwind.example', activate: false });
    await core.call('governance.roles.grant', { actor: 'Ada Admin', person: 'Bob Okafor', role: 'ml-engineering' });
    const subject = { connection: MLFLOW_CONNECTION, model: 'fraud-detector', version: 3, stage: 'production' };
    await core.call('governance.requests.create', { ...subject, actor: 'Ada Admin', note: 'v3 to production' });
    await core.call('governance.signoff.approve', { ...subject, actor: 'Bob Okafor', role: 'ml-engineering' });
    const approved = await gate(core, 3);
    const mlEngineering = (g: GateResult) => g.signoffs.find((s) => s.role === 'ml-engineering');
    expect(mlEngineering(approved)).toMatchObject({ missing: 0, invalid: [] });

    // The nightly pipeline asserts the same things about the same data again, with the same outcome.
    clock = at('2026-12-02T00:00:00Z');
    await importEvents(core, [validate(V3_DATA, '2026-12-01T06:00:00Z', allPass)]);
    const rerun = await gate(core, 3);
    expect(evidence(core, 3, clock).filter((r) => r.assertion.includes('not_null'))).toEqual([
      { at: at('2026-12-01T06:00:00Z'), assertion: `${APPLICATIONS}@${V3_DATA}: not_null(income)`, passed: true },
    ]);
    expect(rerun.evidenceHash).toBe(approved.evidenceHash);
    expect(mlEngineering(rerun)).toMatchObject({ missing: 0, invalid: [] });

    // The next night, incomes turn up null: what Bob approved no longer holds.
    clock = at('2026-12-03T00:00:00Z');
    await importEvents(core, [validate(V3_DATA, '2026-12-02T06:00:00Z', incomeNull)]);
    const failed = await gate(core, 3);
    expect(failed.evidenceHash).not.toBe(approved.evidenceHash);
    expect(mlEngineering(failed)?.valid).toEqual([]);
    expect(mlEngineering(failed)?.invalid.map((s) => s.invalidReason)).toEqual([expect.stringMatching(/^the evidence changed since/)]);
  });
});
