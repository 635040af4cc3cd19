import { describe, expect, it } from 'vitest';
import type { Run } from '../../platform/catalog-types';
import { compareDatasets, compareMetrics, compareParams, parseVersionList } from './compare-model';
import { metricDirection } from './metric-direction';

function run(params: Record<string, string>, metrics: Record<string, number>, digest: string): Run {
  return {
    connection: 'c',
    runId: digest,
    experimentId: '1',
    experimentName: null,
    runName: null,
    user: null,
    status: 'FINISHED',
    startTime: null,
    endTime: null,
    gitCommit: null,
    sourceName: null,
    params: Object.entries(params).map(([key, value]) => ({ key, value })),
    metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step: 1, timestamp: 1 })),
    tags: [],
    datasetInputs: [{ name: 'train', digest, sourceType: null, source: null, context: 'training' }],
  };
}

describe('compare', () => {
  const a = run({ lr: '0.1', depth: '6' }, { val_auc: 0.9, val_loss: 0.3, custom: 1 }, 'aaa');
  const b = run({ lr: '0.05', depth: '6' }, { val_auc: 0.92, val_loss: 0.35, custom: 2 }, 'aaa');
  const c = run({ lr: '0.1' }, { val_auc: 0.88 }, 'bbb');

  it('highlights parameters that differ, including ones a run did not log', () => {
    const rows = compareParams([a, b, c]);
    expect(rows.map((row) => [row.key, row.differs])).toEqual([
      ['depth', true],
      ['lr', true],
    ]);
    expect(compareParams([a, run({ lr: '0.1', depth: '6' }, {}, 'x')]).every((row) => !row.differs)).toBe(true);
  });

  it('judges metrics against the first version where the direction is known', () => {
    const rows = Object.fromEntries(compareMetrics([a, b, c]).map((row) => [row.key, row]));
    expect(rows.val_auc?.verdicts).toEqual([null, 'better', 'worse']);
    expect(rows.val_loss?.verdicts).toEqual([null, 'worse', null]);
    expect(rows.custom?.verdicts).toEqual([null, 'different', null]);
  });

  it('compares dataset inputs by digest', () => {
    expect(compareDatasets([a, b])[0]?.differs).toBe(false);
    expect(compareDatasets([a, c])[0]).toMatchObject({ name: 'train', context: 'training', digests: ['aaa', 'bbb'], differs: true });
  });

  it('reads metric directions only from well-known names', () => {
    expect(metricDirection('val_roc_auc')).toBe('higher');
    expect(metricDirection('test-RMSE')).toBe('lower');
    expect(metricDirection('F1Score')).toBe('higher');
    expect(metricDirection('throughput')).toBeNull();
  });

  it('parses the version list of the address', () => {
    expect(parseVersionList('3,1,3')).toEqual([3, 1]);
    expect(parseVersionList('1,x')).toBeNull();
  });
});
