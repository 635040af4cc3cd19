import { TOC_PLACEHOLDER } from '../render/html';
import type { PageArea } from './paper';

/**
 * Table-of-contents page numbers without a second print. The report's HTML is laid out once,
 * in the page that will print it (print media matched), as Chromium's printing would: the
 * same page box, the same shrink-to-fit, the page breaks turned into column breaks of a
 * multi-column box whose columns are the pages — Chromium fragments columns and pages with
 * the same engine. The column each heading lands in is its page. The numbers are written into
 * the contents and the page printed once. Nothing is taken on trust: the caller reads the
 * printed PDF's named destinations as before, and only when they agree with the printed
 * numbers is that print the final one (see PlaywrightPdfPrinter); otherwise it prints again.
 *
 * Host-neutral on purpose: everything here is strings and numbers, run through a
 * `PrintSurface` that both playwright-core (`page.evaluate`, `page.pdf`) and Electron
 * (`webContents.executeJavaScript`, `webContents.printToPDF`) can provide.
 */

/** What the single-pass print needs from the host: a loaded page, with print media matched. */
export interface PrintSurface {
  /** Runs a script (an expression) in the page and gives back its JSON-able value. */
  evaluate(script: string): Promise<unknown>;
  print(): Promise<Uint8Array>;
}

export interface ContentsEntry {
  id: string;
  /** The entry's markup in the HTML, placeholder included: replaced to predict the final HTML. */
  markup: string;
}

const PLACEHOLDER_SPAN = `<span class="pg">${TOC_PLACEHOLDER}</span>`;

/** The contents entries that await a page number, in order; empty when the HTML has none. */
export function contentsEntries(html: string): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  for (const m of html.matchAll(/<li><a href="#([a-z0-9-]+)">[^<]*<\/a><span class="pg">([^<]*)<\/span><\/li>/g)) {
    if (m[2] !== TOC_PLACEHOLDER) continue;
    entries.push({ id: m[1] as string, markup: m[0] });
  }
  return entries;
}

/** The HTML with each entry's placeholder replaced by its page: what the renderer writes for these pages. */
export function withPages(html: string, entries: readonly ContentsEntry[], pages: ReadonlyMap<string, number>): string {
  let out = html;
  for (const e of entries) {
    const page = pages.get(e.id);
    // Replacer functions: a title may hold `$&` and the like, which a replacement string would expand.
    const filled = e.markup.replace(PLACEHOLDER_SPAN, () => `<span class="pg">${page ?? ''}</span>`);
    out = out.replace(e.markup, () => filled);
  }
  return out;
}

/**
 * In-page script: the page of each id's element (1-based), or null when one is missing. Page
 * box: Blink lays out at the content width; when the document is wider it widens the layout
 * (at most ×1.5, keeping the page's ratio) and shrinks the print to fit. Forced page breaks
 * become column breaks, avoided page breaks avoided column breaks, and images or SVGs taller
 * than a page are stood in for as printing slices them; everything is put back.
 * Plain ES5-ish source in a string so no bundler helper (esbuild's __name) leaks into it.
 */
function measureScript(ids: readonly string[], box: PageArea): string {
  return `(function (ids, W0, H0) {
  var doc = document, root = doc.documentElement;
  var probe = doc.createElement('style');
  probe.textContent = 'html{width:' + W0 + 'px !important}';
  doc.head.appendChild(probe);
  var wide = Math.round(doc.body.scrollWidth);
  var W = W0, H = H0;
  if (wide > Math.ceil(W0)) { W = Math.floor(Math.min(wide, W0 * 1.5)); H = Math.floor((W * H0) / W0); }
  probe.remove();
  var PAGE = { page: 1, left: 1, right: 1, recto: 1, verso: 1 };
  var changed = [];
  var all = doc.body.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    var el = all[i], cs = getComputedStyle(el);
    var before = PAGE[cs.breakBefore], after = PAGE[cs.breakAfter], inside = cs.breakInside === 'avoid-page';
    if (!before && !after && !inside) continue;
    changed.push([el, el.style.breakBefore, el.style.breakAfter, el.style.breakInside]);
    if (before) el.style.breakBefore = 'column';
    if (after) el.style.breakAfter = 'column';
    if (inside) el.style.breakInside = 'avoid-column';
  }
  var style = doc.createElement('style');
  style.textContent = 'html,body{margin:0 !important;padding:0 !important;border:0 !important}' +
    'body{width:' + W + 'px !important;max-width:none !important;height:' + H + 'px !important;' +
    'column-width:' + W + 'px !important;column-count:auto !important;column-gap:0 !important;column-fill:auto !important;overflow:visible !important}';
  doc.head.appendChild(style);
  // Printing pushes a monolithic box (an image, an SVG) that does not fit to a fresh page and
  // slices it there when taller than a page; a column only overflows it. So a taller one is
  // stood in for by a monolithic page-tall box and a breakable rest of its height.
  var tall = [];
  var replaced = doc.body.querySelectorAll('svg, img, canvas, video, iframe, object, embed');
  for (var t = 0; t < replaced.length; t++) {
    var m = replaced[t];
    if (m.parentElement && m.parentElement.closest('svg')) continue;
    var rect = m.getBoundingClientRect();
    if (rect.height <= H) continue;
    var stand = doc.createElement('div');
    stand.style.margin = getComputedStyle(m).margin;
    var head = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    head.style.display = 'block';
    head.style.width = rect.width + 'px';
    head.style.height = H + 'px';
    var rest = doc.createElement('div');
    rest.style.height = rect.height - H + 'px';
    stand.appendChild(head);
    stand.appendChild(rest);
    m.parentNode.insertBefore(stand, m.nextSibling);
    tall.push([m, stand, m.style.display]);
    m.style.display = 'none';
  }
  var left = doc.body.getBoundingClientRect().left;
  var pages = {};
  var ok = true;
  for (var k = 0; k < ids.length; k++) {
    var target = doc.getElementById(ids[k]);
    if (!target) { ok = false; break; }
    pages[ids[k]] = Math.round((target.getBoundingClientRect().left - left) / W) + 1;
  }
  for (var q = 0; q < tall.length; q++) {
    tall[q][1].remove();
    tall[q][0].style.display = tall[q][2];
  }
  style.remove();
  for (var j = 0; j < changed.length; j++) {
    var c = changed[j];
    c[0].style.breakBefore = c[1]; c[0].style.breakAfter = c[2]; c[0].style.breakInside = c[3];
  }
  void root.offsetWidth;
  return ok ? pages : null;
})(${JSON.stringify(ids)}, ${box.width}, ${box.height})`;
}

/** In-page script: writes the numbers into the contents' placeholders, in entry order. */
function fillScript(numbers: readonly string[]): string {
  return `(function (numbers) {
  var spans = document.querySelectorAll('.toc li > span.pg');
  if (spans.length !== numbers.length) return false;
  for (var i = 0; i < spans.length; i++) spans[i].textContent = numbers[i];
  return true;
})(${JSON.stringify(numbers)})`;
}

export interface SinglePassResult {
  pdf: Uint8Array;
  /** The measured page of each entry, or null when the page could not be measured (printed as is). */
  pages: Map<string, number> | null;
}

/**
 * Measures, fills the contents and prints once. With no contents to number, or a layout the
 * measurement cannot read, prints the page as it is (placeholders kept): the caller's usual
 * two-pass print then applies to that document.
 */
export async function printWithContents(
  surface: PrintSurface,
  entries: readonly ContentsEntry[],
  area: PageArea,
): Promise<SinglePassResult> {
  if (entries.length === 0) return { pdf: await surface.print(), pages: null };
  const ids = entries.map((e) => e.id);
  const measured = (await surface.evaluate(measureScript(ids, area))) as Record<string, unknown> | null;
  const pages = new Map<string, number>();
  for (const id of ids) {
    const page = measured?.[id];
    if (typeof page === 'number' && Number.isInteger(page) && page >= 1) pages.set(id, page);
  }
  if (pages.size !== ids.length) return { pdf: await surface.print(), pages: null };
  const filled = await surface.evaluate(fillScript(ids.map((id) => String(pages.get(id)))));
  if (filled !== true) return { pdf: await surface.print(), pages: null };
  return { pdf: await surface.print(), pages };
}
