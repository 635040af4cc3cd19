import type { LineageNode } from '@shared/domain/lineage';
import type { FigureGraph } from '../lineage-figure';
import { escapeXml } from '../render/escape';
import { wrapText } from '../render/text-width';
import {
  FIRST_FIGURE_MAX_HEIGHT,
  FIGURE_MAX_WIDTH,
  INK,
  KIND_PX,
  KIND_STYLE,
  LABEL_PX,
  MUTED,
  Marks,
  byName,
  dash,
  kindText,
  round,
  svgFrame,
  type FigurePart,
  type ShortenedName,
} from './draw';

/**
 * The lineage figure as a layered graph drawn top to bottom: the sources at the top, the
 * version at the bottom, one row per layer. On a portrait page the rows run across its width,
 * so a long pipeline grows downwards (a page holds a dozen layers) and only the widest layer
 * has to fit across; names wrap on up to three lines instead of shrinking.
 *
 * Drawn only when the whole graph fits one page at print size; otherwise `layeredFigure`
 * says so (null) and the figure is drawn as an outline (lineage/outline.ts).
 */

const PAD = 8;
const GAP_X = 14;
const GAP_Y = 30;
const PAD_IN = 7;
const MIN_BOX_W = 118;
const MAX_BOX_W = 210;
const MAX_LINES = 3;
const LINE_H = 13.5;
/** Baseline of the kind line below the box top, then each name line LINE_H further down. */
const KIND_BASELINE = 14;
const BOTTOM = 6;

/** The most nodes a row can hold at the narrowest box. */
export const MAX_ROW = Math.floor((FIGURE_MAX_WIDTH - 2 * PAD + GAP_X) / (MIN_BOX_W + GAP_X));

/**
 * Layer of each node as its longest path down to the version (the version 0): every edge
 * points down the page, and a node sits just above its nearest-drawn consumer's layer chain.
 * A cycle (reported by lineage) is cut where it is met.
 */
function ranksToRoot(figure: FigureGraph): Map<number, number> {
  const consumers = new Map<number, number[]>();
  for (const e of figure.edges) consumers.set(e.from, [...(consumers.get(e.from) ?? []), e.to]);
  const rank = new Map<number, number>();
  const visiting = new Set<number>();
  const rankOf = (id: number): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    if (id === figure.root || visiting.has(id)) return 0;
    visiting.add(id);
    const cs = consumers.get(id) ?? [];
    const r = cs.length === 0 ? 0 : Math.max(...cs.map((c) => rankOf(c) + 1));
    visiting.delete(id);
    rank.set(id, r);
    return r;
  };
  rank.set(figure.root, 0);
  for (const n of figure.nodes) rankOf(n.id);
  return rank;
}

const byKindAndLabel = (a: LineageNode, b: LineageNode) => a.kind.localeCompare(b.kind) || byName(a.label, b.label);

/**
 * Rows from the version up, each ordered by where its consumers sit in the rows below
 * (barycentre), so the inputs of one node stay together above it and edges cross little.
 */
function orderedRows(figure: FigureGraph, rank: Map<number, number>): LineageNode[][] {
  const rows: LineageNode[][] = [];
  for (const n of figure.nodes) {
    const r = rank.get(n.id) ?? 0;
    while (rows.length <= r) rows.push([]);
    (rows[r] as LineageNode[]).push(n);
  }
  const consumers = new Map<number, number[]>();
  for (const e of figure.edges) consumers.set(e.from, [...(consumers.get(e.from) ?? []), e.to]);
  const slot = new Map<number, number>();
  rows.forEach((row, r) => {
    const key = (n: LineageNode) => {
      const below = (consumers.get(n.id) ?? []).filter((c) => slot.has(c) && (rank.get(c) ?? 0) < r);
      return below.length === 0 ? 0.5 : below.reduce((sum, c) => sum + (slot.get(c) as number), 0) / below.length;
    };
    const keys = new Map(row.map((n) => [n.id, key(n)]));
    row.sort((a, b) => (keys.get(a.id) as number) - (keys.get(b.id) as number) || byKindAndLabel(a, b));
    row.forEach((n, i) => slot.set(n.id, (i + 0.5) / row.length));
  });
  return rows.filter((row) => row.length > 0);
}

/** The figure as one layered drawing, or null when it would not fit one page at print size. */
export function layeredFigure(figure: FigureGraph, arrowId: string): { part: FigurePart; shortened: ShortenedName[] } | null {
  const rank = ranksToRoot(figure);
  const rows = orderedRows(figure, rank);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  if (widest > MAX_ROW) return null;
  const boxW = Math.min(MAX_BOX_W, Math.floor((FIGURE_MAX_WIDTH - 2 * PAD - (widest - 1) * GAP_X) / widest));
  const textW = boxW - 2 * PAD_IN;

  // Names first: their line count sets the box height, which decides whether the rows fit.
  const marks = new Marks();
  const named = new Map<number, { lines: string[]; mark: string }>();
  for (const row of [...rows].reverse()) {
    for (const n of row) {
      const whole = wrapText(n.label, LABEL_PX, textW, MAX_LINES);
      if (!whole.shortened) {
        named.set(n.id, { lines: whole.lines, mark: '' });
        continue;
      }
      // Room for the mark at the end of the last line, then the mark itself.
      const room = textW - Marks.widthOf(marks.peek(n));
      const lines = wrapText(n.label, LABEL_PX, room, MAX_LINES).lines;
      named.set(n.id, { lines, mark: marks.take(n) });
    }
  }
  const lineCount = Math.max(1, ...[...named.values()].map((v) => v.lines.length));
  const boxH = KIND_BASELINE + lineCount * LINE_H + BOTTOM;
  const height = 2 * PAD + rows.length * boxH + (rows.length - 1) * GAP_Y;
  if (height > FIRST_FIGURE_MAX_HEIGHT) return null;
  const width = 2 * PAD + widest * boxW + (widest - 1) * GAP_X;

  const pos = new Map<number, { x: number; y: number }>();
  const top = rows.length - 1;
  rows.forEach((row, r) => {
    const rowW = row.length * boxW + (row.length - 1) * GAP_X;
    const x0 = (width - rowW) / 2;
    row.forEach((n, i) => pos.set(n.id, { x: x0 + i * (boxW + GAP_X), y: PAD + (top - r) * (boxH + GAP_Y) }));
  });

  // Edges leave the bottom of a box and enter the top of the next, spread across the box
  // edge in the order of the other ends so that a node's inputs do not pile on one point.
  const outs = new Map<number, number[]>();
  const ins = new Map<number, number[]>();
  figure.edges.forEach((e, i) => {
    if (!pos.has(e.from) || !pos.has(e.to)) return;
    outs.set(e.from, [...(outs.get(e.from) ?? []), i]);
    ins.set(e.to, [...(ins.get(e.to) ?? []), i]);
  });
  const xOf = (id: number) => (pos.get(id) as { x: number }).x;
  const spread = (lists: Map<number, number[]>, other: (i: number) => number) => {
    const at = new Map<number, number>();
    for (const [id, list] of lists) {
      const sorted = [...list].sort((a, b) => other(a) - other(b));
      sorted.forEach((edge, k) => at.set(edge, xOf(id) + (boxW * (k + 1)) / (sorted.length + 1)));
    }
    return at;
  };
  const startX = spread(outs, (i) => xOf((figure.edges[i] as { to: number }).to));
  const endX = spread(ins, (i) => xOf((figure.edges[i] as { from: number }).from));

  const parts: string[] = [];
  figure.edges.forEach((e, i) => {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) return;
    const x1 = round(startX.get(i) as number);
    const y1 = round(a.y + boxH);
    const x2 = round(endX.get(i) as number);
    const y2 = round(b.y - 4);
    const my = round((y1 + y2) / 2);
    parts.push(
      `<path d="M${x1} ${y1} C${x1} ${my} ${x2} ${my} ${x2} ${y2}" fill="none" stroke="#8a8f98" stroke-width="1.2"${dash(e)} marker-end="url(#${arrowId})"/>`,
    );
  });
  for (const row of rows) {
    for (const n of row) {
      const p = pos.get(n.id) as { x: number; y: number };
      const style = KIND_STYLE[n.kind];
      const name = named.get(n.id) as { lines: string[]; mark: string };
      const lines = name.lines.map((line, k) => {
        const mark = name.mark && k === name.lines.length - 1 ? `<tspan font-size="${KIND_PX}" fill="${MUTED}">${name.mark}</tspan>` : '';
        return `<text x="${round(p.x + PAD_IN)}" y="${round(p.y + KIND_BASELINE + (k + 1) * LINE_H)}" font-size="${LABEL_PX}" fill="${INK}">${escapeXml(line)}${mark}</text>`;
      });
      parts.push(
        `<g><title>${escapeXml(n.ref)}</title><rect x="${round(p.x)}" y="${round(p.y)}" width="${boxW}" height="${boxH}" rx="5" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${n.id === figure.root ? 2 : 1}"/>` +
          `<text x="${round(p.x + PAD_IN)}" y="${round(p.y + KIND_BASELINE)}" font-size="${KIND_PX}" fill="${style.stroke}">${escapeXml(kindText(n))}</text>` +
          lines.join('') +
          `</g>`,
      );
    }
  }
  const defs = `<defs><marker id="${arrowId}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L8 4 L0 8 z" fill="#8a8f98"/></marker></defs>`;
  const svg = svgFrame(width, height, 'Upstream lineage graph', defs, parts.join(''));
  return { part: { svg, width, height, smallestFontPx: Math.min(KIND_PX, LABEL_PX) }, shortened: marks.list };
}
