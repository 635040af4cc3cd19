import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ingestSnapshot } from '../../electron/core/catalog/ingest';
import type { ModelVersionRecord, RegisteredModelRecord } from '../../electron/core/catalog/records';
import { createCore } from '../../electron/core/create-core';
import { now, percentile } from '../harness';

/**
 * models.list as the Models screen calls it, in a process of its own:
 *
 *   node --import tsx bench/registry/_list-worker.ts <data-dir>   on a workspace a sync filled
 *   node --import tsx bench/registry/_list-worker.ts --wide        on 10,000 single-version models
 *
 * Prints one JSON line: p95 of the operation (filter + sort, through dispatch) and of a bare
 * `SELECT * FROM registered_models` as the baseline.
 */
const CALLS = 300;
const WARM_UP = 20;
/** Typing in the search box with a tier filter and a sort; and the unfiltered first view. */
const FILTERED = { query: 'fraud', riskTier: 'high', sortBy: 'lastUpdatedAt', sortDirection: 'desc', limit: 500 } as const;
const FIRST_VIEW = { sortBy: 'name' } as const;

const target = process.argv[2] ?? '--wide';
const dir = target === '--wide' ? mkdtempSync(join(tmpdir(), 'quorum-bench-list-')) : target;
const core = createCore({ dataDir: dir, validateOutput: false, registry: { env: {} } });
try {
  if (target === '--wide') seedWide(core.store.db);
  const samples: number[] = [];
  const raw: number[] = [];
  let total = 0;
  for (let i = 0; i < CALLS + WARM_UP; i++) {
    let started = now();
    const envelope = await core.dispatch('models.list', i % 2 === 0 ? FILTERED : FIRST_VIEW);
    const elapsed = now() - started;
    if (!envelope.ok) throw new Error(envelope.error.message);
    total = (envelope.data as { total: number }).total;
    started = now();
    core.store.db.prepare('SELECT * FROM registered_models').all();
    if (i >= WARM_UP) {
      samples.push(elapsed);
      raw.push(now() - started);
    }
  }
  // The first call after the catalog changed rebuilds the cached summaries (see cachedModels).
  const cold: number[] = [];
  for (let i = 0; i < 15; i++) {
    core.store.db.prepare('UPDATE connections SET status = status').run();
    const started = now();
    await core.dispatch('models.list', FILTERED);
    cold.push(now() - started);
  }
  const counts = core.store.db
    .prepare('SELECT (SELECT count(*) FROM registered_models) AS models, (SELECT count(*) FROM model_versions) AS versions')
    .get() as { models: number; versions: number };
  process.stdout.write(
    `${JSON.stringify({ listP95Ms: percentile(samples, 95), rawP95Ms: percentile(raw, 95), coldMedianMs: percentile(cold.slice(5), 50), lastTotal: total, ...counts })}\n`,
  );
} finally {
  core.close();
  if (target === '--wide') rmSync(dir, { recursive: true, force: true });
}

function seedWide(db: Database): void {
  db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('bench', 'mlflow', 'http://bench', 0)").run();
  const models: RegisteredModelRecord[] = [];
  const versions: ModelVersionRecord[] = [];
  const tiers = ['high', 'medium', 'low'];
  for (let i = 0; i < 10_000; i++) {
    const name = `${i % 7 === 0 ? 'fraud' : 'model'}-${i}`;
    models.push({
      name,
      description: `Model ${i}`,
      createdAt: i,
      lastUpdatedAt: i,
      tags: [
        { key: 'risk_tier', value: tiers[i % 3] as string },
        { key: 'owner_team', value: `team-${i % 12}` },
      ],
      aliases: [{ alias: 'champion', version: 1 }],
    });
    versions.push({
      modelName: name,
      version: 1,
      status: 'READY',
      stage: 'Production',
      source: null,
      runId: null,
      user: null,
      description: '',
      tags: [],
      aliases: [],
      createdAt: i,
      lastUpdatedAt: i,
    });
  }
  ingestSnapshot(db, 1, { experiments: [], runs: [], models, versions, complete: true }, 1);
}
