import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/create-core';
import { cli } from '../helpers/cli';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { numericSample, Rng } from './support/random';

const home = makeTempDir('quorum-drift-cli-');
afterAll(removeTempDirs);
const rng = new Rng(99);

function csv(name: string, columns: Record<string, ArrayLike<number | string>>): string {
  const names = Object.keys(columns);
  const n = columns[names[0] ?? '']?.length ?? 0;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => String(columns[k]?.[i] ?? '')).join(','));
  const path = join(home, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const colours = (n: number, shift: number): string[] =>
  Array.from({ length: n }, (_, i) => (i % 10 < 5 + shift ? 'red' : i % 2 ? 'blue' : 'green'));
const reference = csv('ref.csv', {
  age: numericSample(rng, { n: 400, mean: 40, sd: 10 }),
  income: numericSample(rng, { n: 400, mean: 5, decimals: 2 }),
  colour: colours(400, 0),
});
const stable = csv('stable.csv', {
  age: numericSample(rng, { n: 300, mean: 40, sd: 10 }),
  income: numericSample(rng, { n: 300, mean: 5, decimals: 2 }),
  colour: colours(300, 0),
});
const drifted = csv('drifted.csv', {
  age: numericSample(rng, { n: 300, mean: 48, sd: 10 }),
  income: numericSample(rng, { n: 300, mean: 5.6, decimals: 2 }),
  colour: colours(300, 3),
});

describe('quorum drift', () => {
  it('exits 0 when the dataset has not drifted, and prints a table', async () => {
    const { code, stdout } = await cli(['drift', '--reference', reference, '--current', stable], home);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^FEATURE\s+TYPE\s+METHOD\s+STATISTIC\s+P-VALUE/);
    expect(stdout).toMatch(/No dataset drift: \d of 3 features drifted/);
  });

  it('exits 1 on dataset drift', async () => {
    const { code, stdout } = await cli(['drift', '--reference', reference, '--current', drifted], home);
    expect(code).toBe(1);
    expect(stdout).toMatch(/Dataset drift: 3 of 3 features drifted/);
  });

  it('prints the JSON shape of the CLI contract with --json', async () => {
    const { code, stdout, stderr } = await cli(['drift', '--reference', reference, '--current', drifted, '--json'], home);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const out = JSON.parse(stdout) as Record<string, unknown> & { features: Record<string, unknown>[] };
    expect(out).toMatchObject({ datasetDrift: true, driftShare: 1 });
    expect(out.features.map((f) => f.name)).toEqual(['age', 'income', 'colour']);
    for (const f of out.features) {
      expect(typeof f.name).toBe('string');
      expect(['numeric', 'categorical']).toContain(f.type);
      expect(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi']).toContain(f.method);
      expect(typeof f.statistic).toBe('number');
      expect(f.pValue === null || typeof f.pValue === 'number').toBe(true);
      expect(typeof f.threshold).toBe('number');
      expect(typeof f.drifted).toBe('boolean');
      expect(typeof f.psi).toBe('number');
      expect(Number.isInteger(f.referenceRows)).toBe(true);
      expect(Number.isInteger(f.currentRows)).toBe(true);
    }
    expect(out.features.map((f) => f.method)).toEqual(['ks', 'ks', 'chisquare']);
    expect((out.reproducibility as { engineVersion: string }).engineVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('takes per-feature methods, thresholds, types and a correction', async () => {
    const { code, stdout } = await cli(
      [
        'drift',
        '--reference',
        reference,
        '--current',
        stable,
        '--json',
        '--feature-method',
        'age=wasserstein',
        '--feature-threshold',
        'age=0.5',
        '--column-type',
        'income=categorical',
        '--correction',
        'bonferroni',
      ],
      home,
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { correction: string; features: { name: string; method: string; threshold: number; type: string }[] };
    expect(out.correction).toBe('bonferroni');
    expect(out.features[0]).toMatchObject({ name: 'age', method: 'wasserstein', threshold: 0.5 });
    expect(out.features[1]).toMatchObject({ name: 'income', type: 'categorical' });
  });

  it.each([
    ['a missing file', ['--current', join(home, 'missing.csv')], /missing\.csv: no such file/],
    ['columns that differ', ['--current', csv('narrow.csv', { age: [1, 2] })], /different columns/],
    ['a bad --model', ['--current', stable, '--model', 'churn'], /--model must be MODEL@VERSION/],
    ['a bad --feature-method', ['--current', stable, '--feature-method', 'age=magic'], /"magic" is not one of/],
    ['an unknown --column-type column', ['--current', stable, '--column-type', 'nope=numeric'], /a column type is set for "nope"/],
  ])('exits 2 on %s', async (_label, args, message) => {
    const { code, stderr } = await cli(['drift', '--reference', reference, ...args], home);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('names file and line of malformed CSV and exits 2', async () => {
    const path = join(home, 'ragged.csv');
    writeFileSync(path, 'age,income,colour\n1,2,red\n3,4\n');
    const { code, stderr } = await cli(['drift', '--reference', reference, '--current', path], home);
    expect(code).toBe(2);
    expect(stderr).toMatch(/ragged\.csv:3: expected 3 fields as in the header, found 2/);
  });
});

describe('quorum drift --model', () => {
  it('refuses a model version the workspace does not know (exit 2)', async () => {
    const dataDir = makeTempDir('quorum-drift-empty-');
    const { code, stderr } = await cli(
      ['drift', '--data-dir', dataDir, '--reference', reference, '--current', drifted, '--model', 'churn@1'],
      home,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/No model version churn@1 in this workspace/);
  });

  it('stores the result for the model version and lists it through drift.results', async () => {
    const dataDir = makeTempDir('quorum-drift-demo-');
    const seed = createCore({ dataDir, workspaceKind: 'demo' });
    const row = seed.store.db
      .prepare('SELECT model_name AS name, version FROM model_versions ORDER BY model_name, version LIMIT 1')
      .get() as {
      name: string;
      version: number;
    };
    seed.close();
    const { code, stdout } = await cli(
      [
        'drift',
        '--data-dir',
        dataDir,
        '--json',
        '--reference',
        reference,
        '--current',
        drifted,
        '--model',
        `${row.name}@${row.version}`,
        '--window-end',
        '2026-01-31T00:00:00Z',
      ],
      home,
    );
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as { runId: number; model: { name: string; version: number } };
    expect(out.runId).toBeGreaterThan(0);
    expect(out.model).toEqual({ name: row.name, version: row.version });
    const core = createCore({ dataDir });
    try {
      const listed = await core.dispatch('drift.results', { model: row.name, version: row.version });
      expect(listed.ok).toBe(true);
      if (!listed.ok) return;
      const runs = listed.data as { id: number; windowEnd: number; datasetDrift: boolean; features: unknown[] }[];
      const stored = runs.find((r) => r.id === out.runId);
      expect(stored).toMatchObject({ windowEnd: Date.parse('2026-01-31T00:00:00Z'), datasetDrift: true });
      expect(stored?.features).toHaveLength(3);
    } finally {
      core.close();
    }
  });
});
