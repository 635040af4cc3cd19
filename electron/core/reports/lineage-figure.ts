import type { LineageEdge, LineageGraph, LineageNode } from '@shared/domain/lineage';
import { escapeXml } from './render/escape';

/**
 * The lineage figure of a dossier: the upstream *path* of the version, laid out in layers
 * left to right (sources left, the version right).
 *
 * The stored upstream walk is wider than that on purpose (a job stands for all its runs, a
 * dataset for all its versions), which would draw every historical snapshot. The figure
 * follows only data-carrying edges (input, output, produced, same_as, code, parent), so it
 * shows where *this* version's data and code came from; the full walk stays in the bundle.
 */

const FOLLOWED = new Set<LineageEdge['kind']>(['input', 'output', 'produced', 'same_as', 'code', 'parent']);

export interface FigureGraph {
  root: number;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

export function figureGraph(graph: LineageGraph): FigureGraph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = new Map<number, LineageEdge[]>();
  for (const e of graph.edges) {
    if (!FOLLOWED.has(e.kind) || e.validTo !== null) continue;
    const list = incoming.get(e.to) ?? [];
    list.push(e);
    incoming.set(e.to, list);
  }
  const keep = new Set<number>([graph.root.id]);
  const edges: LineageEdge[] = [];
  const queue = [graph.root.id];
  while (queue.length > 0) {
    const id = queue.shift() as number;
    for (const e of incoming.get(id) ?? []) {
      if (!byId.has(e.from)) continue;
      edges.push(e);
      if (!keep.has(e.from)) {
        keep.add(e.from);
        queue.push(e.from);
      }
    }
  }
  const nodes = graph.nodes.filter((n) => keep.has(n.id));
  return { root: graph.root.id, nodes, edges };
}

const KIND_STYLE: Record<LineageNode['kind'], { fill: string; stroke: string; label: string }> = {
  dataset: { fill: '#eef4fb', stroke: '#3b6ea5', label: 'dataset' },
  dataset_version: { fill: '#e8f3ee', stroke: '#2e7d5b', label: 'data version' },
  job: { fill: '#f5effa', stroke: '#7a4fa3', label: 'job' },
  run: { fill: '#fdf5e6', stroke: '#b07a1e', label: 'run' },
  model_version: { fill: '#fbeaea', stroke: '#a33b3b', label: 'model version' },
  deployment: { fill: '#f0f0f0', stroke: '#555555', label: 'deployment' },
  code_commit: { fill: '#f0f0f0', stroke: '#444444', label: 'code commit' },
  column: { fill: '#ffffff', stroke: '#999999', label: 'column' },
};

/** Longest-path layering from the sources; a cycle (reported by lineage) is cut where it is met. */
function layers(figure: FigureGraph): Map<number, number> {
  const preds = new Map<number, number[]>();
  for (const e of figure.edges) preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
  const layer = new Map<number, number>();
  const visiting = new Set<number>();
  const depthOf = (id: number): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const ps = preds.get(id) ?? [];
    const d = ps.length === 0 ? 0 : Math.max(...ps.map((p) => depthOf(p) + 1));
    visiting.delete(id);
    layer.set(id, d);
    return d;
  };
  for (const n of figure.nodes) depthOf(n.id);
  return layer;
}

const BOX_W = 150;
const BOX_H = 36;
const GAP_X = 26;
const GAP_Y = 12;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Pipeline runs drawn as the arrows they are: each input → run → output becomes input → output,
 * so a figure on paper has one column per data step instead of two. The training run stays (it
 * is what links code and data to the version); the runs are listed in the table below it.
 */
export function foldPipelineRuns(figure: FigureGraph): FigureGraph {
  const training = new Set(figure.edges.filter((e) => e.kind === 'produced' && e.to === figure.root).map((e) => e.from));
  const folded = new Set(figure.nodes.filter((n) => n.kind === 'run' && !training.has(n.id)).map((n) => n.id));
  const edges: LineageEdge[] = figure.edges.filter((e) => !folded.has(e.from) && !folded.has(e.to));
  for (const r of folded) {
    const ins = figure.edges.filter((e) => e.to === r && !folded.has(e.from) && e.kind === 'input');
    const outs = figure.edges.filter((e) => e.from === r && !folded.has(e.to) && e.kind === 'output');
    for (const i of ins)
      for (const o of outs) if (!edges.some((e) => e.from === i.from && e.to === o.to)) edges.push({ ...o, from: i.from });
  }
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { root: figure.root, nodes: figure.nodes.filter((n) => !folded.has(n.id) && (linked.has(n.id) || n.id === figure.root)), edges };
}

/** An inline SVG of the figure graph: vector, self-contained, text selectable in the PDF. */
export function lineageSvg(full: FigureGraph): { svg: string; width: number; height: number; printSvg: string | null } {
  const figure = foldPipelineRuns(full);
  const layer = layers(figure);
  const columns = new Map<number, LineageNode[]>();
  for (const n of figure.nodes) {
    const l = layer.get(n.id) ?? 0;
    columns.set(l, [...(columns.get(l) ?? []), n]);
  }
  const order = [...columns.keys()].sort((a, b) => a - b);
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const width = order.length * (BOX_W + GAP_X) - GAP_X + 20;
  const height = tallest * (BOX_H + GAP_Y) - GAP_Y + 20;
  const pos = new Map<number, { x: number; y: number }>();
  order.forEach((l, ci) => {
    const column = (columns.get(l) ?? []).sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
    const offset = ((tallest - column.length) * (BOX_H + GAP_Y)) / 2;
    column.forEach((n, ri) => pos.set(n.id, { x: 10 + ci * (BOX_W + GAP_X), y: 10 + offset + ri * (BOX_H + GAP_Y) }));
  });
  const parts: string[] = [];
  for (const e of figure.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + BOX_W;
    const y1 = a.y + BOX_H / 2;
    const x2 = b.x;
    const y2 = b.y + BOX_H / 2;
    const mx = (x1 + x2) / 2;
    const dash = e.confidence === 'observed' ? '' : ' stroke-dasharray="4 3"';
    parts.push(
      `<path d="M${x1} ${y1} C${mx} ${y1} ${mx} ${y2} ${x2 - 4} ${y2}" fill="none" stroke="#8a8f98" stroke-width="1.2"${dash} marker-end="url(#arrow)"/>`,
    );
  }
  for (const n of figure.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const style = KIND_STYLE[n.kind];
    parts.push(
      `<g><title>${escapeXml(n.ref)}</title><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="5" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${n.id === figure.root ? 2 : 1}"/>` +
        `<text x="${p.x + 8}" y="${p.y + 14}" font-size="8.5" fill="${style.stroke}">${escapeXml(style.label)}${n.run ? ` · ${escapeXml(n.run.state)}` : ''}</text>` +
        `<text x="${p.x + 8}" y="${p.y + 29}" font-size="10.5" fill="#1d1f23">${escapeXml(clip(n.label, 25))}</text></g>`,
    );
  }
  const defs = (id: string) =>
    `<defs><marker id="${id}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L8 4 L0 8 z" fill="#8a8f98"/></marker></defs>`;
  const body = parts.join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" role="img" aria-label="Upstream lineage graph" font-family="Helvetica, Arial, sans-serif">` +
    defs('arrow') +
    body +
    `</svg>`;
  // A long pipeline is far wider than a portrait page: on paper it is turned a quarter (read
  // with the page rotated clockwise), the way printed reports set wide figures, so its text
  // stays legible instead of shrinking to fit the page width.
  const printSvg =
    width > 1.6 * height && width > 1500
      ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${height} ${width}" style="height:228mm;max-width:100%" role="img" aria-label="Upstream lineage graph (turned)" font-family="Helvetica, Arial, sans-serif">` +
        defs('arrow-print') +
        `<g transform="translate(0 ${width}) rotate(-90)">${body.replaceAll('url(#arrow)', 'url(#arrow-print)')}</g></svg>`
      : null;
  return { svg, width, height, printSvg };
}
