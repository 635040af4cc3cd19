import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelVersionRecord, RegisteredModelRecord, RegistrySnapshot } from '../../../electron/core/catalog/records';
import { ingestSnapshot } from '../../../electron/core/catalog/ingest';
import { allModels, getModel, listVersions } from '../../../electron/core/catalog/queries';
import { QuorumError } from '../../../electron/core/errors';
import { changesAfter, lastChangeId, openCatalog, sortChanges, type CatalogFixture, type ChangeRow } from '../../helpers/catalog';
import { dumpTables } from '../../helpers/db-dump';
import { cloneSnapshot, recordedSnapshot } from '../../helpers/mlflow-fixtures';
import { removeTempDirs } from '../../helpers/temp';

const T0 = 1_800_000_000_000;
const T1 = T0 + 86_400_000;
const T2 = T1 + 86_400_000;

let catalog: CatalogFixture;
let base: RegistrySnapshot;

beforeEach(() => {
  catalog = openCatalog();
  base = recordedSnapshot();
});
afterEach(() => {
  catalog.store.close();
  removeTempDirs();
});

const ingest = (snapshot: RegistrySnapshot, at: number) => ingestSnapshot(catalog.store.db, catalog.connectionId, snapshot, at);

function model(snapshot: RegistrySnapshot, name: string): RegisteredModelRecord {
  const found = snapshot.models.find((m) => m.name === name);
  if (!found) throw new Error(`no model ${name} in the snapshot`);
  return found;
}
function version(snapshot: RegistrySnapshot, name: string, number: number): ModelVersionRecord {
  const found = snapshot.versions.find((v) => v.modelName === name && v.version === number);
  if (!found) throw new Error(`no version ${name}@${number} in the snapshot`);
  return found;
}
const change = (
  modelName: string,
  versionNumber: number | null,
  kind: string,
  subject: string | null,
  from: string | null,
  to: string | null,
  at: number,
): ChangeRow => ({ model: modelName, version: versionNumber, kind, subject, from, to, at });

/** The next sync: what a registry looks like a day later, every kind of change at least once. */
function nextLook(previous: RegistrySnapshot): RegistrySnapshot {
  const next = cloneSnapshot(previous);
  next.models.push({
    name: 'aml-screener',
    description: 'Screens outgoing transfers for money laundering patterns.',
    createdAt: T1 - 500,
    lastUpdatedAt: T1 - 400,
    tags: [{ key: 'owner_team', value: 'financial-crime' }],
    aliases: [],
  });
  next.versions.push({
    ...version(previous, 'fraud-detector', 1),
    modelName: 'aml-screener',
    createdAt: T1 - 450,
    lastUpdatedAt: T1 - 450,
  });
  next.versions.push({
    ...version(previous, 'fraud-detector', 4),
    version: 5,
    stage: 'None',
    tags: [],
    description: 'Retrained on Q3.',
    createdAt: T1 - 300,
    lastUpdatedAt: T1 - 300,
  });

  const fraud = model(next, 'fraud-detector');
  fraud.aliases = [
    { alias: 'champion', version: 4 },
    { alias: 'challenger', version: 5 },
  ];
  fraud.tags = [
    ...fraud.tags.filter((t) => t.key !== 'pii' && t.key !== 'owner_team'),
    { key: 'owner_team', value: 'fraud-ml' },
    { key: 'quorum.owner', value: 'ana' },
  ];
  const fraud3 = version(next, 'fraud-detector', 3);
  fraud3.tags = [
    ...fraud3.tags.filter((t) => t.key !== 'bias_review' && t.key !== 'validation_status'),
    { key: 'validation_status', value: 'revalidated' },
    { key: 'quorum.gate', value: 'passed' },
  ];

  const churn = model(next, 'churn-predictor');
  churn.aliases = churn.aliases.filter((a) => a.alias !== 'challenger');
  churn.description = 'Churn within 30 days (retrained monthly).';
  version(next, 'churn-predictor', 2).description = 'Random forest, recalibrated.';

  model(next, 'credit-risk-scorer').aliases.push({ alias: 'shadow', version: 3 });
  version(next, 'credit-risk-scorer', 3).stage = 'Staging';

  next.models = next.models.filter((m) => m.name !== 'demand-forecaster');
  next.versions = next.versions.filter(
    (v) => v.modelName !== 'demand-forecaster' && !(v.modelName === 'credit-risk-scorer' && v.version === 1),
  );
  return next;
}

describe('ingestSnapshot: the first look', () => {
  it('records every model and version as created, and every alias as set', () => {
    const summary = ingest(base, T0);
    expect(summary).toEqual({ experiments: 5, runs: base.runs.length, models: 4, versions: 12, changes: 24, deleted: 0 });
    const changes = changesAfter(catalog, 0);
    expect(changes.filter((c) => c.kind === 'model-created')).toEqual(
      sortChanges(base.models.map((m) => change(m.name, null, 'model-created', null, null, null, m.createdAt))),
    );
    expect(changes.filter((c) => c.kind === 'version-created')).toHaveLength(12);
    expect(changes).toContainEqual(
      change('fraud-detector', 3, 'version-created', null, null, null, version(base, 'fraud-detector', 3).createdAt),
    );
    expect(changes.filter((c) => c.kind === 'alias-moved')).toHaveLength(8);
    expect(changes).toContainEqual(change('fraud-detector', 3, 'alias-moved', 'champion', null, '3', T0));
    expect(changes).toContainEqual(change('demand-forecaster', 2, 'alias-moved', 'challenger', null, '2', T0));
  });

  it('stores what the recordings say, through the MLflow mapping', () => {
    ingest(base, T0);
    const fraud = getModel(catalog.store.db, 'prod', 'fraud-detector');
    expect(fraud).toMatchObject({ team: 'payments-risk', riskTier: 'high', latestVersion: 4, versionCount: 4, deletedOnServerAt: null });
    expect(fraud.aliases).toEqual([
      { alias: 'challenger', version: 4 },
      { alias: 'champion', version: 3 },
    ]);
    const versions = listVersions(catalog.store.db, fraud);
    expect(versions.map((v) => [v.version, v.stage, v.aliases])).toEqual([
      [4, 'Staging', ['challenger']],
      [3, 'Production', ['champion']],
      [2, 'Archived', []],
      [1, 'Archived', []],
    ]);
  });

  it('is idempotent: the same look again records nothing and changes no row', () => {
    ingest(base, T0);
    const before = dumpTables(catalog.store.db);
    const summary = ingest(recordedSnapshot(), T0 + 60_000);
    expect(summary.changes).toBe(0);
    expect(summary.deleted).toBe(0);
    expect(dumpTables(catalog.store.db)).toEqual(before);
  });

  it('does not depend on the order tags and aliases arrive in', () => {
    ingest(base, T0);
    const shuffled = cloneSnapshot(base);
    for (const m of shuffled.models) {
      m.tags.reverse();
      m.aliases.reverse();
    }
    for (const v of shuffled.versions) v.tags.reverse();
    shuffled.models.reverse();
    shuffled.versions.reverse();
    expect(ingest(shuffled, T0 + 1).changes).toBe(0);
  });
});

describe('ingestSnapshot: the next look', () => {
  it('records each observed change with its subject, from and to', () => {
    ingest(base, T0);
    const mark = lastChangeId(catalog);
    const summary = ingest(nextLook(base), T1);

    const expected = sortChanges([
      change('aml-screener', null, 'model-created', null, null, null, T1 - 500),
      change('aml-screener', 1, 'version-created', null, null, null, T1 - 450),
      change('fraud-detector', 5, 'version-created', null, null, null, T1 - 300),
      change('fraud-detector', 4, 'alias-moved', 'champion', '3', '4', T1),
      change('fraud-detector', 5, 'alias-moved', 'challenger', '4', '5', T1),
      change('churn-predictor', 3, 'alias-removed', 'challenger', '3', null, T1),
      change('credit-risk-scorer', 3, 'alias-moved', 'shadow', null, '3', T1),
      change('fraud-detector', null, 'tag-changed', 'quorum.owner', null, 'ana', T1),
      change('fraud-detector', null, 'tag-changed', 'owner_team', 'payments-risk', 'fraud-ml', T1),
      change('fraud-detector', null, 'tag-changed', 'pii', 'true', null, T1),
      change('fraud-detector', 3, 'tag-changed', 'quorum.gate', null, 'passed', T1),
      change('fraud-detector', 3, 'tag-changed', 'validation_status', 'passed', 'revalidated', T1),
      change('fraud-detector', 3, 'tag-changed', 'bias_review', 'passed', null, T1),
      change('credit-risk-scorer', 3, 'stage-changed', null, 'None', 'Staging', T1),
      change(
        'churn-predictor',
        null,
        'description-changed',
        null,
        model(base, 'churn-predictor').description,
        'Churn within 30 days (retrained monthly).',
        T1,
      ),
      change(
        'churn-predictor',
        2,
        'description-changed',
        null,
        version(base, 'churn-predictor', 2).description,
        'Random forest, recalibrated.',
        T1,
      ),
      change('demand-forecaster', null, 'deleted-on-server', null, null, null, T1),
      change('demand-forecaster', 1, 'deleted-on-server', null, null, null, T1),
      change('demand-forecaster', 2, 'deleted-on-server', null, null, null, T1),
      change('credit-risk-scorer', 1, 'deleted-on-server', null, null, null, T1),
    ]);
    expect(changesAfter(catalog, mark)).toEqual(expected);
    expect(summary.changes).toBe(expected.length);
    expect(summary.deleted).toBe(4);

    const db = catalog.store.db;
    const demand = getModel(db, 'prod', 'demand-forecaster');
    expect(demand.deletedOnServerAt).toBe(T1);
    expect(demand.latestVersion).toBeNull();
    expect(listVersions(db, demand).map((v) => v.deletedOnServerAt)).toEqual([T1, T1]);
    expect(getModel(db, 'prod', 'fraud-detector')).toMatchObject({ latestVersion: 5, owner: 'ana', team: 'fraud-ml' });
    expect(getModel(db, 'prod', 'credit-risk-scorer').versionCount).toBe(3);
  });

  it('records a deletion once, and is idempotent on the next look too', () => {
    ingest(base, T0);
    ingest(nextLook(base), T1);
    const before = dumpTables(catalog.store.db);
    const again = ingest(nextLook(base), T1 + 1);
    expect(again).toMatchObject({ changes: 0, deleted: 0 });
    expect(dumpTables(catalog.store.db)).toEqual(before);
  });

  it('clears the deletion of a model and versions that reappear', () => {
    ingest(base, T0);
    const second = nextLook(base);
    ingest(second, T1);

    const third = cloneSnapshot(second);
    third.models.push(model(base, 'demand-forecaster'));
    third.versions.push(
      version(base, 'demand-forecaster', 1),
      version(base, 'demand-forecaster', 2),
      version(base, 'credit-risk-scorer', 1),
    );
    const mark = lastChangeId(catalog);
    ingest(third, T2);

    const db = catalog.store.db;
    const demand = getModel(db, 'prod', 'demand-forecaster');
    expect(demand.deletedOnServerAt).toBeNull();
    expect(demand.latestVersion).toBe(2);
    expect(listVersions(db, demand).map((v) => v.deletedOnServerAt)).toEqual([null, null]);
    const credit = listVersions(db, getModel(db, 'prod', 'credit-risk-scorer'));
    expect(credit.find((v) => v.version === 1)?.deletedOnServerAt).toBeNull();
    // Nothing about them changed while they were gone, so nothing new is recorded for them…
    expect(changesAfter(catalog, mark)).toEqual([]);
    // …and if they vanish again, that is a new deletion.
    const mark2 = lastChangeId(catalog);
    ingest(second, T2 + 1);
    expect(changesAfter(catalog, mark2).filter((c) => c.kind === 'deleted-on-server')).toHaveLength(4);
  });

  it('marks nothing deleted from a partial look', () => {
    ingest(base, T0);
    const partial: RegistrySnapshot = {
      ...cloneSnapshot(base),
      models: [model(base, 'fraud-detector')],
      versions: [version(base, 'fraud-detector', 4)],
      complete: false,
    };
    expect(ingest(partial, T1)).toMatchObject({ changes: 0, deleted: 0 });
    expect(allModels(catalog.store.db).every((m) => m.deletedOnServerAt === null)).toBe(true);
  });
});

describe('ingestSnapshot: a look that cannot be stored is not stored at all', () => {
  it('refuses a version of a model neither the look nor the catalog has, and rolls back everything before it', () => {
    ingest(base, T0);
    const before = dumpTables(catalog.store.db);
    const bad = nextLook(base);
    bad.versions.push({ ...version(base, 'fraud-detector', 1), modelName: 'ghost-model' });

    let thrown: unknown;
    try {
      ingest(bad, T1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(QuorumError);
    expect((thrown as QuorumError).code).toBe('backend');
    expect((thrown as QuorumError).message).toContain('"ghost-model"');
    expect(dumpTables(catalog.store.db)).toEqual(before);
  });

  it('rolls back when the database refuses a row late in the look (NOT NULL)', () => {
    ingest(base, T0);
    const before = dumpTables(catalog.store.db);
    const bad = nextLook(base);
    const last = bad.versions.at(-1);
    if (!last) throw new Error('empty look');
    (last as { status: string | null }).status = null;

    expect(() => ingest(bad, T1)).toThrow(/NOT NULL constraint failed: model_versions.status/);
    expect(dumpTables(catalog.store.db)).toEqual(before);
  });

  it('on an empty catalog, leaves it empty', () => {
    const before = dumpTables(catalog.store.db);
    const bad = cloneSnapshot(base);
    bad.versions.push({ ...version(base, 'fraud-detector', 1), modelName: 'ghost-model' });
    expect(() => ingest(bad, T0)).toThrow(QuorumError);
    expect(dumpTables(catalog.store.db)).toEqual(before);
    expect(before.registered_models).toEqual([]);
  });
});
