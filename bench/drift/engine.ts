import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { computeDrift } from '../../electron/core/drift/engine';
import { typedDataDigest } from '../../electron/core/drift/digest';
import { loadPair } from '../../electron/core/drift/input/load';
import type { Table } from '../../electron/core/drift/types';
import { writeParquet } from '../../test/drift/support/parquet-writer';
import { Rng } from '../../test/drift/support/random';
import { defineBenchmark, now, type Figure } from '../harness';

/*
 * Issue 6's drift benchmark: reference and current of ROWS rows × COLS numeric columns
 * (default 1,000,000 × 20; QUORUM_BENCH_DRIFT_ROWS / QUORUM_BENCH_DRIFT_COLUMNS for a quick
 * run), KS + PSI + normed Wasserstein on data already in memory, against SciPy
 * single-threaded in the same run (target ≤ 0.25×); then loading the same data from CSV
 * against pandas.read_csv, and from Parquet; and the process's peak memory (≤ 2 GB).
 */

const ROWS = Number(process.env.QUORUM_BENCH_DRIFT_ROWS ?? 1_000_000);
const COLS = Number(process.env.QUORUM_BENCH_DRIFT_COLUMNS ?? 20);
const SCRIPT = fileURLToPath(new URL('./_scipy_baseline.py', import.meta.url));

function makeTable(rng: Rng, current: boolean): Table {
  const columns = Array.from({ length: COLS }, (_, c) => {
    const values = new Float64Array(ROWS);
    // Half the columns drift a little in the current sample, so both verdicts occur.
    const shift = current && c % 2 === 1 ? 0.05 * (1 + (c % 5)) : 0;
    const scale = 1 + c / 10;
    for (let i = 0; i < ROWS; i++) values[i] = rng.normal(shift * scale, scale);
    return { name: `f${c}`, type: 'numeric' as const, values };
  });
  return { rowCount: ROWS, columns };
}

/** The first Python that has what `modules` names, or null. */
function python(modules: string): string | null {
  for (const candidate of [process.env.QUORUM_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!candidate) continue;
    if (spawnSync(candidate, ['-c', `import ${modules}`]).status === 0) return candidate;
  }
  return null;
}

function runPython(exe: string, args: string[]): Record<string, unknown> {
  const out = spawnSync(exe, [SCRIPT, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (out.status !== 0) throw new Error(`baseline failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as Record<string, unknown>;
}

async function writeCsv(path: string, table: Table): Promise<void> {
  const stream = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  stream.write(`${table.columns.map((c) => c.name).join(',')}\n`);
  const cols = table.columns.map((c) => (c.type === 'numeric' ? c.values : new Float64Array(0)));
  const BLOCK = 10_000;
  for (let start = 0; start < table.rowCount; start += BLOCK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(table.rowCount, start + BLOCK); i++) lines.push(cols.map((v) => (v[i] ?? 0).toFixed(6)).join(','));
    if (!stream.write(`${lines.join('\n')}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

export default defineBenchmark({
  area: 'drift',
  name: `engine ${ROWS.toLocaleString('en-US')}×${ROWS.toLocaleString('en-US')} rows × ${COLS} columns`,
  async run({ log }) {
    const figures: Figure[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-drift-'));
    try {
      log(`generating ${COLS} columns × ${ROWS} rows per sample`);
      const rng = new Rng(42);
      // Rounded to 6 decimals so the CSV and Parquet files hold exactly the in-memory values;
      // `|| 0` turns -0 into 0, because toFixed writes -0 as "0.000000" and it reads back as +0.
      const round = (t: Table): Table => {
        for (const c of t.columns)
          if (c.type === 'numeric') for (let i = 0; i < c.values.length; i++) c.values[i] = Number((c.values[i] ?? 0).toFixed(6)) || 0;
        return t;
      };
      // `let`: the tables are dropped once written, so the loads below are measured without them in memory.
      let ref: Table | null = round(makeTable(rng, false));
      let cur: Table | null = round(makeTable(rng, true));

      log('engine: KS + PSI + normed Wasserstein');
      const t0 = now();
      const cpu0 = process.cpuUsage();
      // As `quorum drift` runs it: worker threads plus the calling thread.
      const result = await computeDrift(ref, cur, { method: 'wasserstein', additionalMethods: ['ks', 'psi'], useCallingThread: true });
      const engineMs = now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const engineCpuMs = (cpu.user + cpu.system) / 1000;

      const scipyPython = python('scipy, numpy');
      let scipyMs: number | null = null;
      let scipyCpuMs: number | null = null;
      let agreement = '';
      if (scipyPython) {
        ref.columns.forEach((c, i) => {
          if (c.type === 'numeric') writeFileSync(join(dir, `ref_${i}.f64`), c.values);
        });
        cur.columns.forEach((c, i) => {
          if (c.type === 'numeric') writeFileSync(join(dir, `cur_${i}.f64`), c.values);
        });
        log(`SciPy baseline (${scipyPython}, single thread)`);
        const baseline = runPython(scipyPython, ['compute', dir, String(COLS)]) as {
          seconds: number;
          cpuSeconds: number;
          results: { ks: number; p: number; wasserstein: number; psi: number }[];
        };
        scipyMs = baseline.seconds * 1000;
        scipyCpuMs = baseline.cpuSeconds * 1000;
        let worst = 0;
        baseline.results.forEach((b, i) => {
          const f = result.features[i];
          const rel = (a: number | null | undefined, e: number): number =>
            e === 0 ? Math.abs(a ?? 0) : Math.abs(((a ?? Number.NaN) - e) / e);
          worst = Math.max(worst, rel(f?.also.ks?.statistic, b.ks), rel(f?.statistic, b.wasserstein), rel(f?.psi, b.psi));
        });
        agreement = `; worst relative difference from SciPy ${worst.toExponential(1)}`;
        for (let i = 0; i < COLS; i++) {
          rmSync(join(dir, `ref_${i}.f64`));
          rmSync(join(dir, `cur_${i}.f64`));
        }
      }
      figures.push({
        label: 'KS + PSI + normed Wasserstein, in memory',
        value: engineMs,
        unit: 'ms',
        ...(scipyMs !== null ? { target: 0.25 * scipyMs } : {}),
        baseline: { label: 'SciPy single-threaded', value: scipyMs },
        note: `${result.driftedFeatures}/${result.testedFeatures} features drifted${agreement}${scipyPython ? '' : '; no python3 with SciPy for the baseline'}`,
      });

      figures.push({
        label: 'same, CPU time of all threads',
        value: engineCpuMs,
        unit: 'ms',
        baseline: { label: 'SciPy process CPU time', value: scipyCpuMs },
        note: 'CPU time is what a shared machine cannot distort: wall time depends on the cores other processes leave free',
      });

      log('writing CSV and Parquet files');
      const refDigest = typedDataDigest(ref);
      await writeCsv(join(dir, 'ref.csv'), ref);
      await writeCsv(join(dir, 'cur.csv'), cur);
      const toParquet = (t: Table, path: string): void =>
        writeParquet(
          path,
          t.columns.map((c) => ({ name: c.name, type: 'DOUBLE' as const, values: c.type === 'numeric' ? c.values : [] })),
        );
      toParquet(ref, join(dir, 'ref.parquet'));
      toParquet(cur, join(dir, 'cur.parquet'));
      ref = null;
      cur = null;

      log('loading CSV');
      const c0 = now();
      let csvTables: [Table, Table] | null = await loadPair(join(dir, 'ref.csv'), join(dir, 'cur.csv'));
      const csvMs = now() - c0;
      const same = typedDataDigest(csvTables[0]) === refDigest;
      csvTables = null;
      const pandasPython = python('pandas');
      let pandasMs: number | null = null;
      if (pandasPython) {
        log(`pandas.read_csv baseline (${pandasPython})`);
        pandasMs = (runPython(pandasPython, ['csv', dir]) as { seconds: number }).seconds * 1000;
      }
      figures.push({
        label: 'load both CSVs into typed columns',
        value: csvMs,
        unit: 'ms',
        ...(pandasMs !== null ? { target: pandasMs } : {}),
        baseline: { label: 'pandas.read_csv, both files', value: pandasMs },
        note: `${same ? 'values identical to the in-memory data' : 'VALUES DIFFER'}${pandasPython ? '' : '; no python3 with pandas for the baseline'}`,
      });

      log('loading Parquet');
      const p0 = now();
      const parquetTables = await loadPair(join(dir, 'ref.parquet'), join(dir, 'cur.parquet'));
      const parquetMs = now() - p0;
      const parquetSame = typedDataDigest(parquetTables[0]) === refDigest;
      figures.push({
        label: 'load both Parquet files into typed columns',
        value: parquetMs,
        unit: 'ms',
        ...(pandasMs !== null ? { target: pandasMs } : {}),
        baseline: { label: 'pandas.read_csv, both files', value: pandasMs },
        note: parquetSame ? 'values identical to the in-memory data' : 'VALUES DIFFER',
      });
      figures.push({
        label: 'peak resident memory of the bench process',
        value: process.resourceUsage().maxRSS,
        unit: 'kB',
        target: 2 * 1024 * 1024,
        note: 'includes the generated data, worker threads and both loads',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
});
