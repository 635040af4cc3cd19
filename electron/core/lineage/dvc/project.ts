import { posix } from 'node:path';
import { locationOfDataset } from '../graph/locations';
import type { GraphStore } from '../graph/store';
import type { DvcEntry, DvcProject } from './parse';

export const DVC = 'dvc';

export interface DvcContext {
  /** Names the project in node namespaces (dvc://NAME); the folder name unless configured. */
  projectName: string;
  /** Absolute folder of dvc.yaml, for dataset locations (file://…) that identity rules match. */
  projectDir: string | null;
  /** When the lock was written (its modification time): when these runs happened, as far as we know. */
  at: number;
  sourceRef: string;
}

/**
 * Stages become jobs; each distinct lock entry of a stage becomes one completed run (the same
 * entry ingested again is the same run); deps and outs become datasets with their content hash
 * as the version.
 */
export function projectDvc(g: GraphStore, project: DvcProject, ctx: DvcContext): { jobs: number; runs: number; datasets: number } {
  const namespace = `dvc://${ctx.projectName}`;
  const datasets = new Set<string>();
  let runs = 0;
  for (const stage of project.stages) {
    const jobId = g.node({ kind: 'job', namespace, name: stage.name }, DVC, ctx.at);
    g.mergeFacets(jobId, { dvc: { cmd: stage.cmd, wdir: stage.wdir } }, ctx.at);
    if (!stage.lock) continue;
    const runName = `${ctx.projectName}:${stage.name}:${stage.lock.entryHash.slice(0, 16)}`;
    const runId = g.node({ kind: 'run', namespace, name: runName }, DVC, ctx.at);
    g.setRun(runId, runName, jobId, DVC, 'completed', ctx.at, ctx.at);
    g.mergeFacets(runId, { dvc: { cmd: stage.cmd, params: stage.lock.params, lock: ctx.sourceRef } }, ctx.at);
    g.edge({ from: jobId, to: runId, kind: 'executes', confidence: 'observed', origin: DVC, sourceRef: ctx.sourceRef, validFrom: ctx.at });
    runs++;
    for (const dep of stage.lock.deps) {
      const from = datasetVersion(g, namespace, dep, ctx);
      datasets.add(dep.path);
      g.edge({
        from,
        to: runId,
        kind: 'input',
        confidence: 'observed',
        origin: DVC,
        sourceRef: ctx.sourceRef,
        validFrom: ctx.at,
        details: entryDetails(dep, ctx.at),
      });
    }
    for (const out of stage.lock.outs) {
      const to = datasetVersion(g, namespace, out, ctx);
      datasets.add(out.path);
      g.edge({
        from: runId,
        to,
        kind: 'output',
        confidence: 'observed',
        origin: DVC,
        sourceRef: ctx.sourceRef,
        validFrom: ctx.at,
        details: entryDetails(out, ctx.at),
      });
    }
  }
  return { jobs: project.stages.length, runs, datasets: datasets.size };
}

function datasetVersion(g: GraphStore, namespace: string, entry: DvcEntry, ctx: DvcContext): number {
  const location = ctx.projectDir ? locationOfDataset('file', posix.join(ctx.projectDir.replace(/\\/g, '/'), entry.path)) : null;
  const datasetId = g.node({ kind: 'dataset', namespace, name: entry.path }, DVC, ctx.at, location);
  if (!entry.hash) return datasetId;
  const versionId = g.node({ kind: 'dataset_version', namespace, name: entry.path, qualifier: entry.hash }, DVC, ctx.at);
  g.mergeFacets(
    versionId,
    { dvc: { hashKind: entry.hashKind, directory: entry.isDirectory, size: entry.size, files: entry.files } },
    ctx.at,
  );
  g.edge({
    from: versionId,
    to: datasetId,
    kind: 'version_of',
    confidence: 'observed',
    origin: DVC,
    sourceRef: ctx.sourceRef,
    validFrom: ctx.at,
  });
  return versionId;
}

function entryDetails(entry: DvcEntry, at: number): Record<string, unknown> {
  return { at, hash: entry.hash, hashKind: entry.hashKind, size: entry.size, files: entry.files };
}
