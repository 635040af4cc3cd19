import { useMemo, useState } from 'react';
import { StatusBadge } from '../../ui/StatusBadge';
import type { ViewGraph } from './graph-model';
import { CONFIDENCE_LABELS, KIND_LABELS, RUN_STATE_STATUS } from './vocabulary';

/** Rows rendered at first; the rest on request, so a 2,000-node graph does not build 2,000 rows up front. */
const PAGE = 200;

export interface LineageTablesProps {
  view: ViewGraph;
  rootId: number;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

/** The graph as tables: the keyboard and screen-reader way through what the canvas draws. */
export function LineageTables({ view, rootId, selectedId, onSelect }: LineageTablesProps) {
  const [shownNodes, setShownNodes] = useState(PAGE);
  const [showEdges, setShowEdges] = useState(false);
  const nodes = useMemo(
    () => [...view.nodes].sort((a, b) => (a.depth ?? 0) - (b.depth ?? 0) || a.label.localeCompare(b.label)),
    [view.nodes],
  );
  const labels = useMemo(() => new Map(view.nodes.map((n) => [n.id, n.label])), [view.nodes]);
  return (
    <div className="lineage-tables">
      <section aria-labelledby="lineage-nodes-title">
        <h2 id="lineage-nodes-title">Nodes ({nodes.length})</h2>
        <div className="table-scroll">
          <table className="table table--compact" aria-labelledby="lineage-nodes-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Namespace</th>
                <th scope="col">Run state</th>
                <th scope="col" className="number">
                  Hops
                </th>
              </tr>
            </thead>
            <tbody>
              {nodes.slice(0, shownNodes).map((node) => (
                <tr key={node.id} className={node.id === selectedId ? 'is-selected' : undefined}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => onSelect(node.id)} aria-pressed={node.id === selectedId}>
                      {node.label}
                    </button>
                    {node.id === rootId && <span className="muted"> (centre)</span>}
                  </th>
                  <td>
                    {KIND_LABELS[node.kind]}
                    {node.mergedRuns > 0 && <span className="muted"> · {node.mergedRuns} runs</span>}
                  </td>
                  <td className="lineage-tables__namespace">{node.namespace}</td>
                  <td>
                    {node.state ? (
                      <StatusBadge tone={RUN_STATE_STATUS[node.state].tone} label={RUN_STATE_STATUS[node.state].label} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="number">{node.depth ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {nodes.length > shownNodes && (
          <button type="button" className="button" onClick={() => setShownNodes((n) => n + PAGE * 5)}>
            Show more nodes ({nodes.length - shownNodes} not shown)
          </button>
        )}
      </section>
      <section aria-labelledby="lineage-edges-title">
        <h2 id="lineage-edges-title">Edges ({view.edges.length})</h2>
        <button type="button" className="button" aria-expanded={showEdges} onClick={() => setShowEdges((v) => !v)}>
          {showEdges ? 'Hide the edges' : 'List the edges'}
        </button>
        {showEdges && (
          <div className="table-scroll">
            <table className="table table--compact" aria-labelledby="lineage-edges-title">
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Relation</th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {view.edges.map((edge) => (
                  <tr key={edge.key}>
                    <td>{labels.get(edge.from)}</td>
                    <td>{labels.get(edge.to)}</td>
                    <td>{edge.kind.replace('_', ' ')}</td>
                    <td title={CONFIDENCE_LABELS[edge.confidence].explanation}>{CONFIDENCE_LABELS[edge.confidence].label}</td>
                    <td>{edge.origin}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
