import type { Database } from 'better-sqlite3';
import type { Alias, Tag } from '@shared/domain/catalog';
import { QuorumError } from '../errors';
import type { ModelVersionRecord, RegisteredModelRecord, RegistrySnapshot } from './records';

export interface IngestSummary {
  experiments: number;
  runs: number;
  models: number;
  versions: number;
  changes: number;
  deleted: number;
}

interface Change {
  modelName: string;
  version: number | null;
  kind: string;
  subject: string | null;
  from: string | null;
  to: string | null;
  observedAt: number;
}

interface StoredModel {
  name: string;
  description: string;
  tags_json: string;
  aliases_json: string;
  deleted_on_server_at: number | null;
}

interface StoredVersion {
  model_name: string;
  version: number;
  stage: string;
  description: string;
  tags_json: string;
  deleted_on_server_at: number | null;
}

/**
 * Writes one look at a registry into the catalog, in one transaction, and records what
 * changed since the previous look as observed changes. Every connector and the demo
 * workspace come through here, so history is kept the same way whatever the source.
 */
export function ingestSnapshot(db: Database, connectionId: number, snapshot: RegistrySnapshot, observedAt: number): IngestSummary {
  return db.transaction(() => {
    const changes: Change[] = [];
    // What the catalog held before is only needed to compare models and versions; a look that
    // carries only runs or experiments (a connector streaming pages) skips reading it.
    const touchesRegistry = snapshot.models.length > 0 || snapshot.versions.length > 0 || snapshot.complete;
    const models = new Map(
      touchesRegistry
        ? (
            db
              .prepare(
                'SELECT name, description, tags_json, aliases_json, deleted_on_server_at FROM registered_models WHERE connection_id = ?',
              )
              .all(connectionId) as StoredModel[]
          ).map((m) => [m.name, m])
        : [],
    );
    const versions = new Map(
      touchesRegistry
        ? (
            db
              .prepare(
                'SELECT model_name, version, stage, description, tags_json, deleted_on_server_at FROM model_versions WHERE connection_id = ?',
              )
              .all(connectionId) as StoredVersion[]
          ).map((v) => [versionKey(v.model_name, v.version), v])
        : [],
    );

    const upsertExperiment = db.prepare(`
      INSERT INTO experiments (connection_id, experiment_id, name, lifecycle_stage, tags_json, created_at, last_updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (connection_id, experiment_id) DO UPDATE SET
        name = excluded.name, lifecycle_stage = excluded.lifecycle_stage, tags_json = excluded.tags_json,
        created_at = excluded.created_at, last_updated_at = excluded.last_updated_at`);
    for (const e of snapshot.experiments) {
      upsertExperiment.run(connectionId, e.experimentId, e.name, e.lifecycleStage, json(e.tags), e.createdAt, e.lastUpdatedAt);
    }

    const upsertRun = db.prepare(`
      INSERT INTO runs (connection_id, run_id, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle_stage,
                        params_json, metrics_json, tags_json, inputs_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (connection_id, run_id) DO UPDATE SET
        experiment_id = excluded.experiment_id, run_name = excluded.run_name, user_id = excluded.user_id, status = excluded.status,
        start_time = excluded.start_time, end_time = excluded.end_time, lifecycle_stage = excluded.lifecycle_stage,
        params_json = excluded.params_json, metrics_json = excluded.metrics_json, tags_json = excluded.tags_json,
        inputs_json = excluded.inputs_json`);
    for (const r of snapshot.runs) {
      upsertRun.run(
        connectionId,
        r.runId,
        r.experimentId,
        r.runName,
        r.user,
        r.status,
        r.startTime,
        r.endTime,
        r.lifecycleStage,
        json(r.params),
        json(r.metrics),
        json(r.tags),
        json(r.datasetInputs),
      );
    }

    const upsertModel = db.prepare(`
      INSERT INTO registered_models (connection_id, name, description, created_at, last_updated_at, tags_json, aliases_json, deleted_on_server_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
      ON CONFLICT (connection_id, name) DO UPDATE SET
        description = excluded.description, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at,
        tags_json = excluded.tags_json, aliases_json = excluded.aliases_json, deleted_on_server_at = NULL
      WHERE description IS NOT excluded.description OR created_at IS NOT excluded.created_at
        OR last_updated_at IS NOT excluded.last_updated_at OR tags_json IS NOT excluded.tags_json
        OR aliases_json IS NOT excluded.aliases_json OR deleted_on_server_at IS NOT NULL`);
    for (const model of snapshot.models) {
      const aliases = sortedAliases(model.aliases);
      changes.push(...modelChanges(models.get(model.name), model, aliases, observedAt));
      upsertModel.run(
        connectionId,
        model.name,
        model.description,
        model.createdAt,
        model.lastUpdatedAt,
        json(sortedTags(model.tags)),
        json(aliases),
      );
    }

    const upsertVersion = db.prepare(`
      INSERT INTO model_versions (connection_id, model_name, version, status, stage, source, run_id, user_id, description,
                                  tags_json, aliases_json, created_at, last_updated_at, deleted_on_server_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
      ON CONFLICT (connection_id, model_name, version) DO UPDATE SET
        status = excluded.status, stage = excluded.stage, source = excluded.source, run_id = excluded.run_id,
        user_id = excluded.user_id, description = excluded.description, tags_json = excluded.tags_json,
        aliases_json = excluded.aliases_json, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at,
        deleted_on_server_at = NULL
      -- A re-sync lists every version again; one that did not change is not rewritten.
      WHERE status IS NOT excluded.status OR stage IS NOT excluded.stage OR source IS NOT excluded.source
        OR run_id IS NOT excluded.run_id OR user_id IS NOT excluded.user_id OR description IS NOT excluded.description
        OR tags_json IS NOT excluded.tags_json OR aliases_json IS NOT excluded.aliases_json OR created_at IS NOT excluded.created_at
        OR last_updated_at IS NOT excluded.last_updated_at OR deleted_on_server_at IS NOT NULL`);
    const knownModels = new Set([...models.keys(), ...snapshot.models.map((m) => m.name)]);
    for (const v of snapshot.versions) {
      if (!knownModels.has(v.modelName)) {
        // A registry can list a version whose model it did not list (created between two
        // paged calls); the whole look is refused, and the transaction leaves no trace of it.
        throw new QuorumError(
          'backend',
          `The registry listed version ${v.version} of model "${v.modelName}" but not the model itself; nothing from this look was saved. Sync again.`,
          { model: v.modelName, version: v.version },
        );
      }
      changes.push(...versionChanges(versions.get(versionKey(v.modelName, v.version)), v, observedAt));
      upsertVersion.run(
        connectionId,
        v.modelName,
        v.version,
        v.status,
        v.stage,
        v.source,
        v.runId,
        v.user,
        v.description,
        json(sortedTags(v.tags)),
        json([...v.aliases].sort()),
        v.createdAt,
        v.lastUpdatedAt,
      );
    }

    let deleted = 0;
    if (snapshot.complete) deleted = markDeleted(db, connectionId, snapshot, models, versions, observedAt, changes);

    const insertChange = db.prepare(
      'INSERT INTO observed_changes (connection_id, model_name, version, kind, subject, from_value, to_value, observed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of changes) insertChange.run(connectionId, c.modelName, c.version, c.kind, c.subject, c.from, c.to, c.observedAt);

    return {
      experiments: snapshot.experiments.length,
      runs: snapshot.runs.length,
      models: snapshot.models.length,
      versions: snapshot.versions.length,
      changes: changes.length,
      deleted,
    };
  })();
}

function markDeleted(
  db: Database,
  connectionId: number,
  snapshot: RegistrySnapshot,
  models: Map<string, StoredModel>,
  versions: Map<string, StoredVersion>,
  observedAt: number,
  changes: Change[],
): number {
  const seenModels = new Set(snapshot.models.map((m) => m.name));
  const seenVersions = new Set(snapshot.versions.map((v) => versionKey(v.modelName, v.version)));
  const markModel = db.prepare('UPDATE registered_models SET deleted_on_server_at = ? WHERE connection_id = ? AND name = ?');
  const markVersion = db.prepare(
    'UPDATE model_versions SET deleted_on_server_at = ? WHERE connection_id = ? AND model_name = ? AND version = ?',
  );
  let count = 0;
  for (const [name, stored] of models) {
    if (seenModels.has(name) || stored.deleted_on_server_at !== null) continue;
    markModel.run(observedAt, connectionId, name);
    changes.push({ modelName: name, version: null, kind: 'deleted-on-server', subject: null, from: null, to: null, observedAt });
    count++;
  }
  for (const [key, stored] of versions) {
    if (seenVersions.has(key) || stored.deleted_on_server_at !== null) continue;
    markVersion.run(observedAt, connectionId, stored.model_name, stored.version);
    changes.push({
      modelName: stored.model_name,
      version: stored.version,
      kind: 'deleted-on-server',
      subject: null,
      from: null,
      to: null,
      observedAt,
    });
    count++;
  }
  return count;
}

function modelChanges(before: StoredModel | undefined, after: RegisteredModelRecord, aliases: Alias[], observedAt: number): Change[] {
  const name = after.name;
  if (!before) {
    const created: Change[] = [
      { modelName: name, version: null, kind: 'model-created', subject: null, from: null, to: null, observedAt: after.createdAt },
    ];
    for (const a of aliases)
      created.push({
        modelName: name,
        version: a.version,
        kind: 'alias-moved',
        subject: a.alias,
        from: null,
        to: String(a.version),
        observedAt,
      });
    return created;
  }
  const changes: Change[] = [];
  if (before.description !== after.description) {
    changes.push({
      modelName: name,
      version: null,
      kind: 'description-changed',
      subject: null,
      from: before.description,
      to: after.description,
      observedAt,
    });
  }
  changes.push(...tagChanges(name, null, JSON.parse(before.tags_json) as Tag[], after.tags, observedAt));
  const previous = new Map((JSON.parse(before.aliases_json) as Alias[]).map((a) => [a.alias, a.version]));
  for (const a of aliases) {
    const was = previous.get(a.alias);
    if (was !== a.version) {
      changes.push({
        modelName: name,
        version: a.version,
        kind: 'alias-moved',
        subject: a.alias,
        from: was === undefined ? null : String(was),
        to: String(a.version),
        observedAt,
      });
    }
    previous.delete(a.alias);
  }
  for (const [alias, was] of previous) {
    changes.push({ modelName: name, version: was, kind: 'alias-removed', subject: alias, from: String(was), to: null, observedAt });
  }
  return changes;
}

function versionChanges(before: StoredVersion | undefined, after: ModelVersionRecord, observedAt: number): Change[] {
  const base = { modelName: after.modelName, version: after.version };
  if (!before) return [{ ...base, kind: 'version-created', subject: null, from: null, to: null, observedAt: after.createdAt }];
  const changes: Change[] = [];
  if (before.stage !== after.stage)
    changes.push({ ...base, kind: 'stage-changed', subject: null, from: before.stage, to: after.stage, observedAt });
  if (before.description !== after.description) {
    changes.push({ ...base, kind: 'description-changed', subject: null, from: before.description, to: after.description, observedAt });
  }
  changes.push(...tagChanges(after.modelName, after.version, JSON.parse(before.tags_json) as Tag[], after.tags, observedAt));
  return changes;
}

function tagChanges(modelName: string, version: number | null, before: Tag[], after: Tag[], observedAt: number): Change[] {
  const old = new Map(before.map((t) => [t.key, t.value]));
  const changes: Change[] = [];
  for (const t of after) {
    const was = old.get(t.key);
    if (was !== t.value)
      changes.push({ modelName, version, kind: 'tag-changed', subject: t.key, from: was ?? null, to: t.value, observedAt });
    old.delete(t.key);
  }
  for (const [key, was] of old) changes.push({ modelName, version, kind: 'tag-changed', subject: key, from: was, to: null, observedAt });
  return changes;
}

const versionKey = (model: string, version: number): string => `${model}\u0000${version}`;
const json = (value: unknown): string => JSON.stringify(value);
const sortedTags = (tags: Tag[]): Tag[] => [...tags].sort((a, b) => a.key.localeCompare(b.key));
const sortedAliases = (aliases: Alias[]): Alias[] => [...aliases].sort((a, b) => a.alias.localeCompare(b.alias));
