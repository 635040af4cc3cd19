import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureConnection, recordSyncResult } from '../catalog/connections';
import { ingestSnapshot } from '../catalog/ingest';
import type { CoreServices } from '../services';
import { startDemoDrift } from './load-drift';
import { startDemoGovernance } from './load-governance';
import { lineageContext } from '../lineage/context';
import { importLineage } from '../lineage/import';
import { RegistryStore } from '../registry/store';
import { readRecordedMetricHistories, readRecordedRegistry } from './recorded-registry';

export const DEMO_CONNECTION = 'northwind-mlflow';

/**
 * Loads the bundled Northwind Financial workspace. The registry is replayed look by look
 * (resources/demo/registry/<n>-<label>/, oldest first), so the catalog records what changed
 * between looks exactly as it would between two syncs of a live server.
 */
export function loadDemo(services: CoreServices): { connection: string; models: number; versions: number; runs: number } {
  const registryRoot = join(services.resourcesDir, 'demo', 'registry');
  const looks = existsSync(registryRoot)
    ? readdirSync(registryRoot, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const jobId = `demo-load-${services.now()}`;
  const progress = (done: number, state: 'running' | 'done') =>
    services.events.emit('job.progress', {
      jobId,
      kind: 'demo-load',
      label: 'Loading the demo workspace',
      done,
      total: looks.length,
      state,
      message: null,
    });

  const { db } = services.store;
  const connection = ensureConnection(
    db,
    { name: DEMO_CONNECTION, kind: 'recording', url: 'demo://northwind-financial/mlflow' },
    services.now(),
  );
  let last = { models: 0, versions: 0, runs: 0 };
  progress(0, 'running');
  looks.forEach((look, index) => {
    const snapshot = readRecordedRegistry(join(registryRoot, look));
    const lookedAt = lookTime(snapshot) ?? services.now();
    last = ingestSnapshot(db, connection.id, snapshot, lookedAt);
    progress(index + 1, index + 1 === looks.length ? 'done' : 'running');
  });
  // Curves are cached the way the live connector caches those of finished runs, so charts work offline.
  const latest = looks.at(-1);
  const histories = latest ? readRecordedMetricHistories(join(registryRoot, latest)) : [];
  const registryStore = new RegistryStore(db);
  db.transaction(() => {
    for (const history of histories) registryStore.cacheHistory(connection.id, history.runId, history.key, history.points, services.now());
  })();
  recordSyncResult(db, connection.id, {
    at: services.now(),
    status: 'ok',
    message: `Replayed ${looks.length} recorded looks of the demo registry.`,
  });
  services.events.emit('data.changed', { topics: ['catalog', 'connections', 'workspace', 'lineage'] });
  // The pipelines that produced the training data: OpenLineage events and a DVC project, joined
  // to the registry's dataset digests by the lineage identity rules, before governance reads them as evidence.
  const lineageRoot = join(services.resourcesDir, 'demo');
  importLineage(lineageContext(services), {
    paths: [join(lineageRoot, 'lineage', 'events.jsonl'), join(lineageRoot, 'dvc')].filter((path) => existsSync(path)),
    documents: [],
  });
  // Governance acts refer to the versions the looks registered, so they are replayed after them.
  startDemoGovernance(services);
  startDemoDrift(services);
  return { connection: DEMO_CONNECTION, models: last.models, versions: last.versions, runs: last.runs };
}

/** A recorded look happened when its newest entity was last updated. */
function lookTime(snapshot: ReturnType<typeof readRecordedRegistry>): number | null {
  const times = [...snapshot.models.map((m) => m.lastUpdatedAt), ...snapshot.versions.map((v) => v.lastUpdatedAt)];
  return times.length > 0 ? Math.max(...times) : null;
}
