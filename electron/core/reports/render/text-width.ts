/**
 * Text widths without a browser, so a figure can fit, wrap or shorten its labels when it is
 * drawn (the core builds SVG as strings; nothing measures them until Chromium prints).
 *
 * The widths are Helvetica's advance widths, which Arial and Liberation Sans share by design
 * (metric-compatible): figures name those fonts first (FIGURE_FONT), so the estimate holds on
 * macOS, Windows and Linux alike. Characters outside printable ASCII count as a full em, which
 * over-estimates most of them: a label is shortened a little early rather than overflowing.
 */

export const FIGURE_FONT = "'Liberation Sans', Arial, Helvetica, sans-serif";

/** Advance widths in 1/1000 em of the characters 32 (space) to 126 (~). */
// prettier-ignore
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];

/** A few non-ASCII characters the figures write themselves. */
const OTHER: Record<string, number> = { '…': 1000, '·': 278, '—': 1000, '↑': 1000 };

function advance(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 32 && code <= 126) return ASCII[code - 32] ?? 1000;
  return OTHER[ch] ?? 1000;
}

/** Width in px of `text` set at `sizePx`. */
export function textWidth(text: string, sizePx: number): number {
  let units = 0;
  for (const ch of text) units += advance(ch);
  return (units * sizePx) / 1000;
}

/** `text` as is when it fits `maxPx`, else its longest prefix that fits with an ellipsis. */
export function fitText(text: string, sizePx: number, maxPx: number): { text: string; shortened: boolean } {
  if (textWidth(text, sizePx) <= maxPx) return { text, shortened: false };
  const chars = [...text];
  let width = textWidth('…', sizePx);
  let end = 0;
  while (end < chars.length && width + textWidth(chars[end] as string, sizePx) <= maxPx) width += textWidth(chars[end++] as string, sizePx);
  return { text: `${chars.slice(0, end).join('').trimEnd()}…`, shortened: true };
}

/**
 * After these a label may break: names are paths, dotted tables and versions more than words.
 * A strong break (between a schema and its table, a folder and its file) is worth a shorter
 * line; a weak one (inside a snake_case or kebab-case word) only near the line's end.
 */
const STRONG_BREAK = new Set([' ', '/', '.', ':', '@', ',']);
const WEAK_BREAK = new Set(['_', '-', '=']);

/** Where to end a line that would run to `end`: after a separator if there is one late enough, else at `end`. */
function breakAt(chars: readonly string[], start: number, end: number): number {
  const length = end - start;
  const after = (set: ReadonlySet<string>, from: number) => {
    for (let i = end; i > from; i--) if (set.has(chars[i - 1] as string)) return i;
    return null;
  };
  return after(STRONG_BREAK, start + Math.floor(length / 2)) ?? after(WEAK_BREAK, start + Math.floor((length * 2) / 3)) ?? end;
}

/**
 * `text` wrapped into at most `maxLines` lines of `maxPx`, breaking after a separator where
 * one is late enough in the line (see breakAt) and anywhere otherwise; what does not fit in
 * the last line is shortened with an ellipsis.
 */
export function wrapText(text: string, sizePx: number, maxPx: number, maxLines: number): { lines: string[]; shortened: boolean } {
  const chars = [...text];
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length && lines.length < maxLines - 1) {
    let end = start;
    let width = 0;
    while (end < chars.length && width + textWidth(chars[end] as string, sizePx) <= maxPx)
      width += textWidth(chars[end++] as string, sizePx);
    if (end >= chars.length) break;
    let cut = breakAt(chars, start, end);
    if (cut <= start) cut = start + 1;
    lines.push(chars.slice(start, cut).join('').trimEnd());
    start = cut;
    while (chars[start] === ' ') start++;
  }
  const last = fitText(chars.slice(start).join(''), sizePx, maxPx);
  if (last.text !== '') lines.push(last.text);
  return { lines, shortened: last.shortened };
}
