import type { LineageEdge, LineageGraph, LineageNode } from '@shared/domain/lineage';
import { layeredFigure } from './lineage/layered';
import { outlineFigure } from './lineage/outline';
import type { FigurePart, ShortenedName } from './lineage/draw';
import { printedPt } from './pdf/paper';

/**
 * The lineage figure of a dossier: the upstream *path* of the version, drawn for A4 at a size
 * that prints legibly (see `lineageFigure` below).
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

export type { FigurePart, ShortenedName } from './lineage/draw';

export interface LineageFigure {
  /** layered: one graph, sources at the top; outline: an indented tree cut into page-sized parts. */
  mode: 'layered' | 'outline';
  /** The figure graph drawn, pipeline runs folded into arrows. */
  drawn: FigureGraph;
  parts: FigurePart[];
  /** Nodes whose names the drawing shortened, by the mark drawn after them. */
  shortened: ShortenedName[];
}

/**
 * The figure for paper. Nothing is scaled to fit: text is set at print size and the drawing
 * is chosen so that it fits a portrait page as it is. The layered graph reads best, so it is
 * drawn whenever it fits one page (its widest layer across, its layers down); a larger graph
 * has no readable one-page drawing, so it is drawn as an indented tree over as many
 * page-sized parts as it needs. A portrait page rather than a landscape one: the desktop
 * app's printToPDF and the headless print then lay out every page alike, and so does the
 * contents' page-number measurement (pdf/contents.ts).
 */
export function lineageFigure(full: FigureGraph): LineageFigure {
  const drawn = foldPipelineRuns(full);
  const layered = layeredFigure(drawn, 'lineage-arrow');
  if (layered) return { mode: 'layered', drawn, parts: [layered.part], shortened: layered.shortened };
  const outline = outlineFigure(drawn);
  return { mode: 'outline', drawn, parts: outline.parts, shortened: outline.shortened };
}

/** The size (pt) the smallest text of a part prints at on the report's page. */
export function printedFontPt(part: Pick<FigurePart, 'width' | 'smallestFontPx'>): number {
  return printedPt(part.smallestFontPx, part.width);
}
