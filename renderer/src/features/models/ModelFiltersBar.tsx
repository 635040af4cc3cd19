import { RISK_TIERS, type RiskTier } from '../../platform/catalog-types';
import { Icon } from '../../ui/Icon';
import { riskTierLabel } from '../../ui/RiskTierBadge';
import type { ModelFacets } from './facets';
import { useModelFiltersStore } from './filters-store';

function FilterSelect({
  label,
  value,
  onChange,
  allLabel,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  allLabel: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <label className="field field--select">
      <span className="field__label">{label}</span>
      <select className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const asOptions = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/** Search and filters of the Models screen; their state lives in the filters store. */
export function ModelFiltersBar({ facets }: { facets: ModelFacets }) {
  const filters = useModelFiltersStore();
  const active =
    filters.query !== '' || filters.connection !== '' || filters.team !== '' || filters.riskTier !== '' || filters.alias !== '';

  return (
    <search className="filters" aria-label="Filter models">
      <label className="field field--search">
        <span className="field__label">Search</span>
        <span className="search-input">
          <Icon name="search" />
          <input
            type="search"
            className="input"
            value={filters.query}
            onChange={(event) => filters.set({ query: event.target.value })}
            placeholder="Name, team, tag…"
            data-shortcut-target="model-search"
            aria-keyshortcuts="/"
          />
        </span>
      </label>
      <FilterSelect
        label="Connection"
        value={filters.connection}
        onChange={(connection) => filters.set({ connection })}
        allLabel="All connections"
        options={asOptions(facets.connections)}
      />
      <FilterSelect
        label="Team"
        value={filters.team}
        onChange={(team) => filters.set({ team })}
        allLabel="All teams"
        options={asOptions(facets.teams)}
      />
      <FilterSelect
        label="Risk tier"
        value={filters.riskTier}
        onChange={(riskTier) => filters.set({ riskTier: riskTier as RiskTier | '' })}
        allLabel="All tiers"
        options={RISK_TIERS.map((tier) => ({ value: tier, label: riskTierLabel(tier) }))}
      />
      <FilterSelect
        label="Alias"
        value={filters.alias}
        onChange={(alias) => filters.set({ alias })}
        allLabel="Any alias"
        options={asOptions(facets.aliases)}
      />
      <button type="button" className="button button--quiet filters__clear" onClick={filters.clear} disabled={!active}>
        Clear filters
      </button>
    </search>
  );
}
