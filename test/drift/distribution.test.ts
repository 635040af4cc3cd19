import { describe, expect, it } from 'vitest';
import { featureDriftSchema } from '@shared/domain/drift';
import { DISPLAY_MAX_VALUES, numericDistribution } from '../../electron/core/drift/distribution';
import { computeDrift } from '../../electron/core/drift/engine';
import { finiteValues } from '../../electron/core/drift/prepare';
import { psi } from '../../electron/core/drift/stats/tests';
import type { FeatureDistribution, FeatureDrift, NumericColumn } from '../../electron/core/drift/types';
import { categoricalSample, numericSample, Rng } from './support/random';
import { categorical, numeric, table } from './support/tables';

/*
 * The reference-vs-current distributions the engine stores for the charts: both samples over
 * one set of bins, counts that add up to each sample's non-missing rows, and — where the
 * tests binned — exactly the bins PSI was computed on.
 */

const rng = new Rng(2026);

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function feature(result: { features: FeatureDrift[] }, name: string): FeatureDrift {
  const found = result.features.find((f) => f.name === name);
  if (!found) throw new Error(`no feature ${name}`);
  return found;
}

function distributionOf(f: FeatureDrift): FeatureDistribution {
  if (!f.distribution) throw new Error(`${f.name} has no distribution`);
  return f.distribution;
}

/** Each sample's counts, with the folded categories, are its non-missing rows. */
function expectCountsAreRows(f: FeatureDrift): void {
  const d = distributionOf(f);
  const other = d.binning === 'values' ? d.other : null;
  expect(sum(d.reference) + (other?.reference ?? 0), `${f.name} reference`).toBe(f.referenceRows);
  expect(sum(d.current) + (other?.current ?? 0), `${f.name} current`).toBe(f.currentRows);
  expect(d.reference).toHaveLength(d.current.length);
  if (d.binning === 'histogram') expect(d.edges).toHaveLength(d.reference.length + 1);
  else expect(d.values).toHaveLength(d.reference.length);
}

/** PSI recomputed from the stored counts: equal only if the chart's bins are the test's. */
function psiOf(d: FeatureDistribution): number | null {
  const nRef = sum(d.reference);
  const nCur = sum(d.current);
  return psi({
    reference: Float64Array.from(d.reference, (c) => c / nRef),
    current: Float64Array.from(d.current, (c) => c / nCur),
    binning: d.binning,
  });
}

describe('feature distributions', () => {
  it('bin a continuous feature on the PSI histogram, the same edges for both samples, missing values left out', async () => {
    // Large samples (Wasserstein / JS territory) with NaN and ±inf in both.
    const ref = numericSample(rng, { n: 3000, nanShare: 0.03, infShare: 0.01 });
    const cur = numericSample(rng, { n: 1800, mean: 0.4, nanShare: 0.05, infShare: 0.02 });
    const result = await computeDrift(table(numeric('x', ref)), table(numeric('x', cur)), { parallel: 'never' });
    const f = feature(result, 'x');
    const d = distributionOf(f);
    expect(d.binning).toBe('histogram');
    expect(d.testBins).toBe(true);
    expect(f.referenceRows).toBeLessThan(3000);
    expectCountsAreRows(f);
    if (d.binning !== 'histogram') return;
    // The edges span both samples' finite values, ascending.
    const finite = [...finiteValues(numeric('r', ref) as NumericColumn).values, ...finiteValues(numeric('c', cur) as NumericColumn).values];
    expect(d.edges[0]).toBe(Math.min(...finite));
    expect(d.edges[d.edges.length - 1]).toBe(Math.max(...finite));
    for (let i = 1; i < d.edges.length; i++) expect(d.edges[i]).toBeGreaterThan(d.edges[i - 1] ?? Number.NaN);
    expect(d.reference).toHaveLength(f.details.bins ?? -1);
    expect(psiOf(d)).toBe(f.psi);
  });

  it('are stored for small samples too (KS, no binning in the test itself)', async () => {
    const ref = numericSample(rng, { n: 200, decimals: 2 });
    const cur = numericSample(rng, { n: 150, mean: 0.5, decimals: 2 });
    const result = await computeDrift(table(numeric('x', ref)), table(numeric('x', cur)), { parallel: 'never' });
    const f = feature(result, 'x');
    expect(f.method).toBe('ks');
    expect(distributionOf(f).binning).toBe('histogram');
    expectCountsAreRows(f);
    expect(psiOf(distributionOf(f))).toBe(f.psi);
  });

  it('count a discrete numeric feature per value, values only in the current sample included', async () => {
    const ref = Float64Array.from({ length: 400 }, () => rng.int(5));
    const cur = Float64Array.from({ length: 300 }, () => rng.int(7)); // 5 and 6 are new
    const result = await computeDrift(table(numeric('n', ref)), table(numeric('n', cur)), { parallel: 'never' });
    const f = feature(result, 'n');
    const d = distributionOf(f);
    expect(d).toMatchObject({ binning: 'values', values: ['0', '1', '2', '3', '4', '5', '6'], other: null, testBins: true });
    expectCountsAreRows(f);
    expect(d.reference.slice(5)).toEqual([0, 0]);
    expect(d.current[5]).toBeGreaterThan(0);
    expect(psiOf(d)).toBe(f.psi);
  });

  it('fall back to a display histogram when a discrete reference meets a continuous current sample', async () => {
    const ref = Float64Array.from({ length: 300 }, () => rng.int(4));
    const cur = numericSample(rng, { n: 300, mean: 2 });
    const result = await computeDrift(table(numeric('n', ref)), table(numeric('n', cur)), { parallel: 'never' });
    const f = feature(result, 'n');
    expect(f.details.binning).toBe('values');
    expect(f.nUnique).toBeGreaterThan(DISPLAY_MAX_VALUES);
    expect(distributionOf(f)).toMatchObject({ binning: 'histogram', testBins: false });
    expectCountsAreRows(f);
  });

  it('show categories present only in the current sample, and missing values in neither', async () => {
    const ref = categorical('c', ['a', 'b', 'c', 'unused'], categoricalSample(rng, 500, [5, 3, 2], 0.1));
    const cur = categorical('c', ['c', 'b', 'a', 'new'], categoricalSample(rng, 400, [2, 3, 3, 2], 0.05));
    const result = await computeDrift(table(ref), table(cur), { parallel: 'never' });
    const f = feature(result, 'c');
    const d = distributionOf(f);
    if (d.binning !== 'values') throw new Error('categorical features bin by value');
    expect([...d.values].sort()).toEqual(['a', 'b', 'c', 'new']);
    const at = (value: string) => d.values.indexOf(value);
    expect(d.reference[at('new')]).toBe(0);
    expect(d.current[at('new')]).toBeGreaterThan(0);
    // Matched by text, not by code: "a" is code 0 in the reference and 2 in the current sample.
    const refA = Array.from(ref.type === 'categorical' ? ref.codes : []).filter((c) => c === 0).length;
    const curA = Array.from(cur.type === 'categorical' ? cur.codes : []).filter((c) => c === 2).length;
    expect([d.reference[at('a')], d.current[at('a')]]).toEqual([refA, curA]);
    expect(d).toMatchObject({ other: null, testBins: true });
    expectCountsAreRows(f);
    // Same bins as PSI's, in another order: the sum differs only in rounding.
    expect(psiOf(d)).toBeCloseTo(f.psi ?? Number.NaN, 12);
    expect(featureDriftSchema.parse(f).distribution).toEqual(d);
  });

  it('fold the least common categories into "other" past the display cap', async () => {
    const dictionary = Array.from({ length: 45 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const weights = dictionary.map((_, i) => 45 - i);
    const ref = categorical('c', dictionary, categoricalSample(rng, 2000, weights));
    const cur = categorical('c', [...dictionary, 'brand-new'], categoricalSample(rng, 2000, [...weights.map(() => 1), 400]));
    const result = await computeDrift(table(ref), table(cur), { parallel: 'never' });
    const f = feature(result, 'c');
    const d = distributionOf(f);
    if (d.binning !== 'values') throw new Error('categorical features bin by value');
    expect(d.values).toHaveLength(DISPLAY_MAX_VALUES);
    // Ranked by both samples' shares, so the big new category is kept though the reference never saw it.
    expect(d.values[0]).toBe('brand-new');
    expect(d.other?.categories).toBe(46 - DISPLAY_MAX_VALUES);
    expect(d.testBins).toBe(false);
    expectCountsAreRows(f);
  });

  it('are the same from worker threads, and the same as the stand-alone rule the demo generator uses', async () => {
    const cols = (shift: number) =>
      table(
        numeric('a', numericSample(rng, { n: 5000, mean: shift })),
        numeric('b', numericSample(rng, { n: 5000, decimals: 0, sd: 2 })),
        numeric('c', numericSample(rng, { n: 5000, mean: shift, decimals: 1 })),
      );
    const ref = cols(0);
    const cur = cols(0.3);
    const inProcess = await computeDrift(ref, cur, { parallel: 'never' });
    const workers = await computeDrift(ref, cur, { parallel: 'always', workers: 2 });
    expect(workers.features.map((f) => f.distribution)).toEqual(inProcess.features.map((f) => f.distribution));
    for (const [i, f] of inProcess.features.entries()) {
      const r = ref.columns[i];
      const c = cur.columns[i];
      if (r?.type !== 'numeric' || c?.type !== 'numeric') throw new Error('numeric columns');
      expect(numericDistribution(finiteValues(r).values.sort(), finiteValues(c).values.sort()), f.name).toEqual(f.distribution);
    }
  });

  it('are absent for an untested feature', async () => {
    const result = await computeDrift(table(numeric('x', [1, 2, 3])), table(numeric('x', [Number.NaN, Number.NaN])), { parallel: 'never' });
    expect(feature(result, 'x').tested).toBe(false);
    expect(feature(result, 'x').distribution).toBeUndefined();
  });
});
