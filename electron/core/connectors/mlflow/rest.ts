import { z } from 'zod';
import type { HttpClient, HttpRequest, HttpResponse } from '../http/client';
import { HttpFailure } from '../http/errors';
import { expectJson, statusFailure, type BackendError } from '../http/json';
import {
  emptyAnswerSchema,
  experimentsPageSchema,
  loggedModelsPageSchema,
  metricHistoryPageSchema,
  mlflowErrorSchema,
  mlflowModelVersionSchema,
  mlflowRegisteredModelSchema,
  modelVersionsPageSchema,
  registeredModelsPageSchema,
  runResponseSchema,
  runsPageSchema,
  webhooksPageSchema,
  type MlflowModelVersion,
  type MlflowRegisteredModel,
  type MlflowRun,
} from './wire';

/** MLflow REST API 2.0, as served by `mlflow server` (mlflow/server/handlers.py). */
export const MLFLOW_API = '/api/2.0/mlflow';

/**
 * Largest `max_results` each search accepts (MLflow's source; the fixtures' README records
 * the 400s above them): experiments and runs 50 000, registered models 1 000, versions 200 000.
 */
export const MAX_RESULTS = { experiments: 50_000, runs: 50_000, registeredModels: 1_000, modelVersions: 200_000 } as const;

/** What MLflow's own client sends for metric history, so 3.x pages and 2.x answers at once. */
export const METRIC_HISTORY_PAGE = 25_000;

export function readMlflowError(body: unknown): BackendError | null {
  const parsed = mlflowErrorSchema.safeParse(body);
  return parsed.success ? { code: parsed.data.error_code, message: parsed.data.message } : null;
}

export interface Answer<T> {
  readonly body: T;
  readonly response: HttpResponse;
}

const getModelVersionSchema = z.object({ model_version: mlflowModelVersionSchema });
const getRegisteredModelSchema = z.object({ registered_model: mlflowRegisteredModelSchema });

/**
 * One method per MLflow endpoint Quorum uses, with the request shapes MLflow expects:
 * POST searches take a JSON body (page_token in the body), GET searches take a query string
 * (page_token in the query), DELETE calls take a JSON body only (query strings are ignored).
 */
export class MlflowRest {
  constructor(private readonly http: HttpClient) {}

  async call<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<Answer<z.output<S>>> {
    const response = await this.http.send(req);
    return { body: expectJson(response, schema, readMlflowError), response };
  }

  /** Plain text such as "2.17.2"; null when the server has no /version (or it is not text). */
  async serverVersion(signal: AbortSignal, retries?: number): Promise<{ version: string | null; response: HttpResponse }> {
    const response = await this.http.send({ method: 'GET', path: '/version', signal, ...(retries !== undefined ? { retries } : {}) });
    const text = response.text.trim();
    const version = response.status === 200 && /^\d+\.\d+/.test(text) ? text.slice(0, 40) : null;
    return { version, response };
  }

  searchExperiments(page: { maxResults: number; pageToken?: string }, signal: AbortSignal, retries?: number) {
    return this.call(
      post('experiments/search', { max_results: page.maxResults, ...token(page.pageToken) }, signal, retries),
      experimentsPageSchema,
    );
  }

  searchRuns(page: { experimentIds: readonly string[]; filter?: string; maxResults: number; pageToken?: string }, signal: AbortSignal) {
    return this.call(
      post(
        'runs/search',
        {
          experiment_ids: page.experimentIds,
          ...(page.filter ? { filter: page.filter } : {}),
          max_results: page.maxResults,
          ...token(page.pageToken),
        },
        signal,
      ),
      runsPageSchema,
    );
  }

  /** A run by id; null when the server says it does not exist (deleted and garbage-collected). */
  async getRun(runId: string, signal: AbortSignal): Promise<MlflowRun | null> {
    return this.getOrNull(get('runs/get', { run_id: runId }, signal), runResponseSchema, (body) => body.run);
  }

  searchRegisteredModels(page: { maxResults: number; pageToken?: string }, signal: AbortSignal, retries?: number) {
    return this.call(
      get('registered-models/search', { max_results: page.maxResults, page_token: page.pageToken }, signal, retries),
      registeredModelsPageSchema,
    );
  }

  async getRegisteredModel(name: string, signal: AbortSignal): Promise<MlflowRegisteredModel | null> {
    return this.getOrNull(get('registered-models/get', { name }, signal), getRegisteredModelSchema, (body) => body.registered_model);
  }

  searchModelVersions(page: { maxResults: number; pageToken?: string; filter?: string }, signal: AbortSignal) {
    return this.call(
      get('model-versions/search', { max_results: page.maxResults, page_token: page.pageToken, filter: page.filter }, signal),
      modelVersionsPageSchema,
    );
  }

  async getModelVersion(name: string, version: number, signal: AbortSignal): Promise<MlflowModelVersion | null> {
    return this.getOrNull(
      get('model-versions/get', { name, version: String(version) }, signal),
      getModelVersionSchema,
      (body) => body.model_version,
    );
  }

  metricHistoryPage(page: { runId: string; key: string; maxResults: number; pageToken?: string }, signal: AbortSignal) {
    return this.call(
      get(
        'metrics/get-history',
        { run_id: page.runId, metric_key: page.key, max_results: page.maxResults, page_token: page.pageToken },
        signal,
      ),
      metricHistoryPageSchema,
    );
  }

  listWebhooks(signal: AbortSignal, retries?: number) {
    return this.call(get('webhooks', { max_results: 1 }, signal, retries), webhooksPageSchema);
  }

  searchLoggedModels(experimentIds: readonly string[], signal: AbortSignal, retries?: number) {
    return this.call(
      post('logged-models/search', { experiment_ids: experimentIds, max_results: 1 }, signal, retries),
      loggedModelsPageSchema,
    );
  }

  async setModelVersionTag(name: string, version: number, key: string, value: string, signal: AbortSignal): Promise<void> {
    await this.call(post('model-versions/set-tag', { name, version: String(version), key, value }, signal), emptyAnswerSchema);
  }

  async deleteModelVersionTag(name: string, version: number, key: string, signal: AbortSignal): Promise<void> {
    await this.call(del('model-versions/delete-tag', { name, version: String(version), key }, signal), emptyAnswerSchema);
  }

  async setRegisteredModelAlias(name: string, alias: string, version: number, signal: AbortSignal): Promise<void> {
    await this.call(post('registered-models/alias', { name, alias, version: String(version) }, signal), emptyAnswerSchema);
  }

  async deleteRegisteredModelAlias(name: string, alias: string, signal: AbortSignal): Promise<void> {
    await this.call(del('registered-models/alias', { name, alias }, signal), emptyAnswerSchema);
  }

  private async getOrNull<S extends z.ZodType, T>(req: HttpRequest, schema: S, pick: (body: z.output<S>) => T): Promise<T | null> {
    const response = await this.http.send(req);
    if (response.status === 404) {
      const failure = statusFailure(response, readMlflowError);
      // RESOURCE_DOES_NOT_EXIST is "no such entity"; an HTML 404 is "no such endpoint" and stays an error.
      if (failure.kind === 'not-found') return null;
      throw failure;
    }
    return pick(expectJson(response, schema, readMlflowError));
  }
}

function token(pageToken: string | undefined): { page_token?: string } {
  return pageToken ? { page_token: pageToken } : {};
}

function retriesOf(retries: number | undefined): { retries?: number } {
  return retries === undefined ? {} : { retries };
}

function post(endpoint: string, json: unknown, signal: AbortSignal, retries?: number): HttpRequest {
  return { method: 'POST', path: `${MLFLOW_API}/${endpoint}`, json, signal, ...retriesOf(retries) };
}

function del(endpoint: string, json: unknown, signal: AbortSignal): HttpRequest {
  return { method: 'DELETE', path: `${MLFLOW_API}/${endpoint}`, json, signal };
}

function get(endpoint: string, query: Record<string, string | number | undefined>, signal: AbortSignal, retries?: number): HttpRequest {
  return { method: 'GET', path: `${MLFLOW_API}/${endpoint}`, query, signal, ...retriesOf(retries) };
}

/** Follows `next_page_token` until none comes back; a token that repeats ends with an error instead of a loop. */
export async function* followPages<P extends { next_page_token?: string | undefined }>(
  fetchPage: (pageToken: string | undefined) => Promise<Answer<P>>,
  what: string,
): AsyncGenerator<Answer<P>> {
  const seen = new Set<string>();
  let pageToken: string | undefined;
  for (;;) {
    const answer = await fetchPage(pageToken);
    yield answer;
    const next = answer.body.next_page_token;
    if (!next) return;
    if (seen.has(next)) {
      throw new HttpFailure('malformed', `The server sent the same page token twice while listing ${what}; stopped to avoid a loop.`, {
        url: answer.response.url,
      });
    }
    seen.add(next);
    pageToken = next;
  }
}
