import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { createCore } from '../../electron/core/create-core';
import { loadMlflow, LOCAL_FIXTURES, OL_EVENTS } from './helpers';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('quorum lineage (CLI)', () => {
  let dir: string;
  let dataDir: string;
  const cli = async (...args: string[]): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--data-dir', dataDir, ...args], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      env: {},
    });
    return { code, stdout, stderr };
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quorum-lineage-cli-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest --json reports per file; rejected events make exit code 2', async () => {
    const run = await cli('--json', 'lineage', 'ingest', OL_EVENTS);
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as { accepted: number; rejected: number; files: { path: string }[] };
    expect(result).toMatchObject({ accepted: 12, rejected: 9 });
    expect(result.files).toHaveLength(14);
  });

  it('ingest of a DVC project exits 0; a mismatched lock exits 2 naming the stage', async () => {
    const project = join(dir, 'fraud-dvc');
    mkdirSync(project);
    cpSync(join(LOCAL_FIXTURES, 'fraud-dvc'), project, { recursive: true });
    const ok = await cli('lineage', 'ingest', project);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`✓ ${join(project, 'dvc.lock')}: 3 stage runs`);
    writeFileSync(
      join(project, 'dvc.yaml'),
      readFileSync(join(project, 'dvc.yaml'), 'utf8').replace('python src/featurize.py', 'python src/featurise.py'),
    );
    const bad = await cli('lineage', 'ingest', join(project, 'dvc.lock'));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('✗');
    expect(bad.stdout).toContain('stage "featurize@train"');
  });

  it('show MODEL@VERSION --upstream --depth N, as JSON and as a tree', async () => {
    const core = createCore({ dataDir });
    loadMlflow(core);
    core.close();
    await cli('lineage', 'ingest', join(LOCAL_FIXTURES, 'fraud-dvc'));
    const json = await cli('--json', 'lineage', 'show', 'fraud-detector@3', '--upstream', '--depth', '4');
    expect(json.code).toBe(0);
    const graph = JSON.parse(json.stdout) as { direction: string; depth: number; nodes: { ref: string }[] };
    expect(graph).toMatchObject({ direction: 'upstream', depth: 4 });
    expect(graph.nodes.map((n) => n.ref)).toContain('dataset:dvc://fraud-dvc:data/features/train.parquet@a7767dde0b1c2d3e4f5061728394a5b6');
    const human = await cli('lineage', 'show', 'fraud-detector@3', '--upstream', '--depth', '4');
    expect(human.stdout.split('\n')[0]).toBe('fraud-detector v3  model:mlflow-prod:fraud-detector@3');
    expect(human.stdout).toContain('└─ produced ← lgbm-v3-merchant-features');
    expect(human.stdout).toContain('same_as (inferred) ← data/features/train.parquet @ a7767dde0b1c…');
    const impact = await cli('lineage', 'impact', 'dataset:dvc://fraud-dvc:data/raw/transactions.csv');
    expect(impact.stdout).toContain('fraud-detector v3  definite, inferred');
  });

  it('a node that does not exist exits 2 with a message on stderr; bad flags are usage errors', async () => {
    const missing = await cli('lineage', 'show', 'nothing@1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No lineage node "nothing@1"');
    expect((await cli('lineage', 'show', 'x', '--depth', 'deep')).code).toBe(2);
  });

  it('rules can be switched from the CLI; rejected events are listed', async () => {
    const off = await cli('--json', 'lineage', 'rules', '--disable', 'digest');
    expect(JSON.parse(off.stdout)).toMatchObject({ rules: { digestMatchesVersion: { enabled: false } } });
    await cli('lineage', 'ingest', join(OL_EVENTS, 'invalid_fluentd_event_no_run_id.json'));
    const rejected = await cli('lineage', 'rejected');
    expect(rejected.stdout).toContain('No runId');
  });

  it('documents itself', async () => {
    const help = await cli('lineage', 'show', '--help');
    expect(help.code).toBe(0);
    for (const flag of ['--upstream', '--downstream', '--depth', '--as-of']) expect(help.stdout).toContain(flag);
    expect((await cli('lineage', '--help')).stdout).not.toContain('not yet available');
  });
});
