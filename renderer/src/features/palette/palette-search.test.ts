import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../platform/catalog-types';
import { matchesText, searchModels } from './palette-search';

const model = (name: string, team: string | null = null, connection = 'prod'): ModelSummary => ({
  connection,
  name,
  description: '',
  team,
  owner: null,
  riskTier: null,
  latestVersion: 1,
  versionCount: 1,
  aliases: [],
  tags: [],
  createdAt: 0,
  lastUpdatedAt: 0,
  deletedOnServerAt: null,
});

describe('searchModels', () => {
  const models = [
    model('churn-predictor', 'growth'),
    model('fraud-detector', 'fraud'),
    model('card-fraud-rules'),
    model('pricing', 'fraud'),
  ];

  it('ranks prefix matches before inner matches before team matches', () => {
    expect(searchModels(models, 'fraud', 10).map((m) => m.name)).toEqual(['fraud-detector', 'card-fraud-rules', 'pricing']);
  });

  it('caps the result and returns the start of the list for an empty search', () => {
    expect(searchModels(models, '', 2).map((m) => m.name)).toEqual(['churn-predictor', 'fraud-detector']);
    expect(searchModels(models, 'zzz', 10)).toEqual([]);
  });
});

describe('matchesText', () => {
  it('is case-insensitive', () => {
    expect(matchesText('Go to Models', 'models')).toBe(true);
    expect(matchesText('Go to Models', 'drift')).toBe(false);
    expect(matchesText('anything', '  ')).toBe(true);
  });
});
