// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DriftRun, FeatureDriftRecord } from '@shared/domain/drift';
import type { ChartTheme } from '../../charts/chart-theme';
import { distributionOption } from './drift-charts';
import { distributionSummary, distributionView, largestShift, missingDistributionReason } from './distribution-model';
import { FeatureDistributionPanel } from './FeatureDistribution';
import { ReferenceLineageLink } from './ReferenceLineage';

// The canvas is ECharts' business; here the words and the table around it are checked.
vi.mock('../../charts/EChart', () => ({
  EChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

afterEach(cleanup);

const feature = (over: Partial<FeatureDriftRecord>): FeatureDriftRecord => ({
  name: 'amount',
  type: 'numeric',
  method: 'wasserstein',
  selectedBy: 'default',
  statistic: 0.3,
  pValue: null,
  pValueAdjusted: null,
  threshold: 0.1,
  verdictRule: 'distance>=threshold',
  drifted: true,
  tested: true,
  psi: 0.2,
  referenceRows: 100,
  currentRows: 50,
  referenceMissing: 0,
  currentMissing: 0,
  referenceInfinite: 0,
  currentInfinite: 0,
  nUnique: 90,
  details: {},
  also: {},
  warnings: [],
  ...over,
});

const histogram = { binning: 'histogram' as const, edges: [0, 10, 20, 30], reference: [50, 30, 20], current: [10, 15, 25], testBins: true };

const run = (id: number, over: Partial<DriftRun>, features: FeatureDriftRecord[]): DriftRun => ({
  id,
  source: 'engine',
  connection: 'reg',
  model: 'churn',
  version: 3,
  windowStart: Date.parse('2026-11-16T00:00:00Z') - id * 86_400_000,
  windowEnd: Date.parse('2026-11-17T00:00:00Z') - id * 86_400_000,
  computedAt: 0,
  datasetDrift: true,
  driftShare: 1,
  driftShareThreshold: 0.5,
  driftedFeatures: 1,
  testedFeatures: 1,
  correction: 'none',
  features,
  reproducibility: {
    engineVersion: '1.0.0',
    referenceDigest: 'sha256:ab',
    referenceDigestOf: 'file',
    currentDigest: null,
    referenceSource: '/data/ref.csv',
    currentSource: null,
    options: {
      columns: null,
      method: null,
      methods: {},
      threshold: null,
      thresholds: {},
      correction: 'none',
      driftShare: 0.5,
      additionalMethods: [],
    },
  },
  warnings: [],
  referenceLineage: { status: 'not-in-lineage', node: null, matches: 0 },
  ...over,
});

describe('the distribution view', () => {
  it('turns counts into shares of each sample so different sizes compare, and names the largest change', () => {
    const view = distributionView(histogram);
    expect(view.referenceRows).toBe(100);
    expect(view.currentRows).toBe(50);
    expect(view.bins.map((b) => [b.label, b.range, b.referenceShare, b.currentShare])).toEqual([
      ['0–10', '[0, 10)', 0.5, 0.2],
      ['10–20', '[10, 20)', 0.3, 0.3],
      ['20–30', '[20, 30]', 0.2, 0.5],
    ]);
    expect(largestShift(view)?.label).toBe('0–10');
    expect(distributionSummary('amount', view)).toBe(
      'amount: share of rows in each of 3 bins from 0 to 30, reference (100 rows) against current (50 rows). ' +
        'Largest change: 0–10, 50% of the reference against 20% of the current sample.',
    );
  });

  it('keeps folded categories as a last "other" bar that completes each sample', () => {
    const view = distributionView({
      binning: 'values',
      values: ['a', 'new'],
      reference: [8, 0],
      current: [2, 6],
      other: { categories: 12, reference: 2, current: 2 },
      testBins: false,
    });
    expect(view.bins.map((b) => [b.label, b.reference, b.current])).toEqual([
      ['a', 8, 2],
      ['new', 0, 6],
      ['other (12 categories)', 2, 2],
    ]);
    expect([view.referenceRows, view.currentRows]).toEqual([10, 10]);
  });

  it('draws both samples over the same bins, in the theme’s reference and current colours', () => {
    const theme: ChartTheme = {
      text: '#000',
      textMuted: '#333',
      gridLine: '#ccc',
      axisLine: '#999',
      surface: '#fff',
      reference: 'rgb(1, 2, 3)',
      current: 'rgb(4, 5, 6)',
      threshold: '#f00',
      fontFamily: 'sans-serif',
      fontSize: 13,
    };
    const option = distributionOption(distributionView(histogram), theme) as {
      xAxis: { data: string[] };
      series: { name: string; data: number[]; color: string }[];
    };
    expect(option.xAxis.data).toEqual(['0–10', '10–20', '20–30']);
    expect(option.series.map((s) => [s.name, s.color, s.data])).toEqual([
      ['Reference', 'rgb(1, 2, 3)', [0.5, 0.3, 0.2]],
      ['Current', 'rgb(4, 5, 6)', [0.2, 0.3, 0.5]],
    ]);
  });
});

describe('FeatureDistributionPanel', () => {
  it('shows the chart with a summary and the counts as a table', () => {
    render(<FeatureDistributionPanel runs={[run(1, {}, [feature({ distribution: histogram })])]} feature="amount" />);
    expect(screen.getByRole('img', { name: /^amount: share of rows in each of 3 bins/ })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'amount: rows per bin, reference and current' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'BinReference rowsReference shareCurrent rowsCurrent share',
      '[0, 10)5050%1020%',
      '[10, 20)3030%1530%',
      '[20, 30]2020%2550%',
      'All non-missing rows100100%50100%',
    ]);
    expect(screen.getByText(/PSI and Jensen–Shannon were computed on these bins/)).toBeTruthy();
  });

  it('says plainly why a Prometheus window has nothing to draw, and offers the newest window that has', () => {
    const prometheus = run(1, { source: 'prometheus' }, [feature({})]);
    const engine = run(2, {}, [feature({ distribution: histogram })]);
    render(<FeatureDistributionPanel runs={[prometheus, engine]} feature="amount" />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(/Prometheus reports one drift score per feature, not the samples behind it/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /the newest window with distributions/ }));
    expect(screen.getByRole('img', { name: /^amount: share of rows/ })).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Window' }) as HTMLSelectElement).value).toBe('2');
  });

  it('says an older result was stored without distributions', () => {
    render(<FeatureDistributionPanel runs={[run(1, {}, [feature({})])]} feature="amount" />);
    expect(screen.getByText(/stored without distributions \(drift engine 1\.0\.0/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    expect(missingDistributionReason(run(1, {}, []), feature({ tested: false }), 'amount')).toMatch(/was not tested/);
  });
});

describe('ReferenceLineageLink', () => {
  it('links the dataset version that holds the reference’s bytes', () => {
    const linked = run(
      1,
      {
        referenceLineage: {
          status: 'dataset-version',
          node: { ref: 'dataset:s3://lake:x@ab', label: 'x @ ab', kind: 'dataset_version' },
          matches: 1,
        },
      },
      [],
    );
    render(<ReferenceLineageLink run={linked} connection="reg" name="churn" version={3} />);
    expect(screen.getByRole('link', { name: 'x @ ab' }).getAttribute('href')).toBe(
      `/lineage/${encodeURIComponent('dataset:s3://lake:x@ab')}`,
    );
  });

  it('otherwise says the reference is not in lineage and links the version’s upstream lineage', () => {
    render(<ReferenceLineageLink run={run(1, {}, [])} connection="reg" name="churn" version={3} />);
    expect(screen.getByText(/The reference sample is not in the lineage graph/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Upstream lineage of churn v3' }).getAttribute('href')).toBe(
      '/models/reg/churn/versions/3/lineage',
    );
  });
});
