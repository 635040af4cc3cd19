import type { Recording } from './recordings';

/**
 * The registry an MLflow double serves, held in MLflow's own JSON shapes. It starts as the
 * union of every entity the recordings contain (or, in scale mode, copies of recorded
 * entities), and changes through the same operations a server offers, so a test can make
 * "what happened between two syncs" happen.
 */
export interface WireTag {
  key: string;
  value: string;
}

export interface WireMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface WireExperiment {
  experiment_id: string;
  name: string;
  lifecycle_stage: string;
  last_update_time?: number;
  creation_time?: number;
  tags?: WireTag[];
  [key: string]: unknown;
}

export interface WireRun {
  info: {
    run_id: string;
    run_uuid?: string;
    experiment_id: string;
    run_name?: string;
    status: string;
    start_time?: number;
    end_time?: number;
    lifecycle_stage: string;
    [key: string]: unknown;
  };
  data: { metrics?: WireMetric[]; params?: WireTag[]; tags?: WireTag[] };
  inputs?: { dataset_inputs?: { tags?: WireTag[]; dataset: Record<string, unknown> }[] };
  [key: string]: unknown;
}

/** A registered model without `latest_versions` and `aliases`, which are derived when serving. */
export interface WireModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  tags?: WireTag[];
  [key: string]: unknown;
}

/** A model version without `aliases`, which are derived from the model's. */
export interface WireVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  description?: string;
  source?: string;
  run_id?: string;
  status: string;
  tags?: WireTag[];
  [key: string]: unknown;
}

export interface ScaleSpec {
  readonly models: number;
  readonly versionsPerModel: number;
  readonly runs: number;
  readonly experiments?: number;
}

/** The throw-away model of the recorded write scenario; it was deleted at the end of the capture. */
export const SCRATCH_MODEL = 'quorum-capture-scratch';

export const versionKey = (name: string, version: string | number): string => `${name}\u0000${version}`;
const historyKey = (runId: string, key: string): string => `${runId}\u0000${key}`;

export class RegistryState {
  readonly experiments = new Map<string, WireExperiment>();
  readonly runs = new Map<string, WireRun>();
  readonly models = new Map<string, WireModel>();
  /** model → alias → version number. */
  readonly aliases = new Map<string, Map<string, number>>();
  readonly versions = new Map<string, WireVersion>();
  readonly histories = new Map<string, WireMetric[]>();
  /** Bumped on every change, so sorted views can be cached. */
  generation = 0;

  constructor(private readonly now: () => number = Date.now) {}

  // ---- building -------------------------------------------------------------------------

  /** Every experiment, run, model, version and metric curve the recording contains. */
  static fromRecording(recording: Recording, now?: () => number): RegistryState {
    const state = new RegistryState(now);
    for (const exchange of recording.exchanges) {
      if (exchange.response.status !== 200 || exchange.file.startsWith('scratch-')) continue;
      const body = exchange.response.body as Record<string, unknown> | null;
      if (typeof body !== 'object' || body === null) continue;
      for (const e of (body.experiments as WireExperiment[] | undefined) ?? []) state.experiments.set(e.experiment_id, structuredClone(e));
      if (body.experiment) state.addExperiment(body.experiment as WireExperiment);
      for (const r of (body.runs as WireRun[] | undefined) ?? []) state.addRun(r);
      if (body.run) state.addRun(body.run as WireRun);
      for (const m of (body.registered_models as (WireModel & { latest_versions?: WireVersion[] })[] | undefined) ?? []) {
        state.addModel(m);
        for (const v of m.latest_versions ?? []) state.addVersion(v);
      }
      if (body.registered_model) {
        const m = body.registered_model as WireModel & { latest_versions?: WireVersion[] };
        state.addModel(m);
        for (const v of m.latest_versions ?? []) state.addVersion(v);
      }
      for (const v of (body.model_versions as WireVersion[] | undefined) ?? []) state.addVersion(v);
      if (body.model_version) state.addVersion(body.model_version as WireVersion);
    }
    // The longest recorded curve of each metric (2.17.2 answers everything at once; 3.x pages).
    for (const exchange of recording.exchanges) {
      const metrics = (exchange.response.body as { metrics?: WireMetric[] } | null)?.metrics;
      if (!exchange.request.path.endsWith('metrics/get-history') || !metrics || metrics.length === 0) continue;
      const runId = exchange.request.query.run_id ?? '';
      const key = historyKey(runId, metrics[0]?.key ?? '');
      if ((state.histories.get(key)?.length ?? 0) < metrics.length) state.histories.set(key, structuredClone(metrics));
    }
    state.generation++;
    return state;
  }

  /**
   * A registry of the given size made of copies of recorded entities (one experiment, run,
   * model and version as templates), with ids, names and timestamps varied so every entity is
   * distinct and every version links to a run. For the benchmark.
   */
  static scaled(recording: Recording, scale: ScaleSpec, now?: () => number): RegistryState {
    const state = new RegistryState(now);
    const experimentTemplate = recording.body<{ experiment: WireExperiment }>('experiments-get').experiment;
    const runTemplate = recording.body<{ run: WireRun }>('runs-get-finished').run;
    delete runTemplate.outputs;
    const modelTemplate = recording.body<{ registered_model: WireModel & { latest_versions?: unknown; aliases?: unknown } }>(
      'registered-models-get',
    ).registered_model;
    delete modelTemplate.latest_versions;
    delete modelTemplate.aliases;
    const versionTemplate = recording.body<{ model_version: WireVersion & { aliases?: unknown } }>('model-versions-get').model_version;
    delete versionTemplate.aliases;

    const experiments = scale.experiments ?? 20;
    const base = runTemplate.info.start_time ?? 1_790_000_000_000;
    for (let e = 1; e <= experiments; e++) {
      state.experiments.set(String(e), {
        ...structuredClone(experimentTemplate),
        experiment_id: String(e),
        name: `${experimentTemplate.name}-${e}`,
        artifact_location: `mlflow-artifacts:/${e}`,
      });
    }
    const runIds: string[] = [];
    for (let i = 0; i < scale.runs; i++) {
      const runId = hexId(i);
      runIds.push(runId);
      const run = structuredClone(runTemplate);
      const start = base + i * 60_000;
      run.info = {
        ...run.info,
        run_id: runId,
        run_uuid: runId,
        experiment_id: String((i % experiments) + 1),
        run_name: `${run.info.run_name ?? 'run'}-${i}`,
        start_time: start,
        end_time: start + 30_000,
        artifact_uri: `mlflow-artifacts:/${(i % experiments) + 1}/${runId}/artifacts`,
      };
      for (const tag of run.data.tags ?? []) {
        if (tag.key === 'mlflow.runName') tag.value = run.info.run_name ?? tag.value;
        if (tag.key === 'mlflow.source.git.commit') tag.value = hexId(i + 7_000_000, 40);
      }
      for (const metric of run.data.metrics ?? []) metric.value = Math.round((metric.value + (i % 97) / 10_000) * 10_000) / 10_000;
      for (const input of run.inputs?.dataset_inputs ?? []) input.dataset.digest = hexId(i + 9_000_000, 8);
      state.runs.set(runId, run);
    }
    const stages = ['Archived', 'Staging', 'Production', 'None'];
    let n = 0;
    for (let m = 0; m < scale.models; m++) {
      const name = `${modelTemplate.name}-${String(m).padStart(5, '0')}`;
      const created = base + m * 1_000;
      state.models.set(name, {
        ...structuredClone(modelTemplate),
        name,
        creation_timestamp: created,
        last_updated_timestamp: created + 500,
      });
      for (let v = 1; v <= scale.versionsPerModel; v++, n++) {
        const runId = runIds.length > 0 ? (runIds[n % runIds.length] as string) : undefined;
        state.versions.set(versionKey(name, v), {
          ...structuredClone(versionTemplate),
          name,
          version: String(v),
          creation_timestamp: created + v * 10,
          last_updated_timestamp: created + v * 10 + 5,
          current_stage: stages[v % stages.length] as string,
          ...(runId ? { run_id: runId, source: `runs:/${runId}/model` } : {}),
        });
      }
      const aliases = new Map<string, number>();
      if (scale.versionsPerModel >= 1) aliases.set('champion', scale.versionsPerModel);
      if (scale.versionsPerModel >= 2) aliases.set('challenger', scale.versionsPerModel - 1);
      state.aliases.set(name, aliases);
    }
    state.generation++;
    return state;
  }

  addExperiment(experiment: WireExperiment): void {
    this.experiments.set(experiment.experiment_id, structuredClone(experiment));
    this.generation++;
  }

  addRun(run: WireRun): void {
    const copy = structuredClone(run);
    // runs/get on 3.x adds an empty `outputs`; the double adds it back when serving runs/get.
    delete copy.outputs;
    this.runs.set(copy.info.run_id, copy);
    this.generation++;
  }

  addModel(model: WireModel & { latest_versions?: unknown; aliases?: { alias: string; version: string }[] }): void {
    const { latest_versions: _latest, aliases, ...base } = structuredClone(model);
    this.models.set(base.name, base);
    if (aliases) this.aliases.set(base.name, new Map(aliases.map((a) => [a.alias, Number(a.version)])));
    else if (!this.aliases.has(base.name)) this.aliases.set(base.name, new Map());
    this.generation++;
  }

  addVersion(version: WireVersion & { aliases?: unknown }): void {
    const { aliases: _aliases, ...copy } = structuredClone(version);
    this.versions.set(versionKey(copy.name, copy.version), copy);
    this.generation++;
  }

  // ---- reading ---------------------------------------------------------------------------

  modelVersions(name: string): WireVersion[] {
    return [...this.versions.values()].filter((v) => v.name === name);
  }

  aliasesOf(model: string): { alias: string; version: string }[] {
    return [...(this.aliases.get(model) ?? new Map<string, number>()).entries()]
      .map(([alias, version]) => ({ alias, version: String(version) }))
      .sort((a, b) => a.alias.localeCompare(b.alias));
  }

  aliasesOfVersion(model: string, version: string | number): string[] {
    return this.aliasesOf(model)
      .filter((a) => a.version === String(version))
      .map((a) => a.alias);
  }

  history(runId: string, key: string): WireMetric[] | null {
    const recorded = this.histories.get(historyKey(runId, key));
    if (recorded) return recorded;
    // Without a recorded curve, a real server would at least hold the last value the run shows.
    const latest = this.runs.get(runId)?.data.metrics?.find((m) => m.key === key);
    return latest ? [latest] : null;
  }

  // ---- changing (what a server would do) -------------------------------------------------

  setVersionTag(model: string, version: string | number, key: string, value: string): void {
    const v = this.requireVersion(model, version);
    const tags = (v.tags ??= []);
    const existing = tags.find((t) => t.key === key);
    if (existing) existing.value = value;
    else tags.push({ key, value });
    this.generation++;
  }

  deleteVersionTag(model: string, version: string | number, key: string): void {
    const v = this.requireVersion(model, version);
    v.tags = (v.tags ?? []).filter((t) => t.key !== key);
    if (v.tags.length === 0) delete v.tags;
    this.generation++;
  }

  setModelTag(model: string, key: string, value: string): void {
    const m = this.requireModel(model);
    const tags = (m.tags ??= []);
    const existing = tags.find((t) => t.key === key);
    if (existing) existing.value = value;
    else tags.push({ key, value });
    this.generation++;
  }

  /** Sets or moves an alias; like MLflow, the model's last_updated_timestamp does not change. */
  setAlias(model: string, alias: string, version: number): void {
    this.requireModel(model);
    let aliases = this.aliases.get(model);
    if (!aliases) this.aliases.set(model, (aliases = new Map()));
    aliases.set(alias, version);
    this.generation++;
  }

  deleteAlias(model: string, alias: string): void {
    this.aliases.get(model)?.delete(alias);
    this.generation++;
  }

  /** transition-stage: bumps the version's last_updated_timestamp, as recorded. */
  setStage(model: string, version: number, stage: string): void {
    const v = this.requireVersion(model, version);
    v.current_stage = stage;
    v.last_updated_timestamp = this.now();
    this.generation++;
  }

  setModelDescription(model: string, description: string): void {
    const m = this.requireModel(model);
    m.description = description;
    m.last_updated_timestamp = this.now();
    this.generation++;
  }

  /** Deletes a version; its aliases stay dangling and the model's timestamp moves, as recorded. */
  deleteVersion(model: string, version: number): void {
    this.versions.delete(versionKey(model, version));
    this.requireModel(model).last_updated_timestamp = this.now();
    this.generation++;
  }

  deleteModel(model: string): void {
    this.models.delete(model);
    this.aliases.delete(model);
    for (const v of this.modelVersions(model)) this.versions.delete(versionKey(v.name, v.version));
    this.generation++;
  }

  /** A run removed for good (garbage-collected): runs/get answers 404 and searches omit it. */
  deleteRun(runId: string): void {
    this.runs.delete(runId);
    this.generation++;
  }

  /** A new version made from an existing one (a recorded entity), like `model-versions/create` would. */
  createVersion(model: string, from: WireVersion, changes: Partial<WireVersion> = {}): WireVersion {
    const next = Math.max(0, ...this.modelVersions(model).map((v) => Number(v.version))) + 1;
    const at = this.now();
    const version: WireVersion = {
      ...structuredClone(from),
      name: model,
      version: String(next),
      creation_timestamp: at,
      last_updated_timestamp: at,
      current_stage: 'None',
      ...changes,
    };
    this.versions.set(versionKey(model, next), version);
    this.requireModel(model).last_updated_timestamp = at;
    this.generation++;
    return version;
  }

  hasVersion(model: string, version: string | number): boolean {
    return this.versions.has(versionKey(model, version));
  }

  private requireVersion(model: string, version: string | number): WireVersion {
    const found = this.versions.get(versionKey(model, version));
    if (!found) throw new Error(`no version ${model} v${version}`);
    return found;
  }

  private requireModel(model: string): WireModel {
    const found = this.models.get(model);
    if (!found) throw new Error(`no model ${model}`);
    return found;
  }
}

/** A deterministic, unique hex id (run ids are 32 hex characters in MLflow): the number, then hashed filler. */
export function hexId(n: number, length = 32): string {
  let out = n.toString(16).padStart(8, '0');
  let x = n | 0;
  while (out.length < length) {
    x = Math.imul(x ^ 0x5bd1e995, 0x27d4eb2d) + 0x165667b1;
    out += (x >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
