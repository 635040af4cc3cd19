import type { Database } from 'better-sqlite3';
import type { DriftOverviewItem } from '@shared/contract/drift.contract';
import { listRuns } from './store';

export interface OverviewInput {
  aliases: readonly string[];
  registryStages: readonly string[];
  windows: number;
}

/**
 * Every deployed model version — one holding a governed alias, or in a governed registry
 * stage — with its newest stored drift result and the dataset drift share of its last
 * windows (oldest first), for the Drift section's one-row-per-model status.
 */
export function driftOverview(db: Database, input: OverviewInput): DriftOverviewItem[] {
  const models = db
    .prepare(
      `SELECT c.name AS connection, m.name AS model, m.aliases_json AS aliases FROM registered_models m
       JOIN connections c ON c.id = m.connection_id
       WHERE m.deleted_on_server_at IS NULL ORDER BY m.name, c.name`,
    )
    .all() as { connection: string; model: string; aliases: string }[];
  const staged = db.prepare(
    `SELECT v.version, v.stage FROM model_versions v JOIN connections c ON c.id = v.connection_id
     WHERE c.name = ? AND v.model_name = ? AND v.deleted_on_server_at IS NULL ORDER BY v.version DESC`,
  );
  const items: DriftOverviewItem[] = [];
  for (const row of models) {
    const byVersion = new Map<number, DriftOverviewItem['deployedAs']>();
    const add = (version: number, entry: DriftOverviewItem['deployedAs'][number]) =>
      byVersion.set(version, [...(byVersion.get(version) ?? []), entry]);
    for (const held of JSON.parse(row.aliases) as { alias: string; version: number }[]) {
      if (input.aliases.includes(held.alias)) add(held.version, { kind: 'alias', name: held.alias });
    }
    if (input.registryStages.length > 0) {
      for (const v of staged.all(row.connection, row.model) as { version: number; stage: string }[]) {
        if (input.registryStages.includes(v.stage)) add(v.version, { kind: 'stage', name: v.stage });
      }
    }
    for (const [version, deployedAs] of [...byVersion].sort((a, b) => b[0] - a[0])) {
      const runs = listRuns(db, { model: row.model, version, connection: row.connection, limit: input.windows });
      items.push({
        connection: row.connection,
        model: row.model,
        version,
        deployedAs,
        latest: runs[0] ?? null,
        trend: runs
          .map((r) => ({
            windowStart: r.windowStart,
            windowEnd: r.windowEnd,
            driftShare: r.driftShare,
            datasetDrift: r.datasetDrift,
            driftedFeatures: r.driftedFeatures,
            testedFeatures: r.testedFeatures,
          }))
          .reverse(),
      });
    }
  }
  return items;
}
