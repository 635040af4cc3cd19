import type { CategoricalColumn, NumericColumn } from './types';
import type { SampleCounts } from './feature';

/**
 * Cleaning, as Evidently does per column and per sample: ±Infinity becomes missing and
 * missing values are dropped from each sample separately. The result is a fresh,
 * exactly-sized buffer the engine may sort in place or hand to a worker.
 */
export function finiteValues(column: NumericColumn): { values: Float64Array; counts: SampleCounts } {
  const source = column.values;
  let rows = 0;
  let infinite = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const v = source[i] as number;
    // v − v is 0 exactly for finite v, NaN for NaN and ±Infinity.
    if (v - v === 0) rows++;
    else if (v === v) infinite++;
  }
  // All finite (the common case): a plain copy, which is a memcpy.
  const values = rows === source.length ? source.slice() : new Float64Array(rows);
  if (rows !== source.length) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = source[i] as number;
      if (v - v === 0) values[k++] = v;
    }
  }
  return { values, counts: { rows, missing: source.length - rows, infinite } };
}

export interface CategoricalCounts {
  dictionary: string[];
  reference: Float64Array;
  current: Float64Array;
  referenceCounts: SampleCounts;
  currentCounts: SampleCounts;
  /** Index of the smallest value in the shared dictionary (the Z-test's reference category). */
  firstKey: number;
}

/** Value counts of both samples over one dictionary, matching values by their text. */
export function categoricalCounts(ref: CategoricalColumn, cur: CategoricalColumn): CategoricalCounts {
  const dictionary = [...ref.dictionary];
  const index = new Map<string, number>();
  dictionary.forEach((value, i) => {
    if (!index.has(value)) index.set(value, i);
  });
  const refToShared = Int32Array.from(ref.dictionary, (value) => index.get(value) ?? 0);
  const curToShared = Int32Array.from(cur.dictionary, (value) => {
    let at = index.get(value);
    if (at === undefined) {
      at = dictionary.length;
      dictionary.push(value);
      index.set(value, at);
    }
    return at;
  });
  const tally = (codes: Int32Array, map: Int32Array): { counts: Float64Array; sample: SampleCounts } => {
    const counts = new Float64Array(dictionary.length);
    let rows = 0;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] ?? -1;
      if (code < 0) continue;
      const shared = map[code] ?? 0;
      counts[shared] = (counts[shared] ?? 0) + 1;
      rows++;
    }
    return { counts, sample: { rows, missing: codes.length - rows, infinite: 0 } };
  };
  const r = tally(ref.codes, refToShared);
  const c = tally(cur.codes, curToShared);
  let firstKey = -1;
  for (let i = 0; i < dictionary.length; i++) {
    if ((r.counts[i] ?? 0) === 0 && (c.counts[i] ?? 0) === 0) continue;
    if (firstKey < 0 || comparePython(dictionary[i] ?? '', dictionary[firstKey] ?? '') < 0) firstKey = i;
  }
  return {
    dictionary,
    reference: r.counts,
    current: c.counts,
    referenceCounts: r.sample,
    currentCounts: c.sample,
    firstKey: Math.max(firstKey, 0),
  };
}

/** Python's str ordering: by code point (JS compares UTF-16 units, which differs above U+FFFF). */
export function comparePython(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx - cy;
  }
}
