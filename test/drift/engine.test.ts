import { describe, expect, it } from 'vitest';
import { computeDrift } from '../../electron/core/drift/engine';
import { DriftInputError } from '../../electron/core/drift/errors';
import { DriftCancelledError, workerFactory } from '../../electron/core/drift/parallel';
import type { DriftProgress, Table } from '../../electron/core/drift/types';
import { DRIFT_ENGINE_VERSION } from '../../electron/core/drift/version';
import { categoricalSample, numericSample, Rng } from './support/random';
import { categorical, numeric, table } from './support/tables';

const rng = new Rng(7);
const same = (n: number, mean = 0): Float64Array => numericSample(rng, { n, mean });

describe('dataset drift', () => {
  it('is the share of drifted features among tested ones, against 0.5 by default', async () => {
    const ref = table(numeric('a', same(400)), numeric('b', same(400)), numeric('c', same(400)));
    const cur = table(numeric('a', same(300, 1)), numeric('b', same(300, 1)), numeric('c', same(300)));
    const result = await computeDrift(ref, cur, { parallel: 'never' });
    expect(result.features.map((f) => f.drifted)).toEqual([true, true, false]);
    expect(result.driftedFeatures).toBe(2);
    expect(result.testedFeatures).toBe(3);
    expect(result.driftShare).toBeCloseTo(2 / 3, 15);
    expect(result.datasetDrift).toBe(true);
    const strict = await computeDrift(ref, cur, { parallel: 'never', driftShare: 0.75 });
    expect(strict.datasetDrift).toBe(false);
  });

  it('leaves a feature whose sample is all missing untested and out of the share', async () => {
    const ref = table(numeric('a', same(100)), numeric('gone', same(100)));
    const cur = table(numeric('a', same(100, 2)), numeric('gone', [Number.NaN, Number.POSITIVE_INFINITY, Number.NaN]));
    const result = await computeDrift(ref, cur, { parallel: 'never' });
    const gone = result.features[1];
    expect(gone?.tested).toBe(false);
    expect(gone?.currentMissing).toBe(3);
    expect(gone?.currentInfinite).toBe(1);
    expect(gone?.warnings[0]).toMatch(/current sample has no non-missing value/);
    expect(result.testedFeatures).toBe(1);
    expect(result.driftShare).toBe(1);
    expect(result.warnings.join(' ')).toMatch(/1 feature\(s\) not tested/);
  });
});

describe('overrides and corrections', () => {
  const ref = table(
    numeric('a', same(200)),
    numeric('b', same(200)),
    categorical('c', ['x', 'y', 'z'], categoricalSample(rng, 200, [1, 1, 1])),
  );
  const cur = table(
    numeric('a', same(200, 0.25)),
    numeric('b', same(200, 0.2)),
    categorical('c', ['x', 'y', 'z'], categoricalSample(rng, 200, [1, 1, 2])),
  );

  it('takes a method and threshold per feature, and a general method where it applies', async () => {
    const result = await computeDrift(ref, cur, {
      parallel: 'never',
      method: 'wasserstein',
      methods: { b: 'psi' },
      thresholds: { a: 0.5 },
    });
    const [a, b, c] = result.features;
    expect(a).toMatchObject({ method: 'wasserstein', threshold: 0.5, selectedBy: 'override', pValue: null });
    expect(b).toMatchObject({ method: 'psi', threshold: 0.1, selectedBy: 'override' });
    expect(b?.statistic).toBe(b?.psi);
    // Wasserstein needs ordered values: the categorical column keeps its default test.
    expect(c).toMatchObject({ method: 'chisquare', selectedBy: 'default' });
  });

  it('refuses overrides it cannot honour, naming them', async () => {
    await expect(computeDrift(ref, cur, { methods: { c: 'ks' } })).rejects.toThrow(/cannot test the categorical column "c"/);
    await expect(computeDrift(ref, cur, { methods: { nope: 'ks' } })).rejects.toThrow(/"nope", which is not compared/);
    await expect(computeDrift(ref, cur, { thresholds: { a: -1 } })).rejects.toThrow(DriftInputError);
    await expect(computeDrift(ref, cur, { driftShare: 0 })).rejects.toThrow(/drift share/);
  });

  it('applies no correction by default, Bonferroni or Benjamini–Hochberg on request', async () => {
    const plain = await computeDrift(ref, cur, { parallel: 'never' });
    expect(plain.features.every((f) => f.pValueAdjusted === null)).toBe(true);
    const p = plain.features.map((f) => f.pValue as number);
    const bonf = await computeDrift(ref, cur, { parallel: 'never', correction: 'bonferroni' });
    bonf.features.forEach((f, i) => {
      expect(f.pValueAdjusted).toBeCloseTo(Math.min(1, (p[i] as number) * 3), 15);
      expect(f.drifted).toBe(
        (f.pValueAdjusted as number) < f.threshold || (f.method === 'ks' && (f.pValueAdjusted as number) <= f.threshold),
      );
    });
    const bh = await computeDrift(ref, cur, { parallel: 'never', correction: 'benjamini-hochberg' });
    const order = [...p.keys()].sort((i, j) => (p[i] as number) - (p[j] as number));
    const expected: number[] = new Array(3);
    let running = 1;
    for (let r = 2; r >= 0; r--) {
      const i = order[r] as number;
      running = Math.min(running, ((p[i] as number) * 3) / (r + 1));
      expected[i] = Math.min(1, running);
    }
    bh.features.forEach((f, i) => expect(f.pValueAdjusted).toBeCloseTo(expected[i] as number, 15));
  });
});

describe('inputs that do not line up', () => {
  it('names the columns missing on either side', async () => {
    const error = await computeDrift(table(numeric('a', [1]), numeric('b', [1])), table(numeric('a', [1]), numeric('c', [1]))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DriftInputError);
    expect((error as Error).message).toMatch(/in the reference but not in the current sample: "b"/);
    expect((error as Error).message).toMatch(/in the current sample but not in the reference: "c"/);
  });

  it('names a column whose type differs between the samples', async () => {
    await expect(computeDrift(table(numeric('a', [1, 2])), table(categorical('a', ['x'], [0, 0])))).rejects.toThrow(
      /Column "a" is numeric in the reference but categorical in the current sample/,
    );
  });
});

describe('reproducibility record and warnings', () => {
  it('records engine version, digests of the typed data and the options', async () => {
    const ref = table(numeric('a', [1, 2, 3, 4]));
    const cur = table(numeric('a', [2, 3, 4, 5]));
    const one = await computeDrift(ref, cur, { parallel: 'never', correction: 'bonferroni' });
    const two = await computeDrift(table(numeric('a', [1, 2, 3, 4])), cur, { parallel: 'never' });
    const other = await computeDrift(table(numeric('a', [1, 2, 3, 5])), cur, { parallel: 'never' });
    expect(one.reproducibility.engineVersion).toBe(DRIFT_ENGINE_VERSION);
    expect(one.reproducibility.referenceDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(one.reproducibility.referenceDigestOf).toBe('typed-data');
    expect(two.reproducibility.referenceDigest).toBe(one.reproducibility.referenceDigest);
    expect(other.reproducibility.referenceDigest).not.toBe(one.reproducibility.referenceDigest);
    expect(one.reproducibility.options.correction).toBe('bonferroni');
  });

  it('warns on small samples and on p-value tests over very large ones', async () => {
    const small = await computeDrift(table(numeric('a', same(20))), table(numeric('a', same(500))), { parallel: 'never' });
    expect(small.features[0]?.warnings.join(' ')).toMatch(/Small sample: 20 values in the reference sample/);
    const fine = await computeDrift(table(numeric('a', same(500))), table(numeric('a', same(500))), { parallel: 'never' });
    expect(fine.features[0]?.warnings).toEqual([]);
    const big = await computeDrift(table(numeric('a', same(100_000))), table(numeric('a', same(100_000))), {
      parallel: 'never',
      method: 'ks',
    });
    expect(big.features[0]?.warnings.join(' ')).toMatch(/p-value test flags differences too small to matter/);
  });
});

describe('worker threads', () => {
  const wide = (mean: number): Table =>
    table(
      ...Array.from({ length: 6 }, (_, i) =>
        numeric(`f${i}`, numericSample(rng, { n: 20_000 + i * 1000, mean: i % 2 ? mean : 0, decimals: 3 })),
      ),
    );
  const ref = wide(0);
  const cur = wide(0.05);

  it('give the same numbers as the calling thread, with progress up to the total', async () => {
    expect(workerFactory(), 'workers can start from the TypeScript sources').not.toBeNull();
    const progress: DriftProgress[] = [];
    const inProcess = await computeDrift(ref, cur, { parallel: 'never', additionalMethods: ['ks', 'psi'] });
    const threaded = await computeDrift(ref, cur, {
      parallel: 'always',
      workers: 2,
      additionalMethods: ['ks', 'psi'],
      onProgress: (p) => progress.push(p),
    });
    expect(threaded.features).toEqual(inProcess.features);
    const helped = await computeDrift(ref, cur, {
      parallel: 'always',
      workers: 2,
      useCallingThread: true,
      additionalMethods: ['ks', 'psi'],
    });
    expect(helped.features).toEqual(inProcess.features);
    expect(progress.at(-1)).toEqual({ done: 6, total: 6, feature: expect.any(String) });
  });

  it('stop when cancelled', async () => {
    const controller = new AbortController();
    const running = computeDrift(ref, cur, { parallel: 'always', workers: 2, signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(DriftCancelledError);
    const inProcess = new AbortController();
    inProcess.abort();
    await expect(computeDrift(ref, cur, { parallel: 'never', signal: inProcess.signal })).rejects.toBeInstanceOf(DriftCancelledError);
  });
});
