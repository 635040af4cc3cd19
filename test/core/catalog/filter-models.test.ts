import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConnection } from '../../../electron/core/catalog/connections';
import { ingestSnapshot } from '../../../electron/core/catalog/ingest';
import { allModels, filterModels } from '../../../electron/core/catalog/queries';
import { createCore, type Core } from '../../../electron/core/create-core';
import type { ModelSummary, RiskTier } from '@shared/domain/catalog';
import { MODEL_SORT_FIELDS } from '@shared/contract/catalog.contract';
import { cloneSnapshot, recordedSnapshot } from '../../helpers/mlflow-fixtures';
import { makeTempDir, removeTempDirs } from '../../helpers/temp';

type Filter = Parameters<typeof filterModels>[1];
const filter = (overrides: Partial<Filter> = {}): Filter => ({
  sortBy: 'name',
  sortDirection: 'asc',
  limit: 5_000,
  offset: 0,
  ...overrides,
});
const keys = (items: ModelSummary[]) => items.map((m) => `${m.name}@${m.connection}`);

describe('filterModels over the recorded registry', () => {
  let core: Core;
  let models: ModelSummary[];

  beforeAll(() => {
    core = createCore({ dataDir: makeTempDir('quorum-filter-'), validateOutput: true });
    const db = core.store.db;
    const prod = ensureConnection(db, { name: 'prod', kind: 'mlflow', url: 'http://prod:5000' }, 1);
    const staging = ensureConnection(db, { name: 'staging', kind: 'mlflow', url: 'http://staging:5000' }, 1);
    const snapshot = recordedSnapshot();
    ingestSnapshot(db, prod.id, snapshot, 1_800_000_000_000);
    // The staging registry holds a copy of fraud-detector with a shadow alias.
    const copy = cloneSnapshot(snapshot);
    copy.models = copy.models.filter((m) => m.name === 'fraud-detector');
    copy.versions = copy.versions.filter((v) => v.modelName === 'fraud-detector');
    copy.models[0]?.aliases.push({ alias: 'shadow', version: 4 });
    ingestSnapshot(db, staging.id, copy, 1_800_000_000_000);
    models = allModels(db);
  });
  afterAll(() => {
    core.close();
    removeTempDirs();
  });

  it('lists everything by name, then connection, when nothing is asked', () => {
    const result = filterModels(models, filter());
    expect(result.total).toBe(5);
    expect(keys(result.items)).toEqual([
      'churn-predictor@prod',
      'credit-risk-scorer@prod',
      'demand-forecaster@prod',
      'fraud-detector@prod',
      'fraud-detector@staging',
    ]);
  });

  it.each([
    ['FRAUD', ['fraud-detector@prod', 'fraud-detector@staging']], // name, any case
    ['  retention-offer ', ['churn-predictor@prod']], // description, trimmed
    ['supply-chain', ['demand-forecaster@prod']], // team
    ['gdpr', ['churn-predictor@prod']], // a tag value
    ['regulatory_scope', []], // tag keys are not searched
    ['no such thing', []],
  ])('searches name, description, team and tag values: %j', (query, expected) => {
    expect(keys(filterModels(models, filter({ query })).items)).toEqual(expected);
  });

  it.each<[string, Partial<Filter>, string[]]>([
    ['connection', { connection: 'staging' }, ['fraud-detector@staging']],
    ['team', { team: 'credit-modeling' }, ['credit-risk-scorer@prod']],
    ['risk tier', { riskTier: 'high' }, ['credit-risk-scorer@prod', 'fraud-detector@prod', 'fraud-detector@staging']],
    ['alias', { alias: 'shadow' }, ['fraud-detector@staging']],
    ['tag key=value', { tag: 'pii=false' }, ['demand-forecaster@prod']],
    [
      'tag key',
      { tag: 'regulatory_scope' },
      ['churn-predictor@prod', 'credit-risk-scorer@prod', 'demand-forecaster@prod', 'fraud-detector@prod', 'fraud-detector@staging'],
    ],
    ['filters combine (AND)', { riskTier: 'high', connection: 'prod', query: 'loans' }, ['credit-risk-scorer@prod']],
  ])('filters by %s', (_label, overrides, expected) => {
    const result = filterModels(models, filter(overrides));
    expect(keys(result.items)).toEqual(expected);
    expect(result.total).toBe(expected.length);
  });

  it('pages with limit and offset, and total counts every match', () => {
    const result = filterModels(models, filter({ limit: 2, offset: 1 }));
    expect(result.total).toBe(5);
    expect(keys(result.items)).toEqual(['credit-risk-scorer@prod', 'demand-forecaster@prod']);
    expect(filterModels(models, filter({ offset: 10 }))).toEqual({ total: 5, items: [] });
  });

  it('leaves its input untouched', () => {
    const before = keys(models);
    filterModels(models, filter({ sortBy: 'lastUpdatedAt', sortDirection: 'desc' }));
    expect(keys(models)).toEqual(before);
  });

  it('answers models.list through dispatch with the contract defaults, and names a bad sort field', async () => {
    const listed = await core.dispatch('models.list', { query: 'fraud' });
    expect(listed.ok).toBe(true);
    if (listed.ok) expect(listed.data).toMatchObject({ total: 2 });
    const bad = await core.dispatch('models.list', { sortBy: 'colour' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.message).toContain('"sortBy"');
    }
  });
});

function summary(spec: {
  name: string;
  connection: string;
  team: string | null;
  riskTier: RiskTier | null;
  latestVersion: number | null;
  lastUpdatedAt: number;
}): ModelSummary {
  return {
    ...spec,
    description: '',
    owner: null,
    versionCount: spec.latestVersion ?? 0,
    aliases: [],
    tags: [],
    createdAt: 0,
    deletedOnServerAt: null,
  };
}

describe('filterModels sorting', () => {
  // Ties on every field, a name shared by two connections, and nulls.
  const MODELS = [
    summary({ name: 'alpha', connection: 'c2', team: 'ops', riskTier: 'low', latestVersion: 3, lastUpdatedAt: 300 }),
    summary({ name: 'beta', connection: 'c1', team: null, riskTier: null, latestVersion: null, lastUpdatedAt: 100 }),
    summary({ name: 'gamma', connection: 'c1', team: 'data', riskTier: 'high', latestVersion: 3, lastUpdatedAt: 300 }),
    summary({ name: 'alpha', connection: 'c1', team: 'ops', riskTier: 'medium', latestVersion: 1, lastUpdatedAt: 200 }),
    summary({ name: 'delta', connection: 'c2', team: 'data', riskTier: 'high', latestVersion: 10, lastUpdatedAt: 50 }),
  ];

  // Ties are broken by name, then connection, both ascending, whatever the direction.
  const EXPECTED: Record<(typeof MODEL_SORT_FIELDS)[number], { asc: string[]; desc: string[] }> = {
    name: {
      asc: ['alpha@c1', 'alpha@c2', 'beta@c1', 'delta@c2', 'gamma@c1'],
      desc: ['gamma@c1', 'delta@c2', 'beta@c1', 'alpha@c1', 'alpha@c2'],
    },
    connection: {
      asc: ['alpha@c1', 'beta@c1', 'gamma@c1', 'alpha@c2', 'delta@c2'],
      desc: ['alpha@c2', 'delta@c2', 'alpha@c1', 'beta@c1', 'gamma@c1'],
    },
    team: {
      // No team sorts after every team.
      asc: ['delta@c2', 'gamma@c1', 'alpha@c1', 'alpha@c2', 'beta@c1'],
      desc: ['beta@c1', 'alpha@c1', 'alpha@c2', 'delta@c2', 'gamma@c1'],
    },
    riskTier: {
      // high, medium, low, then none.
      asc: ['delta@c2', 'gamma@c1', 'alpha@c1', 'alpha@c2', 'beta@c1'],
      desc: ['beta@c1', 'alpha@c2', 'alpha@c1', 'delta@c2', 'gamma@c1'],
    },
    latestVersion: {
      // No version sorts before version 1; numbers compare as numbers (10 after 3).
      asc: ['beta@c1', 'alpha@c1', 'alpha@c2', 'gamma@c1', 'delta@c2'],
      desc: ['delta@c2', 'alpha@c2', 'gamma@c1', 'alpha@c1', 'beta@c1'],
    },
    lastUpdatedAt: {
      asc: ['delta@c2', 'beta@c1', 'alpha@c1', 'alpha@c2', 'gamma@c1'],
      desc: ['alpha@c2', 'gamma@c1', 'alpha@c1', 'beta@c1', 'delta@c2'],
    },
  };

  it('has an expectation for every sort field of the contract', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...MODEL_SORT_FIELDS].sort());
  });

  for (const field of MODEL_SORT_FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sorts by ${field} ${direction}, ties stable whatever the input order`, () => {
        const f = filter({ sortBy: field, sortDirection: direction });
        expect(keys(filterModels(MODELS, f).items)).toEqual(EXPECTED[field][direction]);
        expect(keys(filterModels([...MODELS].reverse(), f).items)).toEqual(EXPECTED[field][direction]);
      });
    }
  }
});
