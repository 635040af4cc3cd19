import { afterAll, describe, expect, it } from 'vitest';
import { computeDrift } from '../../electron/core/drift/engine';
import { comparePython } from '../../electron/core/drift/prepare';
import { DRIFT_METHODS, type DriftMethod, type FeatureDrift, type MethodResult } from '../../electron/core/drift/types';
import { oracle, unwire, wireArray, type OracleRequest } from './oracle/oracle';
import { expectPValue, expectStatistic, worst } from './support/compare';
import { categoricalSample, numericSample, Rng } from './support/random';
import { categorical, numeric, table } from './support/tables';

/*
 * Every statistic of the engine against SciPy on seeded data: the hard cases the issue
 * names (ties, NaN, ±inf, constant columns, one-row samples, empty categories, categories
 * only in the current sample) and both KS regimes (exact up to 10,000 rows, asymptotic above).
 */

interface NumericCase {
  name: string;
  ref: Float64Array;
  cur: Float64Array;
}

const rng = new Rng(20240611);
const NUMERIC: NumericCase[] = [
  { name: 'normal, shifted (exact KS, n1≠n2)', ref: numericSample(rng, { n: 200 }), cur: numericSample(rng, { n: 150, mean: 0.3 }) },
  { name: 'equal sizes (exact KS, n1=n2)', ref: numericSample(rng, { n: 300 }), cur: numericSample(rng, { n: 300, sd: 1.3 }) },
  { name: 'heavy ties', ref: numericSample(rng, { n: 500, decimals: 1 }), cur: numericSample(rng, { n: 400, decimals: 1, mean: 0.1 }) },
  {
    name: 'NaN and ±inf mixed in',
    ref: numericSample(rng, { n: 800, nanShare: 0.1, infShare: 0.05 }),
    cur: numericSample(rng, { n: 700, mean: 0.2, nanShare: 0.05, infShare: 0.02 }),
  },
  { name: 'constant reference', ref: new Float64Array(50).fill(3), cur: numericSample(rng, { n: 100, mean: 3 }) },
  { name: 'both constant, same value', ref: new Float64Array(40).fill(5), cur: new Float64Array(30).fill(5) },
  { name: 'both constant, different values', ref: new Float64Array(40).fill(5), cur: new Float64Array(30).fill(6) },
  { name: 'one-row reference', ref: Float64Array.of(1.5), cur: numericSample(rng, { n: 20, mean: 1.5 }) },
  { name: 'one row each, different', ref: Float64Array.of(1), cur: Float64Array.of(2) },
  { name: 'one row each, equal', ref: Float64Array.of(1), cur: Float64Array.of(1) },
  {
    name: 'three to five values',
    ref: Float64Array.from(categoricalSample(rng, 600, [5, 3, 2, 1])),
    cur: Float64Array.from(categoricalSample(rng, 500, [4, 4, 2, 1, 0.5])),
  },
  {
    name: 'binary',
    ref: Float64Array.from(categoricalSample(rng, 400, [3, 1])),
    cur: Float64Array.from(categoricalSample(rng, 350, [2, 1])),
  },
  {
    name: 'few reference values, continuous current',
    ref: numericSample(rng, { n: 300, decimals: 0, sd: 2 }),
    cur: numericSample(rng, { n: 250, sd: 2 }),
  },
  { name: 'tiny p-value (exact)', ref: numericSample(rng, { n: 2000 }), cur: numericSample(rng, { n: 3000, mean: 1 }) },
  { name: 'exact at the 10,000 limit', ref: numericSample(rng, { n: 10_000 }), cur: numericSample(rng, { n: 9_999, mean: 0.02 }) },
  { name: 'asymptotic, same distribution', ref: numericSample(rng, { n: 12_000 }), cur: numericSample(rng, { n: 15_000 }) },
  { name: 'asymptotic, scale change', ref: numericSample(rng, { n: 50_000 }), cur: numericSample(rng, { n: 40_000, sd: 1.02 }) },
  {
    name: 'asymptotic, large shift',
    ref: numericSample(rng, { n: 30_000, decimals: 2 }),
    cur: numericSample(rng, { n: 20_000, mean: 0.5, decimals: 2 }),
  },
];

interface CategoricalCase {
  name: string;
  refDictionary: string[];
  curDictionary: string[];
  ref: Int32Array;
  cur: Int32Array;
}

const CATEGORICAL: CategoricalCase[] = [
  {
    name: 'four categories',
    refDictionary: ['red', 'green', 'blue', 'amber'],
    curDictionary: ['red', 'green', 'blue', 'amber'],
    ref: categoricalSample(rng, 500, [4, 3, 2, 1]),
    cur: categoricalSample(rng, 400, [3, 3, 3, 1]),
  },
  {
    name: 'category only in current',
    refDictionary: ['a', 'b', 'c'],
    curDictionary: ['c', 'b', 'a', 'new'],
    ref: categoricalSample(rng, 300, [1, 1, 1]),
    cur: categoricalSample(rng, 280, [1, 1, 1, 0.2]),
  },
  {
    name: 'empty categories in the dictionary',
    refDictionary: ['x', 'unused', 'y', 'z', 'also-unused'],
    curDictionary: ['z', 'y', 'x', 'never'],
    ref: categoricalSample(rng, 200, [2, 0, 1, 1, 0]),
    cur: categoricalSample(rng, 220, [1, 1, 2, 0]),
  },
  {
    name: 'two categories with missing values',
    refDictionary: ['no', 'yes'],
    curDictionary: ['yes', 'no'],
    ref: categoricalSample(rng, 700, [3, 1], 0.2),
    cur: categoricalSample(rng, 600, [1, 1], 0.1),
  },
  {
    name: 'large, many categories',
    refDictionary: Array.from({ length: 40 }, (_, i) => `k${i}`),
    curDictionary: Array.from({ length: 40 }, (_, i) => `k${39 - i}`),
    ref: categoricalSample(
      rng,
      5000,
      Array.from({ length: 40 }, (_, i) => 1 + (i % 7)),
    ),
    cur: categoricalSample(
      rng,
      6000,
      Array.from({ length: 40 }, (_, i) => 1 + (i % 5)),
    ),
  },
  { name: 'one row each', refDictionary: ['p', 'q'], curDictionary: ['q'], ref: Int32Array.of(0), cur: Int32Array.of(0) },
  {
    name: 'unicode ordering',
    refDictionary: ['é', 'e', '😀', 'Z'],
    curDictionary: ['Z', 'e', '😀', 'é'],
    ref: categoricalSample(rng, 90, [1, 2, 1, 1]),
    cur: categoricalSample(rng, 80, [2, 1, 1, 1]),
  },
];

async function allMethods(
  t: ReturnType<typeof table>,
  c: ReturnType<typeof table>,
  methods: readonly DriftMethod[],
): Promise<Record<DriftMethod, MethodResult> & { feature: FeatureDrift }> {
  const [main, ...rest] = methods;
  const result = await computeDrift(t, c, { method: main, additionalMethods: rest, parallel: 'never' });
  const feature = result.features[0] as FeatureDrift;
  const out = { feature } as Record<DriftMethod, MethodResult> & { feature: FeatureDrift };
  out[feature.method] = { statistic: feature.statistic, pValue: feature.pValue };
  for (const [m, r] of Object.entries(feature.also)) out[m as DriftMethod] = r;
  out.psi = { statistic: feature.psi, pValue: null };
  return out;
}

describe('numeric features against SciPy', () => {
  const requests: OracleRequest[] = NUMERIC.flatMap(({ ref, cur }) => {
    const r = wireArray(ref);
    const c = wireArray(cur);
    return [
      { op: 'ks_2samp', a: r, b: c },
      { op: 'wasserstein_norm', ref: r, cur: c },
      { op: 'chisquare_samples', ref: r, cur: c },
      { op: 'ztest_samples', ref: r, cur: c },
      { op: 'jensenshannon_samples', ref: r, cur: c, numeric: true },
      { op: 'psi_samples', ref: r, cur: c, numeric: true },
    ];
  });
  const answers = oracle(requests);

  NUMERIC.forEach((testCase, i) => {
    it(testCase.name, async () => {
      const [ks, wn, chi, z, js, psi] = answers.slice(i * 6, i * 6 + 6);
      const ours = await allMethods(table(numeric('x', testCase.ref)), table(numeric('x', testCase.cur)), [
        'ks',
        'wasserstein',
        'chisquare',
        'z',
        'jensenshannon',
        'psi',
      ]);
      expectStatistic(ours.ks.statistic, unwire(ks?.statistic), 'ks D');
      expectPValue(ours.ks.pValue, unwire(ks?.pvalue), 'ks p');
      expectStatistic(ours.wasserstein.statistic, unwire(wn?.normed), 'normed wasserstein');
      expectStatistic(ours.chisquare.statistic, unwire(chi?.statistic), 'chi-square');
      expectPValue(ours.chisquare.pValue, unwire(chi?.pvalue), 'chi-square p');
      expectStatistic(ours.z.statistic, unwire(z?.statistic), 'z');
      expectPValue(ours.z.pValue, unwire(z?.pvalue), 'z p');
      // Evidently's own 2·(1 − Φ(|z|)) agrees to the absolute tolerance.
      expect(Math.abs((ours.z.pValue ?? 0) - unwire(z?.evidentlyPvalue))).toBeLessThanOrEqual(1e-12);
      expectStatistic(ours.jensenshannon.statistic, unwire(js?.value), 'jensen-shannon');
      expectStatistic(ours.psi.statistic, unwire(psi?.value), 'psi');
      expect(ours.feature.details.bins).toBe(unwire(psi?.bins));
    });
  });
});

describe('categorical features against SciPy', () => {
  // The oracle gets each value's rank in Python's sorted order, so its sorted keys match ours.
  const encode = (testCase: CategoricalCase): { ref: (number | string)[]; cur: (number | string)[] } => {
    const all = [...new Set([...testCase.refDictionary, ...testCase.curDictionary])].sort(comparePython);
    const rank = new Map(all.map((v, i) => [v, i]));
    const map = (dictionary: string[], codes: Int32Array): (number | string)[] =>
      Array.from(codes, (code) => (code < 0 ? 'nan' : (rank.get(dictionary[code] ?? '') ?? 0)));
    return { ref: map(testCase.refDictionary, testCase.ref), cur: map(testCase.curDictionary, testCase.cur) };
  };
  const requests: OracleRequest[] = CATEGORICAL.flatMap((testCase) => {
    const { ref, cur } = encode(testCase);
    return [
      { op: 'chisquare_samples', ref, cur },
      { op: 'ztest_samples', ref, cur },
      { op: 'jensenshannon_samples', ref, cur, numeric: false },
      { op: 'psi_samples', ref, cur, numeric: false },
    ];
  });
  const answers = oracle(requests);

  CATEGORICAL.forEach((testCase, i) => {
    it(testCase.name, async () => {
      const [chi, z, js, psi] = answers.slice(i * 4, i * 4 + 4);
      const ours = await allMethods(
        table(categorical('c', testCase.refDictionary, testCase.ref)),
        table(categorical('c', testCase.curDictionary, testCase.cur)),
        ['chisquare', 'z', 'jensenshannon', 'psi'],
      );
      expectStatistic(ours.chisquare.statistic, unwire(chi?.statistic), 'chi-square');
      expectPValue(ours.chisquare.pValue, unwire(chi?.pvalue), 'chi-square p');
      expectStatistic(ours.z.statistic, unwire(z?.statistic), 'z');
      expectPValue(ours.z.pValue, unwire(z?.pvalue), 'z p');
      expectStatistic(ours.jensenshannon.statistic, unwire(js?.value), 'jensen-shannon');
      expectStatistic(ours.psi.statistic, unwire(psi?.value), 'psi');
    });
  });
});

describe('KS method regimes', () => {
  it('uses the exact distribution up to 10,000 rows per sample and the asymptotic one above', async () => {
    const small = await computeDrift(table(numeric('x', NUMERIC[0]?.ref ?? [])), table(numeric('x', NUMERIC[0]?.cur ?? [])), {
      method: 'ks',
      parallel: 'never',
    });
    expect(small.features[0]?.details.ksMode).toBe('exact');
    const big = NUMERIC.find((c) => c.name.startsWith('asymptotic, same'));
    const large = await computeDrift(table(numeric('x', big?.ref ?? [])), table(numeric('x', big?.cur ?? [])), {
      method: 'ks',
      parallel: 'never',
    });
    expect(large.features[0]?.details.ksMode).toBe('asymptotic');
  });

  it('covers every method of the engine', () => {
    expect([...DRIFT_METHODS].sort()).toEqual(['chisquare', 'jensenshannon', 'ks', 'psi', 'wasserstein', 'z']);
  });
});

afterAll(() => {
  // The achieved accuracy, for the record (the assertions hold the tolerances).
  process.stdout.write(
    `drift oracle: worst relative error — statistics ${worst.statistic.toExponential(2)}, p-values ${worst.pValue.toExponential(2)}\n`,
  );
});
