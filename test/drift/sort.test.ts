import { describe, expect, it } from 'vitest';
import { lowerBound, sortFloat64, upperBound } from '../../electron/core/drift/stats/sort';
import { Rng } from './support/random';

describe('radix sort of doubles', () => {
  const rng = new Rng(17);
  it.each([
    ['normal', (): number => rng.normal()],
    ['integers with ties', (): number => rng.int(50) - 25],
    ['constant', (): number => 3],
    ['signed zeros and subnormals', (): number => (rng.next() < 0.5 ? -0 : rng.normal() * 1e-310)],
    ['huge magnitudes', (): number => rng.normal() * 1e300],
  ])('orders %s like the built-in sort', (_label, draw) => {
    const values = Float64Array.from({ length: 50_000 }, draw);
    const expected = values.slice().sort();
    expect(Array.from(sortFloat64(values))).toEqual(Array.from(expected));
  });

  it('searches like numpy searchsorted left and right', () => {
    const sorted = Float64Array.of(1, 2, 2, 2, 3);
    expect([lowerBound(sorted, 2), upperBound(sorted, 2), lowerBound(sorted, 0), upperBound(sorted, 9)]).toEqual([1, 4, 0, 5]);
  });
});
