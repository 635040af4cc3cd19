import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBenchmark, renderTable, type Benchmark, type Figure } from './harness';

/**
 * `npm run bench` (after `npm run build`): runs every benchmark under bench/<area>/ and
 * prints one table. Pass words to run only benchmarks whose "area/name" contains one, e.g.
 * `tsx bench/run.ts foundation` or `tsx bench/run.ts invoke`.
 */
const root = resolve(import.meta.dirname, '..');
const benchDir = import.meta.dirname;
const filters = process.argv.slice(2);

async function discover(): Promise<Benchmark[]> {
  const found: Benchmark[] = [];
  const areas = readdirSync(benchDir)
    .filter((name) => statSync(join(benchDir, name)).isDirectory())
    .sort();
  for (const area of areas) {
    const files = readdirSync(join(benchDir, area))
      .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
      .sort();
    for (const file of files) {
      const module = (await import(pathToFileURL(join(benchDir, area, file)).href)) as { default?: unknown };
      if (isBenchmark(module.default)) found.push(module.default);
    }
  }
  return found.filter((b) => filters.length === 0 || filters.some((f) => `${b.area}/${b.name}`.includes(f)));
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const benchmarks = await discover();
if (benchmarks.length === 0) {
  log(`no benchmarks${filters.length > 0 ? ` match ${filters.join(', ')}` : ''} under ${relative(root, benchDir)}/`);
  process.exitCode = 2;
} else {
  const rows: { benchmark: Benchmark; figure: Figure }[] = [];
  for (const benchmark of benchmarks) {
    log(`${benchmark.area}/${benchmark.name}…`);
    try {
      for (const figure of await benchmark.run({ root, log: (m) => log(`  ${m}`) })) rows.push({ benchmark, figure });
    } catch (error) {
      // One broken benchmark does not hide the others' figures.
      rows.push({
        benchmark,
        figure: { label: 'failed', value: null, unit: 'ms', note: error instanceof Error ? error.message : String(error) },
      });
    }
  }
  process.stdout.write(`\n${renderTable(rows)}\n`);
}
