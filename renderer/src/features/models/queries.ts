import type { ModelListInput } from '../../platform/catalog-types';
import { operationQuery } from '../../platform/operation-query';
import { DEFAULT_MODEL_FILTERS, type ModelFilters } from './filters-store';

/**
 * The most the catalog answers in one call. The table is virtualized, so the whole list
 * comes at once; a workspace beyond this asks the reader to narrow the search.
 */
export const MODEL_LIST_LIMIT = 20_000;

/** The operation input for a set of filters; empty filters are left out, so equal filters share a cache entry. */
export function modelListInput(filters: ModelFilters): ModelListInput {
  const query = filters.query.trim();
  return {
    ...(query ? { query } : {}),
    ...(filters.connection ? { connection: filters.connection } : {}),
    ...(filters.team ? { team: filters.team } : {}),
    ...(filters.riskTier ? { riskTier: filters.riskTier } : {}),
    ...(filters.alias ? { alias: filters.alias } : {}),
    sortBy: filters.sortBy,
    sortDirection: filters.sortDirection,
    limit: MODEL_LIST_LIMIT,
  };
}

/** Every model, unfiltered: the source of filter choices and of the palette's model list. */
export const ALL_MODELS_INPUT = modelListInput(DEFAULT_MODEL_FILTERS);

export const modelListQuery = (input: ModelListInput) => operationQuery('models.list', input);
export const modelQuery = (connection: string, name: string) => operationQuery('models.get', { connection, name });
export const versionQuery = (connection: string, name: string, version: number) =>
  operationQuery('versions.get', { connection, name, version });
