import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DvcMismatchError, parseDvcProject } from '../../electron/core/lineage/dvc/parse';
import { LOCAL_FIXTURES, testCore, type TestCore } from './helpers';

const PROJECT = join(LOCAL_FIXTURES, 'fraud-dvc');
const yaml = readFileSync(join(PROJECT, 'dvc.yaml'), 'utf8');
const lock = readFileSync(join(PROJECT, 'dvc.lock'), 'utf8');

describe('dvc.yaml + dvc.lock', () => {
  it('reads stages, foreach expansions and content hashes; a stage that never ran is a warning', () => {
    const project = parseDvcProject(yaml, lock);
    expect(project.stages.map((s) => [s.name, s.lock !== null])).toEqual([
      ['prepare', true],
      ['featurize@train', true],
      ['featurize@holdout', true],
      ['evaluate', false],
    ]);
    const train = project.stages.find((s) => s.name === 'featurize@train');
    expect(train?.lock?.deps.map((d) => [d.path, d.hash])).toEqual([
      ['data/prepared/train.parquet', '2b8d4f6a0c1e3a5b7d9f1e2c4a6b8d0f'],
      ['src/featurize.py', '9e8d7c6b5a49382716051f2e3d4c5b6a'],
    ]);
    expect(train?.lock?.outs).toEqual([
      {
        path: 'data/features/train.parquet',
        hash: 'a7767dde0b1c2d3e4f5061728394a5b6',
        hashKind: 'md5',
        isDirectory: false,
        size: 98122004,
        files: null,
      },
    ]);
    expect(project.warnings).toEqual(['Stage "evaluate" is in dvc.yaml but has not run (no entry in dvc.lock).']);
  });

  it('a lock stage missing from dvc.yaml is an error naming the stage', () => {
    const stale = lock.replace('  featurize@holdout:', '  train:');
    expect(() => parseDvcProject(yaml, stale)).toThrow(
      new DvcMismatchError('train', 'dvc.lock does not match dvc.yaml: stage "train" is in dvc.lock but not in dvc.yaml.'),
    );
  });

  it('different deps or outs are an error naming the stage and the paths', () => {
    const moved = yaml.replace('      - data/raw/transactions.csv', '      - data/raw/transactions-2026.csv');
    let error: unknown;
    try {
      parseDvcProject(moved, lock);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DvcMismatchError);
    expect((error as DvcMismatchError).stage).toBe('prepare');
    expect((error as Error).message).toBe(
      'dvc.lock does not match dvc.yaml: stage "prepare" deps differ (in dvc.lock but not dvc.yaml: data/raw/transactions.csv; in dvc.yaml but not dvc.lock: data/raw/transactions-2026.csv).',
    );
    const extraOut = yaml.replace(
      '      - data/features/${item}.parquet',
      '      - data/features/${item}.parquet\n        - data/features/${item}.schema.json',
    );
    expect(() => parseDvcProject(extraOut, lock)).toThrow(
      /stage "featurize@train" outs differ \(in dvc.yaml but not dvc.lock: data\/features\/\$\{item\}.schema.json\)/,
    );
  });

  it('a changed command is an error naming the stage', () => {
    const changed = yaml.replace(
      'python src/prepare.py data/raw/transactions.csv data/prepared',
      'python src/prepare.py --dedupe data/raw/transactions.csv data/prepared',
    );
    expect(() => parseDvcProject(changed, lock)).toThrow(
      /stage "prepare" ran `python src\/prepare.py data\/raw\/transactions.csv data\/prepared` but dvc.yaml says/,
    );
  });

  it('reads DVC 1 locks (stages at the top level) and directory hashes', () => {
    const v1 =
      'train:\n  cmd: python train.py\n  deps:\n  - path: data\n    md5: 3863d0e317dee0a55c4e59d2ec0eef33.dir\n  outs:\n  - path: model.pkl\n    md5: 662eb7f64216d9c2c1088d0a5e2c6951\n';
    const project = parseDvcProject('stages:\n  train:\n    cmd: python train.py\n    deps: [data]\n    outs: [model.pkl]\n', v1);
    expect(project.stages[0]?.lock?.deps[0]).toMatchObject({ path: 'data', hash: '3863d0e317dee0a55c4e59d2ec0eef33', isDirectory: true });
  });
});

describe('quorum lineage ingest of a DVC project', () => {
  let t: TestCore;
  let dir: string;
  beforeEach(() => {
    t = testCore();
    dir = join(t.dir, 'fraud-dvc');
    mkdirSync(dir);
    cpSync(PROJECT, dir, { recursive: true });
  });
  afterEach(() => t.close());

  it('stages become jobs, each lock entry a completed run, deps and outs datasets with hash versions', async () => {
    const result = await t.importPaths([dir]);
    expect(result.files).toEqual([expect.objectContaining({ path: join(dir, 'dvc.lock'), format: 'dvc', accepted: 3, error: null })]);
    const jobs = await t.call('lineage.search', { query: '', kind: 'job', limit: 50 });
    expect(jobs.map((j) => j.ref).sort()).toEqual([
      'job:dvc://fraud-dvc:evaluate',
      'job:dvc://fraud-dvc:featurize@holdout',
      'job:dvc://fraud-dvc:featurize@train',
      'job:dvc://fraud-dvc:prepare',
    ]);
    const up = await t.call('lineage.graph', {
      node: 'dataset:dvc://fraud-dvc:data/features/train.parquet',
      direction: 'upstream',
      depth: 10,
    });
    const refs = up.nodes.map((n) => n.ref);
    expect(refs).toEqual(
      expect.arrayContaining([
        'dataset:dvc://fraud-dvc:data/features/train.parquet@a7767dde0b1c2d3e4f5061728394a5b6',
        'job:dvc://fraud-dvc:featurize@train',
        'dataset:dvc://fraud-dvc:data/prepared/train.parquet@2b8d4f6a0c1e3a5b7d9f1e2c4a6b8d0f',
        'job:dvc://fraud-dvc:prepare',
        'dataset:dvc://fraud-dvc:data/raw/transactions.csv@5f0c2d9a1b7e4c3d8e6f1a2b3c4d5e6f',
        'dataset:dvc://fraud-dvc:src/prepare.py@0d4ea7c1f2b3a4958675a4b3c2d1e0f9',
      ]),
    );
    // The holdout branch is not upstream of the training features.
    expect(refs.some((r) => r.includes('holdout'))).toBe(false);
    expect(up.nodes.filter((n) => n.kind === 'run').every((n) => n.run?.state === 'completed')).toBe(true);
    expect(up.edges.every((e) => e.confidence === 'observed' && e.origin === 'dvc')).toBe(true);
  });

  it('ingesting the same lock again is the same runs; a changed lock adds a run and keeps history', async () => {
    await t.importPaths([join(dir, 'dvc.lock')]);
    const before = await t.call('lineage.summary', {});
    await t.importPaths([join(dir, 'dvc.yaml')]);
    expect(await t.call('lineage.summary', {})).toEqual(before);
    writeFileSync(join(dir, 'dvc.lock'), lock.replace('5f0c2d9a1b7e4c3d8e6f1a2b3c4d5e6f', '6a1d3e0b2c8f5d4e9f7a2b3c4d5e6f70'));
    await t.importPaths([dir]);
    const raw = await t.call('lineage.node', { node: 'dataset:dvc://fraud-dvc:data/raw/transactions.csv' });
    expect(raw.versions.map((v) => v.qualifier).sort()).toEqual(['5f0c2d9a1b7e4c3d8e6f1a2b3c4d5e6f', '6a1d3e0b2c8f5d4e9f7a2b3c4d5e6f70']);
    const prepareRuns = await t.call('lineage.graph', { node: 'job:dvc://fraud-dvc:prepare', direction: 'downstream', depth: 1 });
    expect(prepareRuns.nodes.filter((n) => n.kind === 'run')).toHaveLength(2);
  });

  it('a lock that does not match its dvc.yaml fails that file, names the stage, and stores nothing from it', async () => {
    writeFileSync(join(dir, 'dvc.yaml'), yaml.replace('      - src/prepare.py\n', ''));
    const result = await t.importPaths([dir]);
    expect(result.failedFiles).toBe(1);
    expect(result.files[0]?.error).toBe(
      'dvc.lock does not match dvc.yaml: stage "prepare" deps differ (in dvc.lock but not dvc.yaml: src/prepare.py).',
    );
    expect((await t.call('lineage.summary', {})).nodes).toEqual({});
  });
});
