import { useMemo, useState } from 'react';
import type { FeatureDriftRecord } from '@shared/domain/drift';
import { formatCount, formatMetric } from '../../format/numbers';
import { StatusBadge } from '../../ui/StatusBadge';
import { METHOD_LABELS, severity } from './drift-status';

type SortKey = 'name' | 'type' | 'method' | 'statistic' | 'pValue' | 'threshold' | 'verdict' | 'psi';

const COLUMNS: readonly { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Feature', numeric: false },
  { key: 'type', label: 'Type', numeric: false },
  { key: 'method', label: 'Method', numeric: false },
  { key: 'statistic', label: 'Statistic / distance', numeric: true },
  { key: 'pValue', label: 'p-value', numeric: true },
  { key: 'threshold', label: 'Threshold', numeric: true },
  { key: 'verdict', label: 'Verdict', numeric: false },
  { key: 'psi', label: 'PSI', numeric: true },
];

const RULES: Record<FeatureDriftRecord['verdictRule'], string> = {
  'p<=threshold': 'drift when p ≤ threshold',
  'p<threshold': 'drift when p < threshold',
  'distance>=threshold': 'drift when distance ≥ threshold',
};

function sortValue(f: FeatureDriftRecord, key: SortKey): string | number {
  switch (key) {
    case 'name':
      return f.name;
    case 'type':
      return f.type;
    case 'method':
      return METHOD_LABELS[f.method];
    case 'statistic':
      return f.statistic ?? Number.NEGATIVE_INFINITY;
    case 'pValue':
      return f.pValue ?? Number.POSITIVE_INFINITY;
    case 'threshold':
      return f.threshold;
    case 'verdict':
      // Drifted first when descending, then by how far past the threshold.
      return (f.drifted ? 1e9 : 0) + Math.min(severity(f), 1e8);
    case 'psi':
      return f.psi ?? Number.NEGATIVE_INFINITY;
  }
}

const num = (value: number | null): string => (value === null ? '—' : formatMetric(value));

/**
 * Per-feature verdicts, sortable by any column (buttons in the headers, aria-sort says the
 * order); the feature buttons choose which feature the charts below show.
 */
export function FeatureTable({
  features,
  selected,
  onSelect,
}: {
  features: readonly FeatureDriftRecord[];
  selected: string | null;
  onSelect: (name: string) => void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'verdict', descending: true });
  const rows = useMemo(() => {
    const sorted = [...features].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const order = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
      return sort.descending ? -order : order;
    });
    return sorted;
  }, [features, sort]);

  return (
    <div className="drift-table-wrap">
      <table className="table table--compact drift-table">
        <caption className="visually-hidden">Drift per feature; choose a column header to sort, a feature to chart it</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'number' : undefined}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => setSort({ key: column.key, descending: active ? !sort.descending : column.key === 'verdict' })}
                  >
                    {column.label}
                    <span aria-hidden="true">{active ? (sort.descending ? '▼' : '▲') : '↕'}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.name} className={f.name === selected ? 'drift-table__selected' : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="drift-link-button"
                  aria-pressed={f.name === selected}
                  aria-label={`Chart ${f.name}`}
                  onClick={() => onSelect(f.name)}
                >
                  {f.name}
                </button>
              </th>
              <td>{f.type}</td>
              <td title={RULES[f.verdictRule]}>
                {METHOD_LABELS[f.method]}
                {f.selectedBy === 'override' ? ' (set)' : ''}
              </td>
              <td className="number">{num(f.statistic)}</td>
              <td className="number">{f.pValueAdjusted !== null ? `${num(f.pValueAdjusted)} (adj.)` : num(f.pValue)}</td>
              <td className="number">
                {f.verdictRule === 'distance>=threshold' ? '≥' : f.verdictRule === 'p<=threshold' ? 'p ≤' : 'p <'}{' '}
                {formatMetric(f.threshold)}
              </td>
              <td>
                {!f.tested ? (
                  <StatusBadge tone="unknown" label="Not tested" />
                ) : f.drifted ? (
                  <StatusBadge tone="danger" label="Drift" />
                ) : (
                  <StatusBadge tone="ok" label="No drift" />
                )}
                {f.warnings.length > 0 && <span className="visually-hidden"> Warning: {f.warnings.join(' ')}</span>}
              </td>
              <td className="number">{num(f.psi)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="drift-note">
        Samples: reference {formatCount(Math.max(0, ...features.map((f) => f.referenceRows)))} rows, current{' '}
        {formatCount(Math.max(0, ...features.map((f) => f.currentRows)))} rows (non-missing values per feature may be fewer).
      </p>
    </div>
  );
}
