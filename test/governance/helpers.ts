import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { ensureConnection } from '../../electron/core/catalog/connections';
import { ingestSnapshot } from '../../electron/core/catalog/ingest';
import type { RegistrySnapshot } from '../../electron/core/catalog/records';
import { experimentRecord, modelVersionRecord, registeredModelRecord, runRecord } from '../../electron/core/connectors/mlflow/map';
import {
  mlflowExperimentSchema,
  mlflowRegisteredModelSchema,
  modelVersionsPageSchema,
  runsPageSchema,
} from '../../electron/core/connectors/mlflow/wire';
import { createCore, type Core } from '../../electron/core/create-core';
import { runCli } from '../../electron/cli/program';

/** Recorded answers of a real MLflow 2.17.2 server (see /work/shared/fixtures/mlflow/README.md). */
export const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'mlflow', '2.17.2');
export const CONNECTION = 'northwind';

function body<S extends z.ZodType>(file: string, schema: S, pick?: (b: Record<string, unknown>) => unknown): z.output<S> {
  const raw = (JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { response: { body: Record<string, unknown> } }).response.body;
  return schema.parse(pick ? pick(raw) : raw);
}

/**
 * The fraud-detector model (high risk), its four versions and the fraud-detection runs,
 * through the MLflow connector's own wire schemas and mapping. `aliases` overrides the
 * model's aliases, to play a registry where someone moved @champion.
 */
export function fraudSnapshot(aliases?: { alias: string; version: string }[]): RegistrySnapshot {
  const model = body('registered-models-get.json', mlflowRegisteredModelSchema, (b) => b.registered_model);
  const versions = body('model-versions-search-by-name.json', modelVersionsPageSchema).model_versions;
  const runs = body('runs-search-order-by.json', runsPageSchema).runs;
  const experiment = body('experiments-get.json', mlflowExperimentSchema, (b) => b.experiment);
  return {
    experiments: [experimentRecord(experiment)],
    runs: runs.map(runRecord),
    models: [registeredModelRecord(aliases ? { ...model, aliases } : model)],
    versions: versions.map(modelVersionRecord),
    complete: true,
  };
}

/** Ingests a snapshot as one sync of the connection would. */
export function ingest(dataDir: string, snapshot: RegistrySnapshot, observedAt: number, connection = CONNECTION): void {
  const core = createCore({ dataDir, validateOutput: true });
  try {
    const conn = ensureConnection(
      core.store.db,
      { name: connection, kind: 'mlflow', url: `http://${connection}.example:5000` },
      observedAt,
    );
    ingestSnapshot(core.store.db, conn.id, snapshot, observedAt);
  } finally {
    core.close();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

/** Runs the real CLI in-process against a data directory. */
export async function cli(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as unknown };
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `quorum-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openCore(dataDir: string, now?: () => number): Core {
  return createCore({ dataDir, validateOutput: true, ...(now ? { now } : {}) });
}

/**
 * The four people of the story: Ada (admin, compliance), Carol (data scientist, the author
 * of fraud-detector v4's training run: MLflow user carol.diaz), Bob (ML engineer), Olu (ops).
 */
export async function fourPeople(dir: string): Promise<void> {
  const steps: string[][] = [
    ['identity', 'create', '--name', 'Ada Admin', '--email', 'ada@northwind.example'],
    ['identity', 'create', '--name', 'Carol Diaz', '--email', 'carol.diaz@northwind.example', '--no-activate'],
    ['identity', 'create', '--name', 'Bob Okafor', '--email', 'bob.okafor@northwind.example', '--no-activate'],
    ['identity', 'create', '--name', 'Olu Ops', '--email', 'olu@northwind.example', '--no-activate'],
    ['--identity', 'Ada Admin', 'role', 'grant', 'Ada Admin', 'compliance'],
    ['--identity', 'Ada Admin', 'role', 'grant', 'carol.diaz@northwind.example', 'data-science'],
    ['--identity', 'Ada Admin', 'role', 'grant', 'Bob Okafor', 'ml-engineering'],
    ['--identity', 'Ada Admin', 'role', 'grant', 'Olu Ops', 'ops'],
  ];
  for (const args of steps) {
    const run = await cli(dir, args);
    if (run.code !== 0) throw new Error(`quorum ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
  }
}
