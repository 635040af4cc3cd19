import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { GateSummaryItem } from '@shared/domain/governance';
import type { ModelSummary } from '../../platform/catalog-types';
import { operationQuery } from '../../platform/operation-query';
import { modelPath } from '../../app/routes';
import { AliasChip } from '../../ui/AliasChip';
import { Icon } from '../../ui/Icon';
import { InfoTip } from '../../ui/InfoTip';
import { RelativeTime } from '../../ui/RelativeTime';
import { RiskTierBadge } from '../../ui/RiskTierBadge';
import { StatusBadge } from '../../ui/StatusBadge';
import { useRemInPixels } from '../../ui/use-rem';
import { DEFAULT_STAGE } from '../governance/queries';
import { GATE_STATUS_PALETTE } from '../versions/gate-status-palette';
import type { ModelSortField, SortDirection } from './filters-store';
import { nextRowIndex } from './grid-navigation';
import { ariaSortOf, MODEL_COLUMNS, type ModelColumn } from './model-columns';

/** Row height in rem: fixed, so 10,000 rows cost no measuring. */
const ROW_HEIGHT_REM = 2.75;
/** One chip fits the column; the rest are counted, and named for hover and screen readers. */
const ALIASES_SHOWN = 1;

export const APPROVAL_NOTE = `The release gate to ${DEFAULT_STAGE} of each model’s latest version, as its version header shows it: Ready to release, Blocked, Released, Invalidated, Not requested or Not governed. Hover a status for the reason; open the version’s Sign-off tab for the full checklist.`;

/** Every model's latest version, one read for the whole grid (governance.gate.summaries). */
const gateSummariesQuery = () => operationQuery('governance.gate.summaries', {});

const modelKey = (connection: string, name: string): string => `${connection}\u0000${name}`;

export interface ModelsGridProps {
  models: readonly ModelSummary[];
  sortBy: ModelSortField;
  sortDirection: SortDirection;
  onSort: (field: ModelSortField) => void;
  busy: boolean;
}

/**
 * The models table: an ARIA grid with one tab stop in the body (the focused row's link);
 * arrow keys, Page Up/Down and Home/End move between rows; only visible rows are rendered.
 */
export function ModelsGrid({ models, sortBy, sortDirection, onSort, busy }: ModelsGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rem = useRemInPixels();
  const rowHeight = Math.round(ROW_HEIGHT_REM * rem);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const [, navigate] = useLocation();
  const focusedIndex = Math.min(activeIndex, Math.max(models.length - 1, 0));
  const summaries = useQuery(gateSummariesQuery());
  const gates = new Map((summaries.data ?? []).map((item) => [modelKey(item.subject.connection, item.subject.model), item]));

  // TanStack Virtual returns fresh functions each render, which the React Compiler cannot memoize;
  // this component is not compiled, and nothing memoized receives those functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: models.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // The sticky header row sits inside the scroll element; rows start below it.
    scrollPaddingStart: rowHeight,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  // After a keyboard move, focus the row once the virtualizer has rendered it.
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const link = scrollRef.current?.querySelector<HTMLAnchorElement>(`[data-row-index="${index}"] a`);
    if (link) {
      link.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  function onBodyKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 2);
    const next = nextRowIndex(event.key, focusedIndex, models.length, pageSize);
    if (next === null) return;
    event.preventDefault();
    setActiveIndex(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  const items = virtualizer.getVirtualItems();

  return (
    <div
      ref={scrollRef}
      className="models-grid"
      role="grid"
      aria-label="Models"
      aria-rowcount={models.length + 1}
      aria-colcount={MODEL_COLUMNS.length}
      aria-busy={busy}
    >
      <div className="models-grid__head" role="rowgroup">
        <div className="models-grid__row models-grid__row--head" role="row" aria-rowindex={1}>
          {MODEL_COLUMNS.map((column, index) => (
            <ColumnHeader
              key={column.id}
              column={column}
              colIndex={index + 1}
              sort={ariaSortOf(column, sortBy, sortDirection)}
              onSort={onSort}
            />
          ))}
        </div>
      </div>
      <div className="models-grid__body" role="rowgroup" onKeyDown={onBodyKeyDown} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const model = models[item.index];
          if (!model) return null;
          const href = modelPath(model.connection, model.name);
          return (
            <div
              key={`${model.connection}/${model.name}`}
              className="models-grid__row"
              role="row"
              aria-rowindex={item.index + 2}
              data-row-index={item.index}
              style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              onClick={(event) => {
                if (!(event.target instanceof Element) || !event.target.closest('a, button')) navigate(href);
              }}
            >
              <ModelRowCells
                model={model}
                href={href}
                gate={gates.get(modelKey(model.connection, model.name))}
                gatePending={summaries.isPending}
                tabbable={item.index === focusedIndex}
                onFocus={() => setActiveIndex(item.index)}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The champion first (the alias readers look for), then the rest by name. */
function sortAliases(aliases: ModelSummary['aliases']): ModelSummary['aliases'] {
  return [...aliases].sort((a, b) => Number(b.alias === 'champion') - Number(a.alias === 'champion') || a.alias.localeCompare(b.alias));
}

function ColumnHeader({
  column,
  colIndex,
  sort,
  onSort,
}: {
  column: ModelColumn;
  colIndex: number;
  sort: 'ascending' | 'descending' | 'none' | undefined;
  onSort: (field: ModelSortField) => void;
}) {
  const { sortField } = column;
  return (
    <div className={`models-grid__cell models-grid__cell--${column.id}`} role="columnheader" aria-colindex={colIndex} aria-sort={sort}>
      {sortField ? (
        <button type="button" className="sort-button" onClick={() => onSort(sortField)}>
          <span>{column.label}</span>
          <Icon
            name={sort === 'ascending' ? 'arrowUp' : sort === 'descending' ? 'arrowDown' : 'arrowsUpDown'}
            className="sort-button__icon"
          />
        </button>
      ) : (
        <span className="models-grid__label">{column.label}</span>
      )}
      {column.id === 'approval' && <InfoTip label="About approval status">{APPROVAL_NOTE}</InfoTip>}
    </div>
  );
}

function ApprovalCell({ model, gate, pending }: { model: ModelSummary; gate: GateSummaryItem | undefined; pending: boolean }) {
  if (model.latestVersion === null) return <span className="muted">No version</span>;
  // A summary of an older version (the catalog moved on since) is not this row's status.
  if (gate === undefined || gate.subject.version !== model.latestVersion) {
    return pending ? <StatusBadge tone="unknown" label="Evaluating…" /> : <StatusBadge tone="unknown" label="Not evaluated" />;
  }
  const { tone, word } = GATE_STATUS_PALETTE[gate.status];
  return (
    <span title={`v${gate.subject.version} · ${gate.reason}`}>
      <StatusBadge tone={tone} label={word} />
      <span className="visually-hidden">: {gate.reason}</span>
    </span>
  );
}

function ModelRowCells({
  model,
  href,
  gate,
  gatePending,
  tabbable,
  onFocus,
}: {
  model: ModelSummary;
  href: string;
  gate: GateSummaryItem | undefined;
  gatePending: boolean;
  tabbable: boolean;
  onFocus: () => void;
}) {
  const aliases = sortAliases(model.aliases);
  const shown = aliases.slice(0, ALIASES_SHOWN);
  const rest = aliases.slice(ALIASES_SHOWN).map((alias) => `${alias.alias} v${alias.version}`);
  return (
    <>
      <div className="models-grid__cell models-grid__cell--name" role="gridcell" aria-colindex={1}>
        <Link href={href} className="models-grid__link" tabIndex={tabbable ? 0 : -1} onFocus={onFocus} title={model.name}>
          {model.name}
        </Link>
        {model.deletedOnServerAt !== null && <StatusBadge tone="danger" label="Deleted on server" />}
      </div>
      <div className="models-grid__cell" role="gridcell" aria-colindex={2}>
        <span className="truncate" title={model.connection}>
          {model.connection}
        </span>
      </div>
      <div className="models-grid__cell" role="gridcell" aria-colindex={3}>
        {model.team ? (
          <span className="truncate" title={model.team}>
            {model.team}
          </span>
        ) : (
          <span className="muted">No team</span>
        )}
      </div>
      <div className="models-grid__cell" role="gridcell" aria-colindex={4}>
        <RiskTierBadge tier={model.riskTier} />
      </div>
      <div className="models-grid__cell models-grid__cell--number" role="gridcell" aria-colindex={5}>
        {model.latestVersion === null ? <span className="muted">None</span> : `v${model.latestVersion}`}
      </div>
      <div className="models-grid__cell models-grid__cell--aliases" role="gridcell" aria-colindex={6}>
        {aliases.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <span className="chips chips--nowrap">
            {shown.map((alias) => (
              <AliasChip key={alias.alias} alias={alias.alias} version={alias.version} />
            ))}
            {rest.length > 0 && (
              <span className="chips__more" title={rest.join(', ')}>
                +{rest.length}
                <span className="visually-hidden"> more: {rest.join(', ')}</span>
              </span>
            )}
          </span>
        )}
      </div>
      <div className="models-grid__cell" role="gridcell" aria-colindex={7}>
        <ApprovalCell model={model} gate={gate} pending={gatePending} />
      </div>
      <div className="models-grid__cell" role="gridcell" aria-colindex={8}>
        <RelativeTime timestamp={model.lastUpdatedAt} />
      </div>
    </>
  );
}
