import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineageGraph } from '@shared/domain/lineage';
import { createCore, type Core } from '../../electron/core/create-core';
import { figureGraph, lineageFigure } from '../../electron/core/reports/lineage-figure';
import { call, lineageFigureWords, pagesWith, printedSize, requirePoppler } from './fixture';
import { MODEL, START, SUBJECT, seedRegistryAndLineage } from './large-workspace';

/**
 * The large dossier's lineage (the bench's 200-node upstream graph) as the PDF prints it:
 * an indented tree over two pages, each part whole on its page, every node's name found by
 * pdftotext and every word of the figure printed at 7 pt or more.
 */

let core: Core;
let dir: string;
const file = () => join(dir, 'out', 'large.pdf');

beforeAll(async () => {
  requirePoppler();
  dir = mkdtempSync(join(tmpdir(), 'quorum-reports-large-'));
  mkdirSync(join(dir, 'out'));
  core = createCore({ dataDir: join(dir, 'data'), validateOutput: true, now: () => START });
  await seedRegistryAndLineage(core, START);
  // The report is signed by the active identity; no other governance is needed to draw the lineage.
  await call(core, 'governance.identities.create', { name: 'Ada Admin', email: 'ada@bench.example', handles: [], activate: true });
  await call(core, 'reports.generate', { kind: 'dossier', model: MODEL, version: SUBJECT, format: 'pdf', out: file() });
}, 90_000);

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('large dossier lineage figure', () => {
  it('prints in two parts, each whole on its own page, every name searchable at 7 pt or more', () => {
    const bundle = JSON.parse(readFileSync(`${file()}.evidence.json`, 'utf8')) as { lineage: LineageGraph };
    expect(bundle.lineage.nodes).toHaveLength(200);
    const drawn = lineageFigure(figureGraph(bundle.lineage)).drawn;

    const first = pagesWith(file(), `Upstream lineage of ${MODEL} v${SUBJECT}:`);
    const second = pagesWith(file(), `Upstream lineage of ${MODEL} v${SUBJECT}, part 2 of 2`);
    expect(first).toHaveLength(1);
    expect(second).toEqual([(first[0] as number) + 1]);
    const parts = [first[0], second[0]].map((page) => lineageFigureWords(file(), page as number));
    const texts = parts.map((words) => words.map((w) => w.text).join(' '));
    // Part 1 begins at the version and says where it goes on; part 2 says where it picks up.
    expect(texts[0]?.startsWith(`model version ${MODEL} v${SUBJECT}`)).toBe(true);
    expect(texts[0]).toContain('continued in part 2');
    expect(texts[1]).toContain('continued from part 1');

    const all = texts.join(' ');
    for (const n of drawn.nodes) expect(all, n.ref).toContain(n.label);
    const words = parts.flat();
    expect(Math.min(...words.map(printedSize))).toBeGreaterThanOrEqual(7);
  });
});
