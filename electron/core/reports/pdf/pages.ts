/**
 * Page numbers for the table of contents, read back from the PDF Chromium printed: every
 * `<a href="#id">` becomes a named destination `/id [page 0 R /XYZ …]`, and the page tree
 * gives each page object its number. Chromium (Skia) writes both as plain, uncompressed
 * objects, so a few patterns suffice; anything unexpected just yields no numbers.
 */

function objects(pdf: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of pdf.matchAll(/(?:^|\n)(\d+) 0 obj\s*([\s\S]*?)endobj/g)) out.set(Number(m[1]), m[2] as string);
  return out;
}

function pageOrder(objs: Map<number, string>): number[] {
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o));
  const root = catalog?.match(/\/Pages\s+(\d+)\s+0\s+R/)?.[1];
  if (!root) return [];
  const order: number[] = [];
  const walk = (id: number, seen: Set<number>) => {
    if (seen.has(id)) return;
    seen.add(id);
    const obj = objs.get(id) ?? '';
    if (/\/Type\s*\/Pages\b/.test(obj)) {
      const kids = obj.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(k[1]), seen);
    } else if (/\/Type\s*\/Page\b/.test(obj)) order.push(id);
  };
  walk(Number(root), new Set());
  return order;
}

/** Section id → 1-based page number, for the ids asked for that the PDF has as destinations. */
export function destinationPages(pdf: Uint8Array, ids: readonly string[]): Map<string, number> {
  const text = Buffer.from(pdf).toString('latin1');
  const objs = objects(text);
  const order = pageOrder(objs);
  const pages = new Map<string, number>();
  for (const id of ids) {
    // Section ids are [a-z0-9-]: PDF names without escapes, and safe inside a pattern.
    if (!/^[a-z0-9-]+$/.test(id)) continue;
    const m = text.match(new RegExp(`/${id}\\s*\\[\\s*(\\d+)\\s+0\\s+R`));
    const index = m ? order.indexOf(Number(m[1])) : -1;
    if (index >= 0) pages.set(id, index + 1);
  }
  return pages;
}

/** How many pages a PDF has (its page tree's /Count), for tests and the operation's answer. */
export function pageCount(pdf: Uint8Array): number | null {
  const order = pageOrder(objects(Buffer.from(pdf).toString('latin1')));
  return order.length > 0 ? order.length : null;
}
