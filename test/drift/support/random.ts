/** Seeded randomness so every oracle case is reproducible from its seed (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
}

export interface NumericSampleOptions {
  n: number;
  mean?: number;
  sd?: number;
  /** Round to this many decimals, which makes ties. */
  decimals?: number;
  nanShare?: number;
  infShare?: number;
}

export function numericSample(rng: Rng, o: NumericSampleOptions): Float64Array {
  const out = new Float64Array(o.n);
  const scale = o.decimals === undefined ? 0 : 10 ** o.decimals;
  for (let i = 0; i < o.n; i++) {
    const u = rng.next();
    if (u < (o.nanShare ?? 0)) out[i] = Number.NaN;
    else if (u < (o.nanShare ?? 0) + (o.infShare ?? 0)) out[i] = rng.next() < 0.5 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    else {
      const x = rng.normal(o.mean ?? 0, o.sd ?? 1);
      out[i] = scale ? Math.round(x * scale) / scale : x;
    }
  }
  return out;
}

/** Draws category indexes with the given weights; −1 (missing) with `missingShare`. */
export function categoricalSample(rng: Rng, n: number, weights: readonly number[], missingShare = 0): Int32Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (rng.next() < missingShare) {
      out[i] = -1;
      continue;
    }
    let u = rng.next() * total;
    let k = 0;
    while (k < weights.length - 1 && u >= (weights[k] ?? 0)) u -= weights[k++] ?? 0;
    out[i] = k;
  }
  return out;
}
