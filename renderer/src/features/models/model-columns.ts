import type { ModelSortField } from './filters-store';

export interface ModelColumn {
  id: 'name' | 'connection' | 'team' | 'riskTier' | 'latestVersion' | 'aliases' | 'approval' | 'lastUpdatedAt';
  label: string;
  /** The catalog's sort field for this column; absent when the column cannot be sorted. */
  sortField?: ModelSortField;
}

/** The columns of the models table, in order; their widths live in models.css. */
export const MODEL_COLUMNS: readonly ModelColumn[] = [
  { id: 'name', label: 'Name', sortField: 'name' },
  { id: 'connection', label: 'Connection', sortField: 'connection' },
  { id: 'team', label: 'Team', sortField: 'team' },
  { id: 'riskTier', label: 'Risk tier', sortField: 'riskTier' },
  { id: 'latestVersion', label: 'Latest', sortField: 'latestVersion' },
  { id: 'aliases', label: 'Aliases' },
  { id: 'approval', label: 'Approval' },
  { id: 'lastUpdatedAt', label: 'Last updated', sortField: 'lastUpdatedAt' },
];

export function ariaSortOf(
  column: ModelColumn,
  sortBy: ModelSortField,
  direction: 'asc' | 'desc',
): 'ascending' | 'descending' | 'none' | undefined {
  if (!column.sortField) return undefined;
  if (column.sortField !== sortBy) return 'none';
  return direction === 'asc' ? 'ascending' : 'descending';
}
