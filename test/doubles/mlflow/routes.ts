import type { Exchange, Recording } from './recordings';
import { compare, page, pageToken, parseFilter, readPageToken, type Clause } from './search';
import { SCRATCH_MODEL, type RegistryState, type WireExperiment, type WireModel, type WireRun, type WireVersion } from './state';

/** What the double answers: status, content type, and a JSON value or raw text. */
export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
  /** `generated` from the state, or `replayed` verbatim from a recorded exchange. */
  readonly source: 'generated' | 'replayed' | 'fault';
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ParsedRequest {
  readonly method: string;
  /** The path after /api/2.0/mlflow/ for API calls, or the full path (/version). */
  readonly endpoint: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** JSON body (malformed JSON reads as {}, as MLflow does), or null when none was sent. */
  readonly body: Record<string, unknown> | null;
  readonly rawBody: string;
  readonly contentType: string | null;
}

const JSON_TYPE = 'application/json';

/**
 * MLflow's REST endpoints over a RegistryState, answering in the recorded shapes: empty lists
 * left out, page tokens as base64 offsets, errors as `{error_code, message}` with the
 * recorded wording (the recorded message with this request's values put in), HTML for paths
 * the server lacks. Requests the generator does not cover are replayed from an exactly
 * matching recording, or refused with a clear 501.
 */
export class MlflowRoutes {
  private sortedRuns: { generation: number; runs: WireRun[] } | null = null;
  private sortedVersions: { generation: number; versions: WireVersion[] } | null = null;
  private readonly features: {
    webhooks: boolean;
    loggedModels: boolean;
    metricsPaging: boolean;
    runOutputs: boolean;
    latestAliases: boolean;
  };

  constructor(
    private readonly recording: Recording,
    private readonly state: RegistryState,
  ) {
    this.features = {
      webhooks: recording.get('webhooks-list').response.status === 200,
      loggedModels: recording.get('logged-models-search').response.status === 200,
      metricsPaging: recording.has('metrics-get-history-page2'),
      runOutputs: 'outputs' in (recording.body<{ run: object }>('runs-get-finished').run ?? {}),
      latestAliases: recording
        .body<{ model_versions: { aliases?: unknown }[] }>('registered-models-get-latest-versions')
        .model_versions.some((v) => v.aliases !== undefined),
    };
  }

  handle(req: ParsedRequest): Answer {
    if (req.method !== 'GET' && req.rawBody !== '' && req.contentType?.split(';')[0]?.trim() !== JSON_TYPE) {
      return this.recordedError('invalid-content-type-text-plain');
    }
    const route = ROUTES[`${req.method} ${req.endpoint}`];
    if (route) return route.call(this, req);
    if (Object.keys(ROUTES).some((k) => k.endsWith(` ${req.endpoint}`))) return this.recordedAnswer('invalid-method-get-on-post-endpoint');
    // Endpoints the double does not model (creating models, say) answer as recorded when the request matches.
    const replayed = this.replay(req);
    return replayed && replayed.status !== 404 ? replayed : this.recordedAnswer('unknown-endpoint');
  }

  // ---- plain endpoints --------------------------------------------------------------------

  version(): Answer {
    return this.recordedAnswer('version');
  }

  health(): Answer {
    return this.recordedAnswer('health');
  }

  webhooks(): Answer {
    return this.recordedAnswer('webhooks-list');
  }

  loggedModels(req: ParsedRequest): Answer {
    if (!this.features.loggedModels) return this.recordedAnswer('logged-models-search');
    const body = req.body ?? {};
    if (!Array.isArray(body.experiment_ids)) return this.recordedAnswer('logged-models-search');
    return json({});
  }

  // ---- experiments ------------------------------------------------------------------------

  searchExperimentsPost(req: ParsedRequest): Answer {
    const body = req.body ?? {};
    if (body.filter !== undefined || body.order_by !== undefined) return this.replay(req) ?? unsupported('experiments/search with filter');
    // An empty body is max_results 0 to MLflow (recorded: invalid-malformed-json).
    const max = intParam(body.max_results, 0);
    if (max === null || max <= 0) return this.recordedError('invalid-malformed-json');
    if (max > 50_000) return this.recordedError('invalid-max-results-experiments-search');
    const offset = readPageToken(stringParam(body.page_token));
    if (offset === null) return this.recordedError('invalid-page-token-runs-search');
    const all = [...this.state.experiments.values()]
      .filter((e) => e.lifecycle_stage === 'active')
      .sort((a, b) => (b.last_update_time ?? 0) - (a.last_update_time ?? 0) || Number(b.experiment_id) - Number(a.experiment_id));
    const { items, next } = page(all, offset, max);
    return json(compact({ experiments: items, next_page_token: next }));
  }

  searchExperimentsGet(req: ParsedRequest): Answer {
    return this.replay(req) ?? unsupported('GET experiments/search');
  }

  getExperiment(req: ParsedRequest): Answer {
    const id = req.query.experiment_id;
    if (id === undefined) return this.recordedError('invalid-missing-param-experiments-get');
    const found = this.state.experiments.get(id);
    if (!found)
      return this.templatedError('experiments-get-unknown', { [this.recordedQuery('experiments-get-unknown', 'experiment_id')]: id });
    return json({ experiment: found });
  }

  getExperimentByName(req: ParsedRequest): Answer {
    const name = req.query.experiment_name ?? '';
    const found = [...this.state.experiments.values()].find((e) => e.name === name);
    if (!found) {
      return this.templatedError('experiments-get-by-name-miss', {
        [this.recordedQuery('experiments-get-by-name-miss', 'experiment_name')]: name,
      });
    }
    return json({ experiment: found });
  }

  // ---- runs -------------------------------------------------------------------------------

  searchRuns(req: ParsedRequest): Answer {
    const body = req.body ?? {};
    if (body.order_by !== undefined) return this.replay(req) ?? unsupported('runs/search with order_by');
    const max = intParam(body.max_results, 1000);
    if (max === null || max <= 0 || max > 50_000) return this.recordedError('invalid-max-results-runs-search');
    const offset = readPageToken(stringParam(body.page_token));
    if (offset === null) return this.recordedError('invalid-page-token-runs-search');
    const clauses = parseFilter(stringParam(body.filter));
    if (clauses === null || clauses.some((c) => !RUN_KEYS.has(`${c.entity}.${c.key}`) && c.entity === 'attribute')) {
      return this.recordedError('invalid-filter-runs-search');
    }
    const experimentIds = new Set(Array.isArray(body.experiment_ids) ? body.experiment_ids.map(String) : []);
    if (experimentIds.size === 0) return json({});
    const matching = this.runsByStart().filter(
      (r) => experimentIds.has(r.info.experiment_id) && r.info.lifecycle_stage === 'active' && clauses.every((c) => runMatches(r, c)),
    );
    const { items, next } = page(matching, offset, max);
    return json(compact({ runs: items, next_page_token: next }));
  }

  getRun(req: ParsedRequest): Answer {
    const runId = req.query.run_id ?? req.query.run_uuid;
    const found = runId ? this.state.runs.get(runId) : undefined;
    if (!found) return this.templatedError('runs-get-unknown', { [this.recordedQuery('runs-get-unknown', 'run_id')]: runId ?? '' });
    return json({ run: this.features.runOutputs ? { ...found, outputs: {} } : found });
  }

  metricHistory(req: ParsedRequest): Answer {
    const runId = req.query.run_id ?? '';
    const key = req.query.metric_key ?? '';
    const history = this.state.history(runId, key) ?? [];
    if (!this.features.metricsPaging || history.length === 0) return json(compact({ metrics: history }));
    // 3.x: without max_results it answers a token and no metrics, and that token is refused
    // (recorded: metrics-get-history, metrics-get-history-follow-token; mlflow/mlflow#23916).
    if (req.query.max_results === undefined) {
      if (req.query.page_token !== undefined) return this.recordedError('metrics-get-history-follow-token');
      return json({ next_page_token: pageToken(0) });
    }
    const max = intParam(req.query.max_results, 0);
    const offset = readPageToken(req.query.page_token);
    if (max === null || max <= 0) return this.recordedError('invalid-max-results-not-a-number');
    if (offset === null) return this.recordedError('metrics-get-history-follow-token');
    const { items, next } = page(history, offset, max);
    return json(compact({ metrics: items, next_page_token: next }));
  }

  // ---- registered models ------------------------------------------------------------------

  searchRegisteredModels(req: ParsedRequest): Answer {
    if (req.query.order_by !== undefined) return this.replay(req) ?? unsupported('registered-models/search with order_by');
    const max = intParam(req.query.max_results, 100);
    if (max === null) return this.recordedError('invalid-max-results-not-a-number');
    if (max <= 0 || max > 1000) return this.recordedError('invalid-max-results-registered-models-search');
    const offset = readPageToken(req.query.page_token);
    if (offset === null) return this.recordedError('invalid-page-token-registered-models-search');
    const clauses = parseFilter(req.query.filter);
    if (clauses === null || clauses.some((c) => c.entity === 'attribute' && c.key !== 'name')) {
      return this.recordedError('invalid-filter-registered-models-search');
    }
    const matching = [...this.state.models.values()]
      .filter((m) => m.name !== SCRATCH_MODEL || this.state.models.has(SCRATCH_MODEL))
      .filter((m) =>
        clauses.every((c) =>
          c.entity === 'tag' ? compare(m.tags?.find((t) => t.key === c.key)?.value, c.op, c.value) : compare(m.name, c.op, c.value),
        ),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, next } = page(matching, offset, max);
    return json(compact({ registered_models: items.map((m) => this.modelJson(m)), next_page_token: next }));
  }

  getRegisteredModel(req: ParsedRequest): Answer {
    const name = req.query.name ?? '';
    const found = this.state.models.get(name);
    if (!found)
      return this.templatedError('registered-models-get-unknown', { [this.recordedQuery('registered-models-get-unknown', 'name')]: name });
    return json({ registered_model: this.modelJson(found) });
  }

  latestVersions(req: ParsedRequest): Answer {
    const body = req.body ?? {};
    const name = stringParam(body.name) ?? '';
    if (!this.state.models.has(name)) {
      return this.templatedError('registered-models-get-unknown', { [this.recordedQuery('registered-models-get-unknown', 'name')]: name });
    }
    const stages = Array.isArray(body.stages) ? new Set(body.stages.map(String)) : null;
    const latest = this.latestPerStage(name).filter((v) => stages === null || stages.has(v.current_stage));
    return json(compact({ model_versions: latest.map((v) => (this.features.latestAliases ? this.versionJson(v, true) : v)) }));
  }

  getAlias(req: ParsedRequest): Answer {
    const name = req.query.name ?? '';
    const alias = req.query.alias ?? '';
    const version = this.state.aliases.get(name)?.get(alias);
    if (version === undefined) {
      return this.templatedError('registered-models-alias-get-unknown-alias', {
        [this.recordedQuery('registered-models-alias-get-unknown-alias', 'alias')]: alias,
      });
    }
    const found = this.state.versions.get(`${name}\u0000${version}`);
    if (!found) return this.versionNotFound(name, String(version), 'scratch-registered-models-alias-get-dangling');
    return json({ model_version: this.versionJson(found, true) });
  }

  setAlias(req: ParsedRequest): Answer {
    const body = req.body ?? {};
    const name = stringParam(body.name);
    const alias = stringParam(body.alias);
    const version = stringParam(body.version);
    if (!name) return missing('name');
    if (!alias) return missing('alias');
    if (!version) return missing('version');
    if (alias.toLowerCase() === 'latest') return this.recordedError('scratch-registered-models-alias-set-reserved-name');
    if (!/^[A-Za-z0-9_-]+$/.test(alias)) {
      return this.templatedError('scratch-registered-models-alias-set-invalid-name', {
        [stringParam(this.recording.get('scratch-registered-models-alias-set-invalid-name').request.body, 'alias') ?? '']: alias,
      });
    }
    if (!this.state.hasVersion(name, version))
      return this.versionNotFound(name, version, 'scratch-registered-models-alias-set-unknown-version');
    this.state.setAlias(name, alias, Number(version));
    return json({});
  }

  deleteAlias(req: ParsedRequest): Answer {
    const body = req.body ?? {};
    const name = stringParam(body.name);
    const alias = stringParam(body.alias);
    if (!name) return missing('name');
    if (!alias) return missing('alias');
    // Deleting an alias that is not there answers 200 {} (recorded: -delete-absent).
    this.state.deleteAlias(name, alias);
    return json({});
  }

  // ---- model versions ---------------------------------------------------------------------

  searchModelVersions(req: ParsedRequest): Answer {
    if (req.query.order_by !== undefined) return this.replay(req) ?? unsupported('model-versions/search with order_by');
    const max = intParam(req.query.max_results, 10_000);
    if (max === null) return this.recordedError('invalid-max-results-not-a-number');
    const offset = readPageToken(req.query.page_token);
    if (offset === null) return this.recordedError('invalid-page-token-registered-models-search');
    const clauses = parseFilter(req.query.filter);
    if (clauses === null || clauses.some((c) => c.entity === 'attribute' && !VERSION_KEYS.has(c.key))) {
      return this.recordedError('invalid-filter-model-versions-search');
    }
    const matching = this.versionsByUpdate().filter((v) => clauses.every((c) => versionMatches(v, c)));
    const { items, next } = page(matching, offset, max);
    return json(compact({ model_versions: items, next_page_token: next }));
  }

  getModelVersion(req: ParsedRequest): Answer {
    const name = req.query.name ?? '';
    const version = req.query.version;
    if (version === undefined) return this.recordedError('invalid-missing-param-model-versions-get');
    if (!/^\d+$/.test(version)) {
      return this.templatedError('model-versions-get-non-numeric', {
        [this.recordedQuery('model-versions-get-non-numeric', 'version')]: version,
      });
    }
    const found = this.state.versions.get(`${name}\u0000${Number(version)}`);
    if (!found) return this.versionNotFound(name, version, 'model-versions-get-unknown');
    return json({ model_version: this.versionJson(found, true) });
  }

  downloadUri(req: ParsedRequest): Answer {
    const found = this.state.versions.get(`${req.query.name ?? ''}\u0000${req.query.version ?? ''}`);
    if (!found) return this.versionNotFound(req.query.name ?? '', req.query.version ?? '', 'model-versions-get-unknown');
    return json({ artifact_uri: found.source ?? '' });
  }

  setVersionTag(req: ParsedRequest): Answer {
    const body = req.body ?? {};
    const name = stringParam(body.name);
    const version = stringParam(body.version);
    const key = stringParam(body.key);
    if (!name) return missing('name');
    if (!version) return missing('version');
    if (!key) return missing('key');
    if (!TAG_KEY.test(key)) return this.invalidKey(key, 'scratch-model-versions-set-tag-invalid-key');
    if (!this.state.hasVersion(name, version)) return this.versionNotFound(name, version, 'scratch-model-versions-set-tag-unknown-version');
    this.state.setVersionTag(name, version, key, stringParam(body.value) ?? '');
    return json({});
  }

  deleteVersionTag(req: ParsedRequest): Answer {
    const body = req.body ?? {};
    const name = stringParam(body.name);
    const version = stringParam(body.version);
    const key = stringParam(body.key);
    // DELETE reads only the JSON body; query parameters are ignored (recorded: -query-only).
    if (!name) return this.recordedError('scratch-model-versions-delete-tag-query-only');
    if (!version) return missing('version');
    if (!key) return missing('key');
    if (!TAG_KEY.test(key)) return this.invalidKey(key, 'scratch-model-versions-delete-tag-invalid-key');
    if (!this.state.hasVersion(name, version)) return this.versionNotFound(name, version, 'scratch-model-versions-set-tag-unknown-version');
    this.state.deleteVersionTag(name, version, key);
    return json({});
  }

  // ---- shapes -----------------------------------------------------------------------------

  /** A registered model as search/get answer it: latest version per stage, tags and aliases only when there are any. */
  modelJson(model: WireModel): Record<string, unknown> {
    const latest = this.latestPerStage(model.name);
    const aliases = this.state.aliasesOf(model.name);
    const { tags, ...base } = model;
    return compact({
      ...base,
      latest_versions: latest,
      tags: tags && tags.length > 0 ? tags : undefined,
      aliases,
    });
  }

  /** A version as `get` answers it: with its alias names (search answers never carry them). */
  versionJson(version: WireVersion, withAliases: boolean): Record<string, unknown> {
    if (!withAliases) return version;
    return compact({ ...version, aliases: this.state.aliasesOfVersion(version.name, version.version) });
  }

  private latestPerStage(model: string): WireVersion[] {
    const byStage = new Map<string, WireVersion>();
    for (const v of this.state.modelVersions(model)) {
      const held = byStage.get(v.current_stage);
      if (!held || Number(v.version) > Number(held.version)) byStage.set(v.current_stage, v);
    }
    return [...byStage.values()].sort((a, b) => Number(a.version) - Number(b.version));
  }

  private runsByStart(): WireRun[] {
    if (this.sortedRuns?.generation !== this.state.generation) {
      const runs = [...this.state.runs.values()].sort(
        (a, b) => (b.info.start_time ?? 0) - (a.info.start_time ?? 0) || a.info.run_id.localeCompare(b.info.run_id),
      );
      this.sortedRuns = { generation: this.state.generation, runs };
    }
    return this.sortedRuns.runs;
  }

  private versionsByUpdate(): WireVersion[] {
    if (this.sortedVersions?.generation !== this.state.generation) {
      const versions = [...this.state.versions.values()].sort(
        (a, b) =>
          b.last_updated_timestamp - a.last_updated_timestamp || a.name.localeCompare(b.name) || Number(b.version) - Number(a.version),
      );
      this.sortedVersions = { generation: this.state.generation, versions };
    }
    return this.sortedVersions.versions;
  }

  // ---- recorded answers -------------------------------------------------------------------

  /** The recorded answer of an exchange, verbatim. */
  recordedAnswer(file: string): Answer {
    const exchange = this.recording.get(file);
    return {
      status: exchange.response.status,
      contentType: exchange.response.contentType,
      body: exchange.response.body,
      source: 'generated',
    };
  }

  private recordedError(file: string): Answer {
    return this.recordedAnswer(file);
  }

  /** A recorded error whose message had the recorded request's values; this request's are put in instead. */
  private templatedError(file: string, replacements: Record<string, string>): Answer {
    const recorded = this.recordedAnswer(file);
    const body = recorded.body as { error_code: string; message: string };
    let message = body.message;
    for (const [from, to] of Object.entries(replacements)) if (from !== '') message = message.split(from).join(to);
    return { ...recorded, body: { error_code: body.error_code, message } };
  }

  private recordedQuery(file: string, param: string): string {
    return this.recording.get(file).request.query[param] ?? '';
  }

  private versionNotFound(name: string, version: string, file: string): Answer {
    const recorded = this.recording.get(file);
    const req = recorded.request;
    const recordedName = req.query.name ?? stringParam(req.body, 'name') ?? '';
    const recordedVersion = req.query.version ?? stringParam(req.body, 'version') ?? '';
    const answer = this.recordedAnswer(file);
    const body = answer.body as { error_code: string; message: string };
    return {
      ...answer,
      body: {
        error_code: body.error_code,
        message: body.message.replace(`name=${recordedName}`, `name=${name}`).replace(`version=${recordedVersion}`, `version=${version}`),
      },
    };
  }

  private invalidKey(key: string, file: string): Answer {
    return this.templatedError(file, { [stringParam(this.recording.get(file).request.body, 'key') ?? '']: key });
  }

  /** A recorded exchange whose request is exactly this one, answered verbatim. */
  replay(req: ParsedRequest): Answer | null {
    const found = this.recording.exchanges.find((e) => !e.file.startsWith('scratch-') && sameRequest(e, req));
    if (!found) return null;
    return { status: found.response.status, contentType: found.response.contentType, body: found.response.body, source: 'replayed' };
  }
}

type Route = (this: MlflowRoutes, req: ParsedRequest) => Answer;

const ROUTES: Record<string, Route> = {
  'GET /version': MlflowRoutes.prototype.version,
  'GET /health': MlflowRoutes.prototype.health,
  'POST experiments/search': MlflowRoutes.prototype.searchExperimentsPost,
  'GET experiments/search': MlflowRoutes.prototype.searchExperimentsGet,
  'GET experiments/get': MlflowRoutes.prototype.getExperiment,
  'GET experiments/get-by-name': MlflowRoutes.prototype.getExperimentByName,
  'POST runs/search': MlflowRoutes.prototype.searchRuns,
  'GET runs/get': MlflowRoutes.prototype.getRun,
  'GET metrics/get-history': MlflowRoutes.prototype.metricHistory,
  'GET registered-models/search': MlflowRoutes.prototype.searchRegisteredModels,
  'GET registered-models/get': MlflowRoutes.prototype.getRegisteredModel,
  'POST registered-models/get-latest-versions': MlflowRoutes.prototype.latestVersions,
  'GET registered-models/alias': MlflowRoutes.prototype.getAlias,
  'POST registered-models/alias': MlflowRoutes.prototype.setAlias,
  'DELETE registered-models/alias': MlflowRoutes.prototype.deleteAlias,
  'GET model-versions/search': MlflowRoutes.prototype.searchModelVersions,
  'GET model-versions/get': MlflowRoutes.prototype.getModelVersion,
  'GET model-versions/get-download-uri': MlflowRoutes.prototype.downloadUri,
  'POST model-versions/set-tag': MlflowRoutes.prototype.setVersionTag,
  'DELETE model-versions/delete-tag': MlflowRoutes.prototype.deleteVersionTag,
  'GET webhooks': MlflowRoutes.prototype.webhooks,
  'POST logged-models/search': MlflowRoutes.prototype.loggedModels,
};

const RUN_KEYS = new Set([
  'attribute.start_time',
  'attribute.end_time',
  'attribute.status',
  'attribute.run_id',
  'attribute.run_name',
  'attribute.user_id',
]);
const VERSION_KEYS = new Set(['name', 'run_id', 'source_path', 'version_number']);
/** MLflow's tag key rule, as its recorded 400 states it. */
const TAG_KEY = /^[A-Za-z0-9_\-. :/]+$/;

function runMatches(run: WireRun, clause: Clause): boolean {
  switch (clause.entity) {
    case 'attribute': {
      const value = clause.key === 'run_id' ? run.info.run_id : (run.info[clause.key] as string | number | undefined);
      return compare(value, clause.op, clause.value);
    }
    case 'param':
      return compare(run.data.params?.find((p) => p.key === clause.key)?.value, clause.op, clause.value);
    case 'tag':
      return compare(run.data.tags?.find((t) => t.key === clause.key)?.value, clause.op, clause.value);
    case 'metric':
      return compare(run.data.metrics?.find((m) => m.key === clause.key)?.value, clause.op, clause.value);
  }
}

function versionMatches(version: WireVersion, clause: Clause): boolean {
  if (clause.entity === 'tag') return compare(version.tags?.find((t) => t.key === clause.key)?.value, clause.op, clause.value);
  const value =
    clause.key === 'source_path'
      ? version.source
      : clause.key === 'version_number'
        ? Number(version.version)
        : (version[clause.key] as string | undefined);
  return compare(value, clause.op, clause.value);
}

function sameRequest(exchange: Exchange, req: ParsedRequest): boolean {
  const recorded = exchange.request;
  if (recorded.method !== req.method || recorded.path !== req.path) return false;
  if (JSON.stringify(sortKeys(recorded.query)) !== JSON.stringify(sortKeys(req.query))) return false;
  const recordedBody =
    typeof recorded.body === 'string' ? recorded.body : recorded.body === null ? null : JSON.stringify(sortKeys(recorded.body));
  const body = typeof recorded.body === 'string' ? req.rawBody : req.body === null ? null : JSON.stringify(sortKeys(req.body));
  return recordedBody === body;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

function json(body: unknown, status = 200): Answer {
  return { status, contentType: JSON_TYPE, body, source: 'generated' };
}

/** MLflow leaves out empty lists and absent tokens instead of sending [] or null. */
function compact<T extends Record<string, unknown>>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

function missing(field: string): Answer {
  return json(
    {
      error_code: 'INVALID_PARAMETER_VALUE',
      message: `Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`,
    },
    400,
  );
}

function unsupported(what: string): Answer {
  return {
    status: 501,
    contentType: 'text/plain',
    body: `The MLflow double does not generate ${what}; no recording matches this request.`,
    source: 'generated',
  };
}

function intParam(value: unknown, fallback: number): number | null {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return null;
}

function stringParam(value: unknown, key?: string): string | undefined {
  const v = key === undefined ? value : typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export type { WireExperiment };
