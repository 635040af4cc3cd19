/**
 * A small benchmark harness: run a measurement N times, summarise it (median, p50/p95), and
 * print one table of figures with their target and a baseline measured in the same run.
 * It asserts nothing: figures are for people to read and compare.
 *
 * To add a benchmark, put a file in bench/<area>/ that default-exports `defineBenchmark(...)`;
 * `bench/run.ts` finds it. Files without a default benchmark export (helpers) are ignored.
 */

export type Unit = 'ms' | 'µs' | 'kB' | 'count';

export interface Figure {
  /** What was measured, e.g. "start → models visible (median of 5)". */
  label: string;
  /** null when the measurement could not be taken; `note` says why. */
  value: number | null;
  unit: Unit;
  /** The figure the issue asks for, if any, read as "at most". */
  target?: number;
  /** The same measurement of something simpler, taken in the same run, for scale. */
  baseline?: { label: string; value: number | null };
  note?: string;
}

export interface BenchmarkContext {
  /** The repository root. */
  root: string;
  /** Prints a progress line (stderr, so the table on stdout stays clean). */
  log(message: string): void;
}

export interface Benchmark {
  area: string;
  name: string;
  run(context: BenchmarkContext): Promise<Figure[]>;
}

export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}

export function isBenchmark(value: unknown): value is Benchmark {
  const candidate = value as Partial<Benchmark> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.run === 'function' && typeof candidate.name === 'string';
}

/** Runs `measure` `times` times, one after the other, and returns what each returned (e.g. a duration). */
export async function repeat(times: number, measure: (iteration: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await measure(i));
  return samples;
}

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export const now = (): number => performance.now();

function format(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '—';
  const digits = unit === 'count' ? 0 : value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** The results table: one row per figure, with target, baseline and the ratio figure / baseline. */
export function renderTable(rows: { benchmark: Benchmark; figure: Figure }[]): string {
  const header = ['benchmark', 'figure', 'value', 'target', 'met', 'baseline', 'baseline value', 'ratio'];
  const lines = rows.map(({ benchmark, figure }) => {
    const baseline = figure.baseline?.value ?? null;
    const ratio = figure.value !== null && baseline !== null && baseline > 0 ? `${(figure.value / baseline).toFixed(2)}×` : '—';
    const met = figure.target === undefined || figure.value === null ? '—' : figure.value <= figure.target ? 'yes' : 'NO';
    return [
      `${benchmark.area}/${benchmark.name}`,
      figure.label,
      format(figure.value, figure.unit),
      figure.target === undefined ? '—' : `≤ ${format(figure.target, figure.unit)}`,
      met,
      figure.baseline?.label ?? '—',
      format(baseline, figure.unit),
      ratio,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' │ ');
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const notes = rows
    .filter(({ figure }) => figure.note)
    .map(({ benchmark, figure }) => `  * ${benchmark.area}/${benchmark.name} — ${figure.label}: ${figure.note}`);
  return [row(header), rule, ...lines.map(row), ...(notes.length > 0 ? ['', 'Notes:', ...notes] : [])].join('\n');
}
