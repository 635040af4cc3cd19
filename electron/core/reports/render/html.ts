import { cellText, type Block, type Cell, type ReportDocument, type Tone } from '../document';
import { escapeXml as x } from './escape';

/**
 * The one HTML template of every report. The HTML format is this page as is; the PDF is this
 * page printed by Chromium (headless or Electron). Self-contained by construction: inline CSS,
 * inline SVG, no script, no font, image or link that leaves the file; a CSP meta tag makes a
 * browser refuse any request even if evidence text tried to smuggle one in.
 */

export interface HtmlOptions {
  /** Page number of each section (by id) for the PDF's table of contents; omitted in the HTML format. */
  tocPages?: ReadonlyMap<string, number> | 'placeholder';
}

/** What the contents show for a page number before it is known (fixed width: the layout does not move when it is filled in). */
export const TOC_PLACEHOLDER = '00';

const TONE_CLASS: Record<Tone, string> = { ok: 'ok', warn: 'warn', bad: 'bad', waived: 'waived', unknown: 'unknown', info: 'info' };

const CSS = `
:root { --ok:#1e6b3a; --warn:#8a5a00; --bad:#b3261e; --muted:#5f6670; --line:#d9dce1; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #1d1f23; line-height: 1.4; }
body { margin: 0 auto; max-width: 980px; padding: 24px; }
h1 { font-size: 22pt; margin: 0 0 6px; }
h2 { font-size: 14.5pt; margin: 26px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #2f5d9b; break-after: avoid; }
h3 { font-size: 11pt; margin: 14px 0 6px; break-after: avoid; }
p { margin: 6px 0; }
.mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 9pt; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f1f3f6; }
tr { break-inside: avoid; }
/* A record (a sign-off, the identity) is read as one: kept on one page, which also keeps the contents' page prediction (pdf/contents.ts) in step with the print. */
table.kv { break-inside: avoid; }
table.kv th { width: 28%; font-weight: 600; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 8pt; padding-top: 2px; }
.ok { color: var(--ok); } .warn { color: var(--warn); } .bad { color: var(--bad); font-weight: 600; }
.waived { color: var(--bad); font-weight: 600; } .unknown { color: var(--muted); } .info { color: #2f5d9b; }
.missing { color: var(--muted); font-style: italic; border-left: 3px solid #b9bec6; padding: 4px 8px; background: #f6f7f9; }
.callout { border: 1px solid var(--line); border-left-width: 5px; padding: 6px 10px; margin: 8px 0; break-inside: avoid; }
.callout.ok { border-color: var(--ok); } .callout.bad { border-color: var(--bad); } .callout.warn { border-color: var(--warn); }
.callout.waived { border: 2px solid var(--bad); background: #fff5f4; }
.callout strong { display: block; }
.callout.ok, .callout.warn, .callout.info, .callout.unknown { font-weight: normal; }
figure { margin: 8px 0 12px; break-inside: avoid; } figcaption { color: var(--muted); font-size: 8pt; }
.badge { display: inline-block; font-size: 8pt; padding: 1px 6px; border-radius: 8px; border: 1px solid currentColor; margin-left: 6px; vertical-align: middle; font-weight: normal; }
.cover { min-height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.cover .sub { color: var(--muted); font-size: 12pt; margin-bottom: 22px; }
.cover table.kv th { width: 22%; }
.cover .status { font-size: 12pt; margin-top: 18px; }
.toc ol { list-style: none; padding: 0; } .toc li { display: flex; border-bottom: 1px dotted var(--line); padding: 3px 0; }
.toc a { color: inherit; text-decoration: none; flex: 1; } .toc .pg { width: 3em; text-align: right; }
.page-break { break-after: page; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
`;

/** Characters after which a long token may wrap: ids, paths, dotted and hyphenated names, key=value pairs. */
const TOKEN_BREAK = /([/._:@=,-])/;
/** Unbroken stretches longer than this get a break opportunity anyway (hex digests, run ids). */
const LONGEST_UNBROKEN = 14;

/**
 * Cell text, escaped, with break opportunities (<wbr>) inside long tokens only. A table is as
 * wide as its widest unbreakable words; one run id too many makes it wider than the page, and
 * Chromium then prints *every* page shrunk to fit it (a 738 px table printed the whole dossier
 * at 94 %). Ordinary words are left whole, which `overflow-wrap: anywhere` would not do.
 */
function breakable(text: string): string {
  return text
    .split(/(\s+)/)
    .map((token) => {
      if (token.length <= LONGEST_UNBROKEN || /^\s+$/.test(token)) return x(token);
      const pieces = token.split(TOKEN_BREAK).reduce<string[]>((acc, part, i) => {
        // split() with a group alternates parts and separators: a separator ends the piece before it.
        if (i % 2 === 1) acc[acc.length - 1] += part;
        else acc.push(part);
        return acc;
      }, []);
      return pieces
        .flatMap((piece) => piece.match(new RegExp(`.{1,${LONGEST_UNBROKEN}}`, 'gsu')) ?? [''])
        .map(x)
        .join('<wbr>');
    })
    .join('');
}

function cell(c: Cell, tag: 'td' | 'th' = 'td'): string {
  if (typeof c === 'string') return `<${tag}>${breakable(c)}</${tag}>`;
  const classes = [c.tone ? TONE_CLASS[c.tone] : '', c.mono ? 'mono' : ''].filter(Boolean).join(' ');
  return `<${tag}${classes ? ` class="${classes}"` : ''}>${breakable(c.text)}</${tag}>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${x(b.text)}</p>`;
    case 'missing':
      return `<p class="missing">${x(b.text)}</p>`;
    case 'h3':
      return `<h3>${x(b.text)}</h3>`;
    case 'kv':
      return `<table class="kv"><tbody>${b.rows.map(([k, v]) => `<tr><th>${x(k)}</th>${cell(v)}</tr>`).join('')}</tbody></table>`;
    case 'table':
      return `<table><thead><tr>${b.columns.map((c) => `<th>${x(c)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => cell(c)).join('')}</tr>`)
        .join('')}</tbody>${b.caption ? `<caption>${x(b.caption)}</caption>` : ''}</table>`;
    case 'figure':
      // The SVG is built by our own renderers from escaped text, never taken from evidence.
      return `<figure>${b.svg}<figcaption>${x(b.caption)}</figcaption></figure>`;
    case 'callout':
      return `<div class="callout ${TONE_CLASS[b.tone]}"><strong class="${TONE_CLASS[b.tone]}">${x(b.title)}</strong>${x(b.text)}</div>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${x(i)}</li>`).join('')}</ul>`;
  }
}

const STATUS_BADGE = {
  present: '',
  partial: '<span class="badge warn">partial evidence</span>',
  missing: '<span class="badge unknown">no evidence</span>',
};

export function renderHtml(doc: ReportDocument, options: HtmlOptions = {}): string {
  const toc = options.tocPages;
  const pageOf = (id: string) => (toc === undefined ? '' : toc === 'placeholder' ? TOC_PLACEHOLDER : String(toc.get(id) ?? ''));
  const cover = `<section class="cover"><h1>${x(doc.title)}</h1><div class="sub">${x(doc.subtitle)}</div>
<table class="kv"><tbody>${doc.cover.facts.map(([k, v]) => `<tr><th>${x(k)}</th><td${/^[0-9a-f]{64}$/.test(v) ? ' class="mono"' : ''}>${x(v)}</td></tr>`).join('')}</tbody></table>
${doc.cover.status ? `<div class="callout status ${TONE_CLASS[doc.cover.status.tone]}">${x(doc.cover.status.text)}</div>` : ''}
<p class="unknown">Generated by Quorum from stored evidence. Verify with <span class="mono">quorum report verify FILE</span> against the signed manifest beside this file.</p></section>`;
  const contents = `<nav class="toc"><h2>Contents</h2><ol>${doc.sections
    .map(
      (s, i) =>
        `<li><a href="#${x(s.id)}">${i + 1}. ${x(s.title)}</a>${toc === undefined ? '' : `<span class="pg">${pageOf(s.id)}</span>`}</li>`,
    )
    .join('')}</ol></nav>`;
  const body = doc.sections
    .map(
      (s, i) =>
        `<section><h2 id="${x(s.id)}">${i + 1}. ${x(s.title)}${STATUS_BADGE[s.status]}</h2>${s.blocks.map(block).join('\n')}</section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Quorum">
<title>${x(doc.title)}</title><style>${CSS}</style></head>
<body>
${cover}
<div class="page-break"></div>
${contents}
<div class="page-break"></div>
${body}
</body></html>
`;
}

/** For tests and Markdown: the text of a cell. */
export { cellText };
