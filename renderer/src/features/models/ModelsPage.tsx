import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { formatCount, pluralize } from '../../format/numbers';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { SkeletonBlock } from '../../ui/Skeleton';
import { EmptyWorkspace } from '../workspace/EmptyWorkspace';
import { systemInfoQuery } from '../workspace/queries';
import { modelFacets } from './facets';
import { useModelFiltersStore, type ModelFilters } from './filters-store';
import { ModelFiltersBar } from './ModelFiltersBar';
import { ModelsGrid } from './ModelsGrid';
import { ALL_MODELS_INPUT, modelListInput, modelListQuery } from './queries';

const SEARCH_DEBOUNCE_MS = 150;

export function ModelsPage() {
  const info = useQuery(systemInfoQuery());
  return (
    <div className="page page--fill">
      <PageHeader
        title="Models"
        description="Every registered model across your connections, with its owner team, risk tier and aliases."
      />
      {info.isPending ? (
        <SkeletonBlock label="Loading the workspace" lines={6} />
      ) : info.isError ? (
        <ErrorState
          title="Could not open the workspace"
          error={info.error}
          onRetry={() => void info.refetch()}
          retrying={info.isFetching}
        />
      ) : info.data.empty ? (
        <EmptyWorkspace />
      ) : (
        <ModelsCatalog />
      )}
    </div>
  );
}

function ModelsCatalog() {
  const filters: ModelFilters = useModelFiltersStore(
    useShallow(({ query, connection, team, riskTier, alias, sortBy, sortDirection }) => ({
      query,
      connection,
      team,
      riskTier,
      alias,
      sortBy,
      sortDirection,
    })),
  );
  const sortOn = useModelFiltersStore((state) => state.sortOn);
  const filtered =
    filters.query.trim() !== '' || filters.connection !== '' || filters.team !== '' || filters.riskTier !== '' || filters.alias !== '';
  const clear = useModelFiltersStore((state) => state.clear);
  const query = useDebouncedValue(filters.query, SEARCH_DEBOUNCE_MS);
  const input = modelListInput({ ...filters, query });

  const all = useQuery(modelListQuery(ALL_MODELS_INPUT));
  const list = useQuery({ ...modelListQuery(input), placeholderData: keepPreviousData });
  const facets = useMemo(() => modelFacets(all.data?.items ?? []), [all.data]);

  if (list.isPending) return <SkeletonBlock label="Loading models" lines={8} />;
  if (list.isError && !list.data) {
    return (
      <ErrorState title="Could not load the models" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
    );
  }

  const { items, total } = list.data;
  return (
    <>
      <ModelFiltersBar facets={facets} />
      <p className="result-count" role="status" aria-live="polite">
        {items.length < total
          ? `Showing the first ${formatCount(items.length)} of ${pluralize(total, 'model')}. Narrow the search to see the rest.`
          : pluralize(total, 'model')}
        {list.isFetching && !list.isPending ? <span className="muted"> · updating…</span> : null}
      </p>
      {list.isError && (
        <ErrorState title="Could not update the list" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      )}
      {items.length === 0 && !filtered ? (
        <EmptyState title="No registered models yet" icon="box">
          <p>
            The workspace’s connections hold no registered models so far. Models appear here after someone registers one in the registry and
            Quorum syncs it; Settings › Connections shows when each connection was last synced.
          </p>
        </EmptyState>
      ) : items.length === 0 ? (
        <EmptyState
          title="No models match these filters"
          icon="search"
          actions={
            <button type="button" className="button" onClick={clear}>
              Clear filters
            </button>
          }
        >
          <p>Try fewer words, another team or tier, or clear the filters to see every model.</p>
        </EmptyState>
      ) : (
        <ModelsGrid models={items} sortBy={filters.sortBy} sortDirection={filters.sortDirection} onSort={sortOn} busy={list.isFetching} />
      )}
    </>
  );
}
