import { cpSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY_RULES } from '@shared/domain/lineage';
import { fraudSnapshot, loadMlflow, LOCAL_FIXTURES, MLFLOW_CONNECTION, testCore, type TestCore } from './helpers';

const V3_RUN = 'bbc4b81f9f924514bdcb7c6057932413';
const DVC_TRAIN = 'dataset:dvc://fraud-dvc:data/features/train.parquet@a7767dde0b1c2d3e4f5061728394a5b6';
const MLFLOW_TRAIN = `dataset:mlflow:${MLFLOW_CONNECTION}:card_transactions_train@a7767dde`;
const LOCK_TIME = Date.parse('2026-10-28T08:00:00Z');

/**
 * A DVC project, an OpenLineage pipeline and the MLflow data (real 2.17.2 recordings) join into
 * one graph that reaches the model version and its deployment alias.
 */
describe('one graph from data to deployment', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = testCore();
    const dvc = join(t.dir, 'fraud-dvc');
    mkdirSync(dvc);
    cpSync(join(LOCAL_FIXTURES, 'fraud-dvc'), dvc, { recursive: true });
    utimesSync(join(dvc, 'dvc.lock'), LOCK_TIME / 1000, LOCK_TIME / 1000);
    loadMlflow(t.core);
    const result = await t.importPaths([dvc, join(LOCAL_FIXTURES, 'fraud-pipeline')]);
    expect(result).toMatchObject({ rejected: 0, failedFiles: 0 });
  });
  afterEach(() => t.close());

  it('upstream of MODEL@VERSION reaches the training run, its commit, its MLflow datasets, the DVC stages and the Spark job', async () => {
    const graph = await t.call('lineage.graph', { node: 'fraud-detector@3', direction: 'upstream', depth: 12 });
    expect(graph.root).toMatchObject({
      kind: 'model_version',
      ref: `model:${MLFLOW_CONNECTION}:fraud-detector@3`,
      label: 'fraud-detector v3',
    });
    const refs = graph.nodes.map((n) => n.ref);
    expect(refs).toEqual(
      expect.arrayContaining([
        `run:${V3_RUN}`,
        `job:mlflow:${MLFLOW_CONNECTION}:fraud-detection`,
        'commit:90c1b4884d8069cfcdca53ec9368bbb6646530e2',
        MLFLOW_TRAIN,
        `dataset:mlflow:${MLFLOW_CONNECTION}:card_transactions_holdout@b6aad143`,
        // digest a7767dde is the first 8 hex digits of the DVC md5 of the featurised training set
        DVC_TRAIN,
        'job:dvc://fraud-dvc:featurize@train',
        'dataset:dvc://fraud-dvc:data/raw/transactions.csv@5f0c2d9a1b7e4c3d8e6f1a2b3c4d5e6f',
        // the MLflow dataset's source URI is where the Spark job writes
        'dataset:s3://acme-ml-data:fraud/transactions',
        'job:spark-prod:etl.load_card_transactions',
        'dataset:postgres://payments-db:5432:payments.public.card_transactions',
        'commit:3c1d2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d',
      ]),
    );
    const run = graph.nodes.find((n) => n.ref === `run:${V3_RUN}`);
    expect(run).toMatchObject({
      label: `lgbm-v3-merchant-features (${V3_RUN.slice(0, 12)}…)`,
      run: { state: 'completed', origin: 'mlflow' },
    });
    // Other versions' training data is not upstream of v3.
    expect(refs.some((r) => r.includes('@5d1f07fb') || r.includes('@77bca219'))).toBe(false);
    const byRef = new Map(graph.nodes.map((n) => [n.ref, n.id]));
    const edge = (from: string, to: string) => graph.edges.find((e) => e.from === byRef.get(from) && e.to === byRef.get(to));
    expect(edge(`run:${V3_RUN}`, graph.root.ref)).toMatchObject({ kind: 'produced', confidence: 'observed', origin: 'mlflow' });
    expect(edge(DVC_TRAIN, MLFLOW_TRAIN)).toMatchObject({ kind: 'same_as', confidence: 'inferred', origin: 'rule:digest-matches-version' });
    expect(
      edge('dataset:s3://acme-ml-data:fraud/transactions', `dataset:mlflow:${MLFLOW_CONNECTION}:card_transactions_train`),
    ).toMatchObject({
      kind: 'same_as',
      confidence: 'inferred',
      origin: 'rule:source-uri-matches-dataset',
      sourceRef: 'rule:source-uri-matches-dataset: s3://acme-ml-data/fraud/transactions',
    });
    expect(graph.cycles).toEqual([]);
  });

  it('downstream reaches the deployment alias, and MODEL@ALIAS resolves to it', async () => {
    const down = await t.call('lineage.graph', {
      node: 'dataset:dvc://fraud-dvc:data/raw/transactions.csv',
      direction: 'downstream',
      depth: 12,
    });
    const refs = down.nodes.map((n) => n.ref);
    expect(refs).toEqual(
      expect.arrayContaining([
        `model:${MLFLOW_CONNECTION}:fraud-detector@3`,
        `deployment:${MLFLOW_CONNECTION}:fraud-detector@champion`,
        `deployment:${MLFLOW_CONNECTION}:fraud-detector@stage:Production`,
      ]),
    );
    const champion = await t.call('lineage.graph', { node: 'fraud-detector@champion', direction: 'upstream', depth: 1 });
    expect(champion.root).toMatchObject({ kind: 'deployment', label: 'fraud-detector@champion' });
    expect(champion.nodes.map((n) => n.ref)).toContain(`model:${MLFLOW_CONNECTION}:fraud-detector@3`);
  });

  it('impact: which model versions and deployments consumed a dataset, any version or one', async () => {
    const any = await t.call('lineage.impact', { dataset: 'dataset:postgres://payments-db:5432:payments.public.card_transactions' });
    // Every fraud-detector version trained on data from the location the Spark job writes.
    expect(any.modelVersions.map((h) => [h.node.label, h.confidence])).toEqual([
      ['fraud-detector v1', 'inferred'],
      ['fraud-detector v2', 'inferred'],
      ['fraud-detector v3', 'inferred'],
      ['fraud-detector v4', 'inferred'],
    ]);
    expect(any.deployments.map((h) => h.node.label).sort()).toEqual([
      'fraud-detector in Production',
      'fraud-detector in Staging',
      'fraud-detector@challenger',
      'fraud-detector@champion',
    ]);

    const raw = await t.call('lineage.impact', { dataset: 'dataset:dvc://fraud-dvc:data/raw/transactions.csv', version: '5f0c2d9a' });
    expect(raw.version).toBe('5f0c2d9a');
    expect(raw.modelVersions.map((h) => [h.node.label, h.certainty, h.confidence])).toEqual([
      ['fraud-detector v3', 'definite', 'inferred'],
    ]);
    expect(
      raw.deployments
        .filter((h) => h.certainty === 'definite')
        .map((h) => h.node.label)
        .sort(),
    ).toEqual(['fraud-detector in Production', 'fraud-detector@champion']);

    const holdout = await t.call('lineage.impact', { dataset: `${MLFLOW_TRAIN.replace('train@a7767dde', 'holdout@b6aad143')}` });
    expect(holdout.modelVersions.map((h) => [h.node.label, h.certainty, h.confidence])).toEqual([
      ['fraud-detector v3', 'definite', 'observed'],
    ]);
  });

  it('the path between a raw file and the champion deployment', async () => {
    const path = await t.call('lineage.path', { from: 'dataset:dvc://fraud-dvc:data/raw/transactions.csv', to: 'fraud-detector@champion' });
    expect(path.found).toBe(true);
    expect(path.direction).toBe('downstream');
    expect(path.nodes[0]?.ref).toBe('dataset:dvc://fraud-dvc:data/raw/transactions.csv');
    expect(path.nodes.at(-1)?.ref).toBe(`deployment:${MLFLOW_CONNECTION}:fraud-detector@champion`);
    expect(path.edges.map((e) => e.kind)).toEqual([
      'version_of',
      'input',
      'output',
      'input',
      'output',
      'same_as',
      'input',
      'produced',
      'deploys',
    ]);
    const back = await t.call('lineage.path', { from: 'fraud-detector@champion', to: 'dataset:dvc://fraud-dvc:data/raw/transactions.csv' });
    expect(back).toMatchObject({ found: true, direction: 'upstream' });
    const none = await t.call('lineage.path', { from: 'job:dvc://fraud-dvc:evaluate', to: 'fraud-detector@champion' });
    expect(none.found).toBe(false);
  });

  it('identity rules are configurable: each switch adds or removes exactly its inferred edges', async () => {
    expect(await t.call('lineage.rules.get', {})).toEqual(DEFAULT_IDENTITY_RULES);
    const reaches = async () =>
      (await t.call('lineage.impact', { dataset: 'dataset:dvc://fraud-dvc:data/raw/transactions.csv' })).modelVersions.map(
        (h) => h.node.label,
      );
    expect(await reaches()).toEqual(['fraud-detector v3']);

    const noPrefix = { ...DEFAULT_IDENTITY_RULES, digestMatchesVersion: { enabled: true, allowPrefix: false, minPrefixLength: 8 } };
    expect(await t.call('lineage.rules.set', noPrefix)).toMatchObject({ inferredEdges: 2 }); // only the two source-URI edges remain
    expect(await reaches()).toEqual([]);

    const longPrefix = { ...DEFAULT_IDENTITY_RULES, digestMatchesVersion: { enabled: true, allowPrefix: true, minPrefixLength: 12 } };
    await t.call('lineage.rules.set', longPrefix);
    expect(await reaches()).toEqual([]);

    const result = await t.call('lineage.rules.set', DEFAULT_IDENTITY_RULES);
    expect(result.inferredEdges).toBe(4); // two digests (train, holdout) + two source URIs
    expect(await reaches()).toEqual(['fraud-detector v3']);

    await t.call('lineage.rules.set', { ...DEFAULT_IDENTITY_RULES, sourceUriMatchesDataset: { enabled: false } });
    const fromPostgres = await t.call('lineage.impact', {
      dataset: 'dataset:postgres://payments-db:5432:payments.public.card_transactions',
    });
    expect(fromPostgres.modelVersions).toEqual([]);

    await t.call('lineage.rules.set', { ...DEFAULT_IDENTITY_RULES, nameMatchesDataset: { enabled: true } });
    // card_transactions_train matches no other tool's dataset name: the weak rule adds nothing here.
    expect((await t.call('lineage.summary', {})).edges.inferred).toBe(4);
  });

  it('identity rules apply to data that arrives later, in either order', async () => {
    const late = testCore();
    try {
      await late.importPaths([join(LOCAL_FIXTURES, 'fraud-dvc')]);
      expect((await late.call('lineage.summary', {})).edges.inferred).toBeUndefined();
      loadMlflow(late.core);
      expect((await late.call('lineage.summary', {})).edges.inferred).toBe(2);
    } finally {
      late.close();
    }
  });

  it('as of a past time: where the alias pointed then, and what had not happened yet', async () => {
    // A second sync: @champion moved to v4 on 2026-11-10.
    const moved = fraudSnapshot();
    for (const m of moved.models) m.aliases = m.aliases.map((a) => (a.alias === 'champion' ? { alias: 'champion', version: 4 } : a));
    loadMlflow(t.core, moved, Date.parse('2026-11-10T00:00:00Z'));
    const championAt = async (asOf?: string) =>
      (await t.call('lineage.graph', { node: 'fraud-detector@champion', direction: 'upstream', depth: 1, ...(asOf ? { asOf } : {}) })).nodes
        .filter((n) => n.kind === 'model_version')
        .map((n) => n.label);
    expect(await championAt()).toEqual(['fraud-detector v4']);
    expect(await championAt('2026-11-05T00:00:00Z')).toEqual(['fraud-detector v3']);

    const before = await t.call('lineage.graph', {
      node: 'dataset:dvc://fraud-dvc:data/raw/transactions.csv',
      direction: 'downstream',
      depth: 3,
      asOf: LOCK_TIME - 1,
    });
    expect(before.nodes.map((n) => n.ref)).toEqual(['dataset:dvc://fraud-dvc:data/raw/transactions.csv']);
    const spark = await t.call('lineage.graph', {
      node: 'job:spark-prod:etl.load_card_transactions',
      direction: 'downstream',
      depth: 1,
      asOf: '2026-10-20T02:30:00Z',
    });
    expect(spark.nodes.find((n) => n.kind === 'run')?.run?.state).toBe('running');
  });

  it('declared inputs from an MLflow run tag', async () => {
    const snapshot = fraudSnapshot();
    const run = snapshot.runs.find((r) => r.runId === V3_RUN);
    run?.tags.push({
      key: 'quorum.lineage.inputs',
      value: 'dataset:postgres://payments-db:5432:payments.public.chargebacks, dataset:s3://acme-ml-data:fraud/transactions@2026-10-20',
    });
    loadMlflow(t.core, snapshot, Date.parse('2026-11-03T00:00:00Z'));
    const up = await t.call('lineage.graph', { node: `run:${V3_RUN}`, direction: 'upstream', depth: 1 });
    const declared = up.edges.filter((e) => e.confidence === 'declared').map((e) => up.nodes.find((n) => n.id === e.from)?.ref);
    expect(declared.sort()).toEqual([
      'dataset:postgres://payments-db:5432:payments.public.chargebacks',
      'dataset:s3://acme-ml-data:fraud/transactions@2026-10-20',
    ]);
  });

  it('references that do not resolve say why', async () => {
    expect(await t.fail('lineage.graph', { node: 'fraud-detector@9' })).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('No lineage node "fraud-detector@9"'),
    });
    expect(await t.fail('lineage.graph', { node: 'dataset:nowhere' })).toMatchObject({ code: 'not_found' });
    expect(await t.fail('lineage.graph', { node: 'job:spark-prod:etl.load' })).toMatchObject({
      message: expect.stringContaining('Did you mean job:spark-prod:etl.load_card_transactions'),
    });
    expect(await t.fail('lineage.impact', { dataset: 'fraud-detector@3' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('not a dataset'),
    });
  });
});
