import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBenchmark, median, type BenchmarkContext, type Figure } from '../harness';
import { spawnServer } from '../foundation/_processes';
import { runMeasured, type Measured } from './_measure';

/** 1,000 models × 10 versions and 10,000 runs: copies of recorded MLflow entities. */
const SCALE = '1000,10,10000';
const MB = 1024;

interface SyncJson {
  results: { outcome: string; mode: string; message: string; startedAt: number; finishedAt: number; counts: Record<string, number> }[];
}

/**
 * The registry connector at scale, against the MLflow double in its own process over
 * loopback. The sync is the real `quorum sync` (the built CLI, `npm run build`): a full sync
 * of 10,000 versions and 10,000 runs, then re-syncs with nothing changed; each in a fresh
 * process whose peak RSS is read from the kernel. The baseline is a plain Node process
 * fetching the same pages as text, with no parsing, validation or ingest. Then the Models
 * list (filter + sort through dispatch) over the synced workspace and over 10,000 models.
 */
export default defineBenchmark({
  area: 'registry',
  name: 'sync-10k',
  async run({ root, log }: BenchmarkContext): Promise<Figure[]> {
    const cli = join(root, 'out', 'main', 'cli.js');
    if (!existsSync(cli)) throw new Error('the CLI is not built: run `npm run build` (npm run bench does)');
    log(`starting the MLflow double with ${SCALE} (models, versions per model, runs)`);
    const double = await spawnServer(
      process.execPath,
      ['--import', 'tsx', join(root, 'test', 'doubles', 'mlflow-server-main.ts'), '--scale', SCALE],
      { cwd: root, ready: /^ready (http:\/\/\S+)$/, timeoutMs: 60_000 },
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'quorum-bench-registry-'));
    const quorum = (...args: string[]) => runMeasured(process.execPath, [cli, '--data-dir', dataDir, ...args], { cwd: root });
    try {
      log('baseline: the same pages fetched as text by a plain Node process');
      const raw = await runMeasured(process.execPath, [join(root, 'bench', 'registry', '_raw-fetch.mjs'), double.url], { cwd: root });
      const rawJson = lastJson(raw, 'raw fetch') as { rawFullMs: number; rawResyncMs: number };
      const idle = await quorum('version');

      await quorum('connect', 'mlflow', '--name', 'bench', '--url', double.url, '--no-test');
      log('quorum sync (full)');
      const full = await quorum('--json', 'sync');
      const fullResult = (lastJson(full, 'full sync') as SyncJson).results[0];
      if (fullResult?.outcome !== 'ok' || fullResult.mode !== 'full') throw new Error(`full sync: ${fullResult?.message ?? full.stderr}`);

      log('quorum sync ×3 (nothing changed)');
      const resyncs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const again = (lastJson(await quorum('--json', 'sync'), 're-sync') as SyncJson).results[0];
        if (again?.mode !== 'incremental' || again.outcome !== 'ok') throw new Error(`re-sync: ${again?.message ?? ''}`);
        resyncs.push(again.finishedAt - again.startedAt);
      }

      log('models.list on the synced workspace, and on 10,000 models');
      const synced = lastJson(await tsxWorker(root, dataDir), 'models.list') as Record<string, number>;
      const wide = lastJson(await tsxWorker(root, '--wide'), 'models.list (wide)') as Record<string, number>;

      const counts = fullResult.counts;
      return [
        {
          label: `full sync (${counts.versions} versions, ${counts.runs} runs, ${counts.models} models)`,
          value: fullResult.finishedAt - fullResult.startedAt,
          unit: 'ms',
          target: 10_000,
          baseline: { label: 'same pages fetched as text', value: rawJson.rawFullMs },
          note: `the whole \`quorum sync\` process, start to exit: ${Math.round(full.wallMs)} ms`,
        },
        {
          label: 'full sync, peak RSS of the `quorum sync` process',
          value: full.peakRssKb,
          unit: 'kB',
          target: 300 * MB,
          baseline: { label: 'plain Node fetching the same pages', value: raw.peakRssKb },
          note: `\`quorum version\` alone peaks at ${idle.peakRssKb ?? '?'} kB`,
        },
        {
          label: 're-sync, nothing changed (median of 3)',
          value: median(resyncs),
          unit: 'ms',
          target: 1_000,
          baseline: { label: 'same requests fetched as text', value: rawJson.rawResyncMs },
        },
        {
          label: `models.list filter + sort, p95 (${synced.models} models / ${synced.versions} versions)`,
          value: synced.listP95Ms ?? null,
          unit: 'ms',
          target: 30,
          baseline: { label: 'SELECT * FROM registered_models', value: synced.rawP95Ms ?? null },
        },
        {
          label: `models.list filter + sort, p95 (${wide.models} models / ${wide.versions} versions)`,
          value: wide.listP95Ms ?? null,
          unit: 'ms',
          target: 30,
          baseline: { label: 'SELECT * FROM registered_models', value: wide.rawP95Ms ?? null },
        },
        {
          label: `models.list, first call after the catalog changed (${wide.models} models; median)`,
          value: wide.coldMedianMs ?? null,
          unit: 'ms',
          baseline: { label: 'SELECT * FROM registered_models', value: wide.rawP95Ms ?? null },
          note: 'summaries are rebuilt once per catalog change (sync, ingest), then served from memory',
        },
      ];
    } finally {
      await double.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

function tsxWorker(root: string, arg: string): Promise<Measured> {
  return runMeasured(process.execPath, ['--import', 'tsx', join(root, 'bench', 'registry', '_list-worker.ts'), arg], { cwd: root });
}

/** The JSON a process printed: all of stdout (`--json` pretty-prints), or its last line. */
function lastJson(run: Measured, what: string): unknown {
  for (const text of [run.stdout, run.stdout.trim().split('\n').at(-1) ?? '']) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // try the next reading
    }
  }
  throw new Error(`${what} printed no JSON (exit ${run.code}): ${run.stderr.trim().slice(0, 500)}`);
}
