import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { LineageGraph, LineageNodeKind } from '@shared/domain/lineage';
import { useResolvedTheme } from '../../app/theme';
import { formatCount } from '../../format/numbers';
import { ErrorState } from '../../ui/ErrorState';
import { EmptyState } from '../../ui/EmptyState';
import { SkeletonBlock } from '../../ui/Skeleton';
import { buildView, pathBetween, type ViewGraph } from './graph-model';
import { buildGraphOption, readLineageTheme } from './graph-option';
import { layoutGraph, type Point } from './layout';
import { LineageCanvas, type LineageCanvasHandle } from './LineageCanvas';
import { LineageLegend } from './LineageLegend';
import { LineageTables } from './LineageTables';
import { NodePanel } from './NodePanel';
import { lineageGraphQuery, type Direction } from './queries';
import { FILTERABLE_KINDS, KIND_LABELS } from './vocabulary';
import './lineage.css';

export interface LineageExplorerProps {
  /** The node the graph is centred on, as the core addresses it (MODEL@VERSION, dataset:NS:NAME…). */
  node: string;
  initialDirection?: Direction;
  initialDepth?: number;
  /** What this graph is, for the canvas's accessible name and the export's file name. */
  title: string;
}

/** The lineage graph around one node, with its view controls, side panel and accessible list. */
export function LineageExplorer({ node, initialDirection = 'both', initialDepth = 8, title }: LineageExplorerProps) {
  const id = useId();
  const [direction, setDirection] = useState<Direction>(initialDirection);
  const [depth, setDepth] = useState(initialDepth);
  const [asOfText, setAsOfText] = useState('');
  const asOf = asOfText === '' ? null : new Date(asOfText).getTime();
  const query = useQuery({
    ...lineageGraphQuery({ node, direction, depth, asOf: asOf !== null && Number.isFinite(asOf) ? asOf : null }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="lineage-explorer">
      <div className="lineage-controls" role="group" aria-label="Graph query">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-direction`}>
            Direction
          </label>
          <select id={`${id}-direction`} className="select" value={direction} onChange={(e) => setDirection(e.target.value as Direction)}>
            <option value="upstream">Upstream (where it came from)</option>
            <option value="downstream">Downstream (what it feeds)</option>
            <option value="both">Both</option>
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-depth`}>
            Depth (hops)
          </label>
          <input
            id={`${id}-depth`}
            className="input lineage-controls__depth"
            type="number"
            min={1}
            max={50}
            value={depth}
            onChange={(e) => {
              const next = Number(e.target.value);
              if (Number.isInteger(next) && next >= 1 && next <= 50) setDepth(next);
            }}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-asof`}>
            As of (empty: now)
          </label>
          <input id={`${id}-asof`} className="input" type="datetime-local" value={asOfText} onChange={(e) => setAsOfText(e.target.value)} />
        </div>
      </div>
      {query.isPending ? (
        <SkeletonBlock label="Loading the lineage graph" lines={8} />
      ) : query.isError ? (
        <ErrorState
          title="Could not load the lineage graph"
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
          hint="Check the node's name (MODEL@VERSION, dataset:NAMESPACE:NAME or job:NAMESPACE:NAME), or pick one with the search above."
        />
      ) : (
        <GraphWorkspace key={`${query.data.root.id}`} graph={query.data} title={title} />
      )}
    </div>
  );
}

function GraphWorkspace({ graph, title }: { graph: LineageGraph; title: string }) {
  const id = useId();
  const [hiddenKinds, setHiddenKinds] = useState<ReadonlySet<LineageNodeKind>>(new Set());
  const [collapseRuns, setCollapseRuns] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const view = useMemo(() => buildView(graph, { hiddenKinds, collapseRuns }), [graph, hiddenKinds, collapseRuns]);
  const laidOut = useLayout(view);
  const theme = useResolvedTheme();
  const canvasRef = useRef<LineageCanvasHandle>(null);
  const selected = selectedId !== null && view.nodes.some((n) => n.id === selectedId) ? selectedId : null;
  const path = useMemo(
    () => (selected !== null && selected !== graph.root.id ? pathBetween(view, selected, graph.root.id) : null),
    [view, selected, graph.root.id],
  );
  // Read again when the theme changes: the stylesheet resolves its colours per theme.
  const colours = useMemo(() => ({ ...readLineageTheme(), scheme: theme }), [theme]);
  const option = useMemo(() => {
    if (!laidOut || laidOut.view !== view || laidOut.error) return null;
    return buildGraphOption({ view, positions: laidOut.positions, rootId: graph.root.id, selectedId: selected, path, theme: colours });
  }, [laidOut, view, graph.root.id, selected, path, colours]);

  const toggleKind = (kind: LineageNodeKind) =>
    setHiddenKinds((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  const download = (format: 'png' | 'svg') => {
    const url = canvasRef.current?.exportImage(format, colours.surface);
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = `lineage-${graph.root.label.replace(/[^\w.@-]+/g, '_')}.${format}`;
    link.click();
  };

  if (graph.nodes.length <= 1) {
    return (
      <EmptyState title="Nothing is connected to this node yet" icon="lineage" level={3}>
        <p>
          No {graph.direction === 'both' ? '' : graph.direction} lineage is recorded for {graph.root.label}. Send OpenLineage events from
          your pipelines, drop event files or a DVC project on the Lineage section, or sync the MLflow connection that holds its runs.
        </p>
      </EmptyState>
    );
  }

  return (
    <>
      <div className="lineage-controls" role="group" aria-label="Graph view">
        <fieldset className="lineage-controls__kinds">
          <legend className="field__label">Show</legend>
          {FILTERABLE_KINDS.map((kind) => (
            <label key={kind} className="lineage-controls__check">
              <input type="checkbox" checked={!hiddenKinds.has(kind)} onChange={() => toggleKind(kind)} />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </fieldset>
        <label className="lineage-controls__check">
          <input type="checkbox" checked={collapseRuns} onChange={(e) => setCollapseRuns(e.target.checked)} />
          Collapse runs into their jobs
        </label>
        <div className="lineage-controls__export">
          <button type="button" className="button" onClick={() => download('png')} disabled={!option}>
            Export PNG
          </button>
          <button type="button" className="button" onClick={() => download('svg')} disabled={!option}>
            Export SVG
          </button>
        </div>
      </div>
      <p className="lineage-summary" id={`${id}-summary`}>
        {formatCount(view.nodes.length)} nodes and {formatCount(view.edges.length)} edges
        {graph.asOf !== null ? ` as of ${new Date(graph.asOf).toLocaleString()}` : ''}.
        {graph.truncated && ' The graph reached its size limit: lower the depth or start from a closer node to see the rest.'}
        {graph.cycles.length > 0 &&
          ` ${graph.cycles.length} cycle${graph.cycles.length === 1 ? '' : 's'} found (a job that reads what it writes).`}
        {' Scroll to zoom, drag to pan, click a node for its details.'}
      </p>
      <LineageLegend />
      <div className={selected !== null ? 'lineage-stage lineage-stage--with-panel' : 'lineage-stage'}>
        {laidOut?.error && laidOut.view === view ? (
          <ErrorState
            title="Could not lay out this graph"
            error={laidOut.error}
            level={3}
            hint="The tables below still list every node and edge. Lower the depth, or hide runs, and the layout is tried again."
          />
        ) : option ? (
          <LineageCanvas
            ref={canvasRef}
            option={option}
            label={`${title}: lineage graph, also listed in the tables below`}
            onSelectNode={setSelectedId}
          />
        ) : (
          <div className="lineage-canvas lineage-canvas--pending">
            <SkeletonBlock label={`Laying out ${formatCount(view.nodes.length)} nodes`} lines={6} />
          </div>
        )}
        {selected !== null && <NodePanel nodeId={selected} isRoot={selected === graph.root.id} onClose={() => setSelectedId(null)} />}
      </div>
      <LineageTables view={view} rootId={graph.root.id} selectedId={selected} onSelect={setSelectedId} />
    </>
  );
}

/** Runs the layout off the render path; the result is tagged with the view it belongs to. */
interface LaidOut {
  view: ViewGraph;
  positions: Map<number, Point>;
  error: Error | null;
}

function useLayout(view: ViewGraph): LaidOut | null {
  const [result, setResult] = useState<LaidOut | null>(null);
  useEffect(() => {
    let cancelled = false;
    layoutGraph(view).then(
      (positions) => {
        if (!cancelled) setResult({ view, positions, error: null });
      },
      (error: unknown) => {
        if (!cancelled) setResult({ view, positions: new Map(), error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [view]);
  return result;
}
