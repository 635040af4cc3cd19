import type { LineageEdge, LineageNode } from '@shared/domain/lineage';
import type { FigureGraph } from '../lineage-figure';
import { escapeXml } from '../render/escape';
import { fitText, textWidth } from '../render/text-width';
import {
  FIGURE_MAX_HEIGHT,
  FIGURE_MAX_WIDTH,
  FIRST_FIGURE_MAX_HEIGHT,
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
 * The lineage figure of a graph too large to draw as one readable layered graph (a layer
 * wider than a page holds, or more layers than a page is tall): the graph as an indented tree,
 * the version on top and every node's inputs under it, one node a line. A line holds a full
 * name at print size, and the tree is cut into parts that each fit a page, with the tree's
 * lines running off one part and into the next and a marker saying where it continues.
 *
 * A node reached from two consumers is drawn with its inputs the first time and then named
 * again as a reference, so the tree stays the graph's size.
 */

const PAD = 6;
const ROW_H = 19;
const BOX_H = 16;
const INDENT = 18;
/** Past this depth lines stop moving right, so a deep chain keeps room for its names. */
const MAX_INDENT_DEPTH = 18;
const PAD_IN = 5;
/** The trunk of a node's inputs runs this far inside its box's left edge. */
const TRUNK = 6;
const BASELINE = 13;

interface Row {
  node: LineageNode;
  depth: number;
  /** Row of the consumer this line is an input of; null for the version. */
  parent: number | null;
  /** The row whose line the trunk to this one starts from: the previous input of the same consumer, or the consumer. */
  anchor: number | null;
  edge: LineageEdge | null;
  /** Row where this node is drawn with its inputs, when this line only refers to it. */
  drawnAt: number | null;
}

/** Kinds in the order a node's inputs are listed: code, then runs, then data. */
const KIND_ORDER: LineageNode['kind'][] = [
  'code_commit',
  'model_version',
  'run',
  'job',
  'dataset_version',
  'dataset',
  'column',
  'deployment',
];

function treeRows(figure: FigureGraph): Row[] {
  const byId = new Map(figure.nodes.map((n) => [n.id, n]));
  const inputs = new Map<number, LineageEdge[]>();
  for (const e of figure.edges) if (byId.has(e.from)) inputs.set(e.to, [...(inputs.get(e.to) ?? []), e]);
  const order = (e: LineageEdge) => {
    const n = byId.get(e.from) as LineageNode;
    return { k: KIND_ORDER.indexOf(n.kind), label: n.label };
  };
  const rows: Row[] = [];
  const drawn = new Map<number, number>();
  const root = byId.get(figure.root);
  if (!root) return rows;
  // Depth first, iteratively: a long chain must not exhaust the stack.
  const stack: { node: LineageNode; depth: number; parent: number | null; edge: LineageEdge | null }[] = [
    { node: root, depth: 0, parent: null, edge: null },
  ];
  const lastChild = new Map<number, number>();
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    const at = rows.length;
    const seen = drawn.get(item.node.id);
    const anchor = item.parent === null ? null : (lastChild.get(item.parent) ?? item.parent);
    if (item.parent !== null) lastChild.set(item.parent, at);
    rows.push({ node: item.node, depth: item.depth, parent: item.parent, anchor, edge: item.edge, drawnAt: seen ?? null });
    if (seen !== undefined) continue;
    drawn.set(item.node.id, at);
    const children = [...(inputs.get(item.node.id) ?? [])].sort((a, b) => {
      const x = order(a);
      const y = order(b);
      return x.k - y.k || byName(x.label, y.label);
    });
    for (const e of children.reverse()) stack.push({ node: byId.get(e.from) as LineageNode, depth: item.depth + 1, parent: at, edge: e });
  }
  return rows;
}

/**
 * Where to cut the rows into parts, the first holding at most `first` rows and the others
 * `rest`: as few parts as that allows, filled evenly, each cut moved a few rows earlier where
 * the tree is shallower (while the rows left still fit) so a part tends to begin with a branch.
 */
export function partBounds(depths: readonly number[], first: number, rest: number): [number, number][] {
  const n = depths.length;
  const count = n <= first ? 1 : 1 + Math.ceil((n - first) / rest);
  const bounds: [number, number][] = [];
  let start = 0;
  for (let k = 0; k < count; k++) {
    const left = count - k;
    const capacity = k === 0 ? first : rest;
    if (left === 1) {
      bounds.push([start, n]);
      break;
    }
    let end = Math.min(start + capacity, start + Math.ceil((n - start) / left));
    const fits = (e: number) => n - e <= (left - 1) * rest;
    for (let e = end - 1; e >= end - 6 && e > start; e--) if ((depths[e] ?? 0) < (depths[end] ?? 0) && fits(e)) end = e;
    bounds.push([start, end]);
    start = end;
  }
  return bounds;
}

export function outlineFigure(figure: FigureGraph): { parts: FigurePart[]; shortened: ShortenedName[] } {
  const rows = treeRows(figure);
  // A part's first line (but the first part's) and last line (but the last part's) say where it continues.
  const lines = (height: number) => Math.floor((height - 2 * PAD) / ROW_H);
  const bounds = partBounds(
    rows.map((r) => r.depth),
    lines(FIRST_FIGURE_MAX_HEIGHT) - 1,
    lines(FIGURE_MAX_HEIGHT) - 2,
  );
  const partOf = (row: number) => bounds.findIndex(([s, e]) => row >= s && row < e);
  const marks = new Marks();
  const xOf = (row: number) => PAD + Math.min((rows[row] as Row).depth, MAX_INDENT_DEPTH) * INDENT;
  const firstLine = (k: number) => (k > 0 ? 1 : 0);
  const topOf = (row: number) => {
    const k = partOf(row);
    return PAD + (firstLine(k) + row - (bounds[k] as [number, number])[0]) * ROW_H;
  };
  const heightOf = (k: number) => {
    const [s, e] = bounds[k] as [number, number];
    return 2 * PAD + (firstLine(k) + (e - s) + (k < bounds.length - 1 ? 1 : 0)) * ROW_H;
  };

  const drawn: string[][] = bounds.map(() => []);
  // The tree's lines first, so boxes sit on them: for each line, the trunk from its anchor
  // down to it and a stub into its box, crossing parts where the anchor is in an earlier one.
  rows.forEach((row, i) => {
    if (row.parent === null || row.anchor === null) return;
    const x = round(xOf(row.parent) + TRUNK);
    const from = row.anchor === row.parent ? topOf(row.anchor) + (ROW_H + BOX_H) / 2 : topOf(row.anchor) + ROW_H / 2;
    const mid = topOf(i) + ROW_H / 2;
    const ka = partOf(row.anchor);
    const ki = partOf(i);
    for (let k = ka; k <= ki; k++) {
      const y1 = k === ka ? from : 0;
      const y2 = k === ki ? mid : heightOf(k);
      drawn[k]?.push(`<path d="M${x} ${round(y1)} V${round(y2)}" stroke="#8a8f98" stroke-width="1.2" fill="none"/>`);
    }
    // No arrowheads: data flows up the tree (an input into its consumer), which the
    // indentation says; an arrow on every stub would only crowd the names.
    if (xOf(i) > x)
      drawn[ki]?.push(`<path d="M${x} ${round(mid)} H${round(xOf(i))}" stroke="#8a8f98" stroke-width="1.2" fill="none"${dash(row.edge)}/>`);
  });

  rows.forEach((row, i) => {
    const n = row.node;
    const style = KIND_STYLE[n.kind];
    const x = xOf(i);
    const y = topOf(i) + (ROW_H - BOX_H) / 2;
    const kind = kindText(n);
    const kindW = textWidth(kind, KIND_PX) + textWidth(' ', LABEL_PX) + 3;
    const note =
      row.drawnAt === null ? '' : ` (drawn ${partOf(row.drawnAt) === partOf(i) ? 'above' : `in part ${partOf(row.drawnAt) + 1}`})`;
    const noteW = note ? textWidth(note, KIND_PX) : 0;
    const room = FIGURE_MAX_WIDTH - PAD - x - 2 * PAD_IN - kindW - noteW;
    let name = fitText(n.label, LABEL_PX, room);
    let mark = '';
    if (name.shortened) {
      name = fitText(n.label, LABEL_PX, room - Marks.widthOf(marks.peek(n)));
      mark = marks.take(n);
    }
    const boxW = 2 * PAD_IN + kindW + textWidth(name.text, LABEL_PX) + (mark ? Marks.widthOf(mark) : 0) + noteW;
    const muted = (text: string) => (text ? `<tspan font-size="${KIND_PX}" fill="${MUTED}">${escapeXml(text)}</tspan>` : '');
    drawn[partOf(i)]?.push(
      `<g><title>${escapeXml(n.ref)}</title><rect x="${round(x)}" y="${round(y)}" width="${round(boxW)}" height="${BOX_H}" rx="4" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${n.id === figure.root ? 2 : 1}"${row.drawnAt === null ? '' : ' stroke-dasharray="3 2"'}/>` +
        `<text x="${round(x + PAD_IN)}" y="${round(topOf(i) + BASELINE)}" font-size="${LABEL_PX}" fill="${INK}"><tspan font-size="${KIND_PX}" fill="${style.stroke}">${escapeXml(kind)}</tspan> <tspan dx="3">${escapeXml(name.text)}</tspan>${muted(mark)}${muted(note)}</text></g>`,
    );
  });

  const parts = bounds.map(([s, e], k): FigurePart => {
    const height = heightOf(k);
    const body = drawn[k] as string[];
    if (k > 0) {
      // Where the part picks up: the consumer whose inputs it goes on listing.
      const parent = (rows[s] as Row).parent;
      const under = parent === null ? '' : `, inputs of ${(rows[parent] as Row).node.label}`;
      const text = fitText(`continued from part ${k}${under}`, KIND_PX, FIGURE_MAX_WIDTH / 2).text;
      body.push(
        `<text x="${FIGURE_MAX_WIDTH - PAD}" y="${PAD + BASELINE}" text-anchor="end" font-size="${KIND_PX}" fill="${MUTED}">${escapeXml(text)}</text>`,
      );
    }
    if (k < bounds.length - 1)
      body.push(
        `<text x="${FIGURE_MAX_WIDTH - PAD}" y="${round(height - PAD - ROW_H + BASELINE)}" text-anchor="end" font-size="${KIND_PX}" fill="${MUTED}">continued in part ${k + 2}</text>`,
      );
    const label = `Upstream lineage tree, lines ${s + 1} to ${e} of ${rows.length}`;
    return {
      svg: svgFrame(FIGURE_MAX_WIDTH, height, label, '', body.join('')),
      width: FIGURE_MAX_WIDTH,
      height,
      smallestFontPx: Math.min(KIND_PX, LABEL_PX),
    };
  });
  return { parts, shortened: marks.list };
}
