import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftRun } from '@shared/domain/drift';
import { dataset, loadMlflow, runEvent, testCore, type TestCore } from '../lineage/helpers';
import { numericSample, Rng } from './support/random';

/*
 * The drift page links to the lineage of the reference dataset. The engine records the
 * SHA-256 of the reference file; the drift results resolve it against the lineage graph when
 * they are read, with lineage ingested the way `quorum lineage ingest` / drag and drop do.
 */

const rng = new Rng(5);
let t: TestCore;

const versionFacet = (datasetVersion: string) => ({
  version: {
    _producer: 'https://quorum.test/producer',
    _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet',
    datasetVersion,
  },
});

function csv(name: string, mean: number): { path: string; hex: string } {
  const path = join(t.dir, name);
  writeFileSync(path, `x\n${Array.from(numericSample(rng, { n: 200, mean, decimals: 3 })).join('\n')}\n`);
  return { path, hex: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

async function ingest(outputs: unknown[], job: string): Promise<void> {
  const result = await t.call('lineage.import', {
    documents: [{ name: `${job}.json`, text: JSON.stringify(runEvent({ job, namespace: 'pipelines', outputs })) }],
  });
  expect(result).toMatchObject({ accepted: 1 });
}

async function driftRun(reference: string, current: string): Promise<DriftRun> {
  const { runId } = await t.call('drift.compute', { reference, current, model: { name: 'fraud-detector', version: 3 } });
  const runs = await t.call('drift.results', { model: 'fraud-detector', version: 3, limit: 100 });
  const run = runs.find((r) => r.id === runId);
  if (!run) throw new Error(`run ${runId} not listed`);
  return run;
}

beforeAll(() => {
  t = testCore();
  loadMlflow(t.core);
});
afterAll(() => t.close());

describe('the reference dataset in lineage', () => {
  it('links a reference whose digest is a dataset version to that version, which lineage.node resolves', async () => {
    const reference = csv('holdout-sample.csv', 0);
    const current = csv('traffic.csv', 0.2);
    await ingest([dataset('s3://lake', 'fraud/holdout_sample', versionFacet(reference.hex))], 'build_holdout_sample');
    const run = await driftRun(reference.path, current.path);
    expect(run.reproducibility.referenceDigest).toBe(`sha256:${reference.hex}`);
    expect(run.referenceLineage).toEqual({
      status: 'dataset-version',
      node: {
        ref: `dataset:s3://lake:fraud/holdout_sample@${reference.hex}`,
        label: expect.stringContaining('fraud/holdout_sample'),
        kind: 'dataset_version',
      },
      matches: 1,
    });
    const node = await t.call('lineage.node', { node: run.referenceLineage.node?.ref ?? '' });
    expect(node).toMatchObject({ node: { kind: 'dataset_version', name: 'fraud/holdout_sample' } });
  });

  it('accepts a "sha256:" prefixed version and counts every tool that recorded the same bytes', async () => {
    const reference = csv('ref-two-tools.csv', 0);
    await ingest([dataset('s3://lake', 'a/copy_one', versionFacet(`sha256:${reference.hex}`))], 'copy_one');
    await ingest([dataset('s3://lake', 'a/copy_two', versionFacet(reference.hex.toUpperCase()))], 'copy_two');
    const run = await driftRun(reference.path, csv('cur-two-tools.csv', 0).path);
    expect(run.referenceLineage).toMatchObject({
      status: 'dataset-version',
      node: { ref: `dataset:s3://lake:a/copy_one@sha256:${reference.hex}` },
      matches: 2,
    });
  });

  it('falls back to the dataset at the file’s location when no version has its digest', async () => {
    const reference = csv('located.csv', 0);
    await ingest([dataset('file', reference.path)], 'export_located');
    const run = await driftRun(reference.path, csv('cur-located.csv', 0).path);
    expect(run.referenceLineage).toEqual({
      status: 'dataset-location',
      node: { ref: `dataset:file:${reference.path}`, label: reference.path, kind: 'dataset' },
      matches: 1,
    });
  });

  it('says the reference is not in lineage, and finds it once lineage is imported after the drift run', async () => {
    const reference = csv('unknown.csv', 0);
    const run = await driftRun(reference.path, csv('cur-unknown.csv', 0).path);
    expect(run.referenceLineage).toEqual({ status: 'not-in-lineage', node: null, matches: 0 });
    await ingest([dataset('s3://lake', 'late/arrival', versionFacet(reference.hex))], 'late_arrival');
    const again = await t.call('drift.results', { model: 'fraud-detector', version: 3, limit: 100 });
    expect(again.find((r) => r.id === run.id)?.referenceLineage).toMatchObject({
      status: 'dataset-version',
      node: { ref: `dataset:s3://lake:late/arrival@${reference.hex}` },
    });
  });
});
