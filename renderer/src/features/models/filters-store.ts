import { create } from 'zustand';
import type { ModelListInput, RiskTier } from '../../platform/catalog-types';

export type ModelSortField = NonNullable<ModelListInput['sortBy']>;
export type SortDirection = NonNullable<ModelListInput['sortDirection']>;

export interface ModelFilters {
  readonly query: string;
  readonly connection: string;
  readonly team: string;
  readonly riskTier: RiskTier | '';
  readonly alias: string;
  readonly sortBy: ModelSortField;
  readonly sortDirection: SortDirection;
}

export const DEFAULT_MODEL_FILTERS: ModelFilters = {
  query: '',
  connection: '',
  team: '',
  riskTier: '',
  alias: '',
  sortBy: 'name',
  sortDirection: 'asc',
};

interface ModelFiltersState extends ModelFilters {
  set(patch: Partial<ModelFilters>): void;
  /** Clicking the sorted column flips the direction; another column starts ascending. */
  sortOn(field: ModelSortField): void;
  clear(): void;
}

/** What the reader chose on the Models screen; kept while they visit models and come back. */
export const useModelFiltersStore = create<ModelFiltersState>()((set) => ({
  ...DEFAULT_MODEL_FILTERS,
  set: (patch) => set(patch),
  sortOn: (field) =>
    set(({ sortBy, sortDirection }) =>
      sortBy === field ? { sortDirection: sortDirection === 'asc' ? 'desc' : 'asc' } : { sortBy: field, sortDirection: 'asc' },
    ),
  clear: () => set({ query: '', connection: '', team: '', riskTier: '', alias: '' }),
}));
