import type { LineageEdge, LineageNode } from '@shared/domain/lineage';
import { escapeXml } from '../render/escape';
import { FIGURE_FONT, textWidth } from '../render/text-width';

/**
 * What the two drawings of the lineage figure (lineage/layered.ts, lineage/outline.ts) share:
 * sizes of text chosen for paper, the colours of each node kind, and the SVG frame.
 *
 * Text sizes are in the SVG's own px, and every figure is drawn at most PAGE_AREA wide and
 * placed at its own size, so they print as they are: 9.75 px is 7.3 pt on A4 (see
 * pdf/paper.ts printedPt), the least any text of the figure prints at; names are 8 pt.
 */

export const KIND_PX = 9.75;
export const LABEL_PX = 10.75;
export const MUTED = '#5f6670';
export const INK = '#1d1f23';

/** The widest a figure is drawn: the page's layout width (691 px) less a little for rounding. */
export const FIGURE_MAX_WIDTH = 680;
/**
 * The tallest a figure is drawn, so that it is never sliced across pages: a page (998 px)
 * less a caption line and the figure's margins, for a figure that continues another; less the
 * section heading and a caption of four lines too for the first, which its heading keeps with it.
 */
export const FIGURE_MAX_HEIGHT = 950;
export const FIRST_FIGURE_MAX_HEIGHT = 830;

/** Names in the order people count: table_2 before table_10. */
export const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export const KIND_STYLE: Record<LineageNode['kind'], { fill: string; stroke: string; label: string }> = {
  dataset: { fill: '#eef4fb', stroke: '#3b6ea5', label: 'dataset' },
  dataset_version: { fill: '#e8f3ee', stroke: '#2e7d5b', label: 'data version' },
  job: { fill: '#f5effa', stroke: '#7a4fa3', label: 'job' },
  run: { fill: '#fdf5e6', stroke: '#b07a1e', label: 'run' },
  model_version: { fill: '#fbeaea', stroke: '#a33b3b', label: 'model version' },
  deployment: { fill: '#f0f0f0', stroke: '#555555', label: 'deployment' },
  code_commit: { fill: '#f0f0f0', stroke: '#444444', label: 'code commit' },
  column: { fill: '#ffffff', stroke: '#999999', label: 'column' },
};

/** The small line above (or before) a node's name: its kind, and a run's state. */
export function kindText(node: LineageNode): string {
  return `${KIND_STYLE[node.kind].label}${node.run ? ` · ${node.run.state}` : ''}`;
}

/** One drawn figure: an SVG placed at its own size, and what its printed text size follows from. */
export interface FigurePart {
  svg: string;
  /** The SVG's width and height attributes, CSS px. */
  width: number;
  height: number;
  /** The smallest font size (px) of any text in the SVG. */
  smallestFontPx: number;
}

/** A node whose name the figure had to shorten: the mark drawn after it, for the table under the figure. */
export interface ShortenedName {
  mark: number;
  node: LineageNode;
}

/** Numbers shortened names in the order they are drawn; a node drawn twice keeps its number. */
export class Marks {
  private readonly byNode = new Map<number, number>();
  readonly list: ShortenedName[] = [];

  /** The mark a node would get (its own, or the next), to reserve its width before shortening. */
  peek(node: LineageNode): string {
    return ` [${this.byNode.get(node.id) ?? this.list.length + 1}]`;
  }

  take(node: LineageNode): string {
    let mark = this.byNode.get(node.id);
    if (mark === undefined) {
      mark = this.list.length + 1;
      this.byNode.set(node.id, mark);
      this.list.push({ mark, node });
    }
    return ` [${mark}]`;
  }

  static widthOf(mark: string): number {
    return textWidth(mark, KIND_PX);
  }
}

export const round = (n: number): number => Math.round(n * 10) / 10;

/** Solid for what an event or lock file said, dashed for what was declared or inferred. */
export function dash(edge: LineageEdge | null): string {
  return edge && edge.confidence !== 'observed' ? ' stroke-dasharray="4 3"' : '';
}

/**
 * The SVG frame: drawn at its own size (width/height attributes), shrunk only on a screen
 * narrower than it (max-width), never on the page, which is at least FIGURE_MAX_WIDTH wide.
 */
export function svgFrame(width: number, height: number, label: string, defs: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" ` +
    `style="display:block;max-width:100%;height:auto;margin:0 auto" role="img" aria-label="${escapeXml(label)}" font-family="${FIGURE_FONT}">` +
    defs +
    body +
    `</svg>`
  );
}
