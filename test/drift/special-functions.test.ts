import { describe, it } from 'vitest';
import { chiSquareSf } from '../../electron/core/drift/special/gamma';
import { kolmogornSf } from '../../electron/core/drift/special/kolmogorov';
import { normalSf } from '../../electron/core/drift/special/normal';
import { smirnovSf } from '../../electron/core/drift/special/smirnov';
import { oracle, unwire, type OracleRequest } from './oracle/oracle';
import { expectPValue } from './support/compare';

/*
 * The distributions behind the p-values, on a grid that reaches every branch of SciPy's
 * kstwo (Ruben–Gambino ends, Durbin matrix, Pomeranz, Pelz–Good, 2·smirnov, the n > 10^6
 * approximation), the chi-square survival function from 1 to 20,000 degrees of freedom, and
 * the normal tail out to underflow.
 */
const N = [1, 2, 5, 10, 50, 140, 141, 500, 5000, 100_000, 100_001, 500_000, 2_000_000];
const X = [0.0001, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.49, 0.5, 0.7, 0.95];
const DF = [1, 2, 3, 4, 10, 99, 1000, 20_000];
const CHI = [0.01, 0.5, 1, 2, 5, 10, 50, 100, 1000, 3000, 20_500, 25_000];
const Z = [-5, -1, 0, 0.5, 1, 1.5, 3, 6, 10, 20, 37, 38];

interface Case {
  label: string;
  request: OracleRequest;
  ours: () => number;
}

const cases: Case[] = [
  ...N.flatMap((n) =>
    X.flatMap((x) => [
      { label: `kstwo.sf(${x}, ${n})`, request: { op: 'kstwo_sf', n, x }, ours: () => kolmogornSf(n, x) },
      { label: `smirnov(${n}, ${x})`, request: { op: 'smirnov', n, x }, ours: () => smirnovSf(n, x) },
    ]),
  ),
  ...DF.flatMap((df) =>
    CHI.map((x) => ({ label: `chi2.sf(${x}, ${df})`, request: { op: 'chi2_sf', x, df }, ours: () => chiSquareSf(x, df) })),
  ),
  ...Z.map((x) => ({ label: `norm.sf(${x})`, request: { op: 'norm_sf', x }, ours: () => normalSf(x) })),
];

describe('special functions against SciPy', () => {
  const answers = oracle(cases.map((c) => c.request));
  it.each(cases.map((c, i) => [c.label, c, i] as const))('%s', (_label, c, i) => {
    expectPValue(c.ours(), unwire(answers[i]?.value), c.label);
  });
});
