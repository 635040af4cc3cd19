import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract';
import { createCore, type Core } from '../../electron/core/create-core';
import { demoDriftLoaded } from '../../electron/core/demo/load-drift';
import { demoGovernanceLoaded, readGovernanceStory } from '../../electron/core/demo/load-governance';
import { defaultResourcesDir } from '../../electron/core/resources';
import { textWidth } from '../../electron/core/reports/render/text-width';

/**
 * The demo workspace with every kind of evidence a dossier reads: the registry and the signed
 * governance story, the drift history and the OpenLineage and DVC lineage, all loaded by the demo.
 */

const resources = defaultResourcesDir();
export const storyNow = Date.parse(readGovernanceStory(resources).story.now);

export async function demoWorkspace(now: number = storyNow): Promise<{ core: Core; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-reports-'));
  const core = createCore({ dataDir: dir, workspaceKind: 'demo', validateOutput: true, now: () => now });
  await demoGovernanceLoaded(core.services);
  await demoDriftLoaded(core.services);
  return { core, dir };
}

export async function call<K extends OperationName>(core: Core, operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const result = await core.dispatch(operation, input);
  if (!result.ok) throw new Error(`${operation} failed: ${result.error.code} ${result.error.message}`);
  return result.data as OperationOutput<K>;
}

/** pdftotext / pdftoppm are Debian's poppler-utils; without them the PDF cannot be read back, so the test fails saying so. */
export function requirePoppler(): void {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error)
    throw new Error('pdftotext is not installed: the PDF tests need poppler-utils (Debian/Ubuntu: apt-get install -y poppler-utils).');
}

export function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', [...range, '-layout', file, '-'], { encoding: 'utf8' });
}

export function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? NaN);
}

export interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const XML_TEXT: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The words of one page with their boxes (pt, from the top left), as `pdftotext -bbox` reads them. */
export function pdfWords(file: string, page: number): PdfWord[] {
  const xml = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', file, '-'], { encoding: 'utf8' });
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: (m[5] as string).replace(/&(amp|lt|gt|quot|#39);/g, (e) => XML_TEXT[e] ?? e),
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

/** The 1-based pages whose text contains `needle`. */
export function pagesWith(file: string, needle: string): number[] {
  const found: number[] = [];
  for (let p = 1; p <= pdfPages(file); p++) if (pdfText(file, p).replace(/\s+/g, ' ').includes(needle)) found.push(p);
  return found;
}

/**
 * The words of a lineage figure on a page: below the running header (and the section heading
 * when the page has it), above the figure's caption ("Upstream lineage of …").
 */
export function lineageFigureWords(file: string, page: number): PdfWord[] {
  const words = pdfWords(file, page);
  const caption = words.findIndex((w, i) => w.text === 'Upstream' && words[i + 1]?.text === 'lineage');
  const bottom = caption >= 0 ? (words[caption] as PdfWord).yMin : Infinity;
  const heading = words.find((w) => w.text === 'Lineage' && w.yMin < 100);
  const top = heading ? heading.yMax : 40;
  return words.filter((w) => w.yMin > top && w.yMax <= bottom);
}

/**
 * The size (pt) a word of a figure was printed at: its width on the page over its width in
 * ems. Figures are set in Liberation Sans / Arial, whose advance widths text-width.ts holds
 * (checked against Chromium), so this is the font size itself, whatever the drawing's scale.
 */
export function printedSize(word: PdfWord): number {
  return (word.xMax - word.xMin) / textWidth(word.text, 1);
}
