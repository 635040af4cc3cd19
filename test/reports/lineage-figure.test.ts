import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineageEdge, LineageGraph, LineageNode } from '@shared/domain/lineage';
import { createCore, type Core } from '../../electron/core/create-core';
import { FIGURE_MAX_HEIGHT, FIRST_FIGURE_MAX_HEIGHT } from '../../electron/core/reports/lineage/draw';
import { MAX_ROW } from '../../electron/core/reports/lineage/layered';
import { partBounds } from '../../electron/core/reports/lineage/outline';
import {
  figureGraph,
  lineageFigure,
  printedFontPt,
  type FigureGraph,
  type FigurePart,
  type LineageFigure,
} from '../../electron/core/reports/lineage-figure';
import { PAGE_AREA, printedPt } from '../../electron/core/reports/pdf/paper';
import { fitText, textWidth, wrapText } from '../../electron/core/reports/render/text-width';
import { call } from './fixture';
import { START, SUBJECT_NODE, seedRegistryAndLineage } from './large-workspace';

/**
 * The dossier's lineage figure is drawn for A4 at a size that prints legibly: every text of it
 * at least 7 pt on paper, computed from what is drawn (the SVG's own width and font sizes),
 * for a 7-column pipeline and for the large dossier's 200-node lineage. How the PDFs print
 * it is checked in dossier.test.ts and dossier-large-lineage.test.ts with pdftotext.
 */

const MIN_PT = 7;

let seq = 0;
function node(kind: LineageNode['kind'], label: string, extra: Partial<LineageNode> = {}): LineageNode {
  const id = ++seq;
  return {
    id,
    ref: `${kind}:test:${label}`,
    kind,
    namespace: 'test',
    name: label,
    qualifier: null,
    label,
    origin: 'openlineage',
    firstSeenAt: 0,
    lastSeenAt: 0,
    run: null,
    depth: null,
    ...extra,
  };
}

function edge(
  from: LineageNode,
  to: LineageNode,
  kind: LineageEdge['kind'],
  confidence: LineageEdge['confidence'] = 'observed',
): LineageEdge {
  return {
    id: ++seq,
    from: from.id,
    to: to.id,
    kind,
    confidence,
    origin: 'openlineage',
    sourceRef: 'test',
    validFrom: 0,
    validTo: null,
    details: null,
  };
}

const completed = (jobRef: string): LineageNode['run'] => ({
  runId: `run-${seq}`,
  origin: 'openlineage',
  state: 'completed',
  startedAt: 0,
  endedAt: 1,
  firstEventAt: 0,
  lastEventAt: 1,
  jobRef,
  parentRunId: null,
  rootRunId: null,
  errorMessage: null,
});

/**
 * A pipeline seven columns long as the dossier drew it before (sources left, the version
 * right, one column per data step): three source tables → raw snapshot → cleaned → features →
 * train and holdout splits → the training run (with its code commit) → the model version.
 * Each data step is a pipeline run, as OpenLineage records it, which the figure folds into arrows.
 */
function sevenColumnPipeline(): FigureGraph {
  const nodes: LineageNode[] = [];
  const edges: LineageEdge[] = [];
  const add = (n: LineageNode) => (nodes.push(n), n);
  const step = (job: string, inputs: LineageNode[], outputs: LineageNode[]) => {
    const run = add(node('run', `${job} (01a0cbcb-547…)`, { run: completed(`job:airflow-prod:${job}`) }));
    for (const i of inputs) edges.push(edge(i, run, 'input'));
    for (const o of outputs) edges.push(edge(run, o, 'output'));
  };
  const sources = ['card_authorizations', 'merchants', 'chargebacks'].map((t) =>
    add(node('dataset_version', `postgres://corebanking:5432/public.${t} @ 2026-09-01`)),
  );
  const raw = add(node('dataset_version', 's3://northwind-lake/raw/card_events @ 4b3b6979d295…'));
  const clean = add(node('dataset_version', 's3://northwind-lake/clean/card_events @ 71b83506bce1…'));
  const features = add(node('dataset_version', 's3://northwind-lake/features/card_merchant_pairs @ 9a2f04c1'));
  const train = add(node('dataset_version', 'fraud/card_fraud/train @ 03003079'));
  const holdout = add(node('dataset_version', 'fraud/card_fraud/holdout @ 6200c1aa'));
  step('fraud_card_training_set.extract_authorizations', sources, [raw]);
  step('fraud_card_training_set.clean', [raw], [clean]);
  step('fraud_card_training_set.build_features', [clean], [features]);
  step('fraud_card_training_set.split', [features], [train, holdout]);
  const training = add(node('run', 'lgbm-card-merchant-graph (dcab665c1bf0…)', { run: completed('job:mlflow:fraud/card-fraud-blocker') }));
  const commit = add(node('code_commit', 'commit 665864da50'));
  const model = add(node('model_version', 'card-fraud-blocker v4'));
  edges.push(edge(train, training, 'input'), edge(holdout, training, 'input', 'inferred'), edge(commit, training, 'code'));
  edges.push(edge(training, model, 'produced'));
  return { root: model.id, nodes, edges };
}

/** What the SVG itself says: its width attribute and the smallest font-size of any of its texts. */
function drawn(part: FigurePart): { width: number; height: number; smallestFontPx: number; texts: string } {
  const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(part.svg)?.[1]);
  const height = Number(/<svg[^>]* height="([\d.]+)"/.exec(part.svg)?.[1]);
  const sizes = [...part.svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  const texts = [...part.svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => (m[1] as string).replace(/<[^>]+>/g, '')).join('\n');
  return { width, height, smallestFontPx: Math.min(...sizes), texts };
}

const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** Every part prints all its text at MIN_PT or more, fits a page as drawn, and says so in its own SVG. */
function expectLegible(figure: LineageFigure): number {
  let smallest = Infinity;
  figure.parts.forEach((part, k) => {
    const svg = drawn(part);
    expect(svg.width).toBe(part.width);
    expect(svg.smallestFontPx).toBe(part.smallestFontPx);
    expect(svg.width).toBeLessThanOrEqual(PAGE_AREA.width);
    expect(svg.height).toBeLessThanOrEqual(k === 0 ? FIRST_FIGURE_MAX_HEIGHT : FIGURE_MAX_HEIGHT);
    expect(FIGURE_MAX_HEIGHT).toBeLessThan(PAGE_AREA.height);
    const pt = printedFontPt(part);
    expect(pt).toBeCloseTo(printedPt(svg.smallestFontPx, svg.width), 6);
    expect(pt).toBeGreaterThanOrEqual(MIN_PT);
    smallest = Math.min(smallest, pt);
  });
  return smallest;
}

/** Each drawn node's name is in the figure's text, whole or shortened with a mark the table resolves. */
function expectNamed(figure: LineageFigure): void {
  const texts = unescape(figure.parts.map((p) => drawn(p).texts).join('\n'));
  const marked = new Map(figure.shortened.map((s) => [s.node.id, s.mark]));
  for (const n of figure.drawn.nodes) {
    const mark = marked.get(n.id);
    // Wrapped names are split over lines (texts): compared without the breaks.
    if (mark === undefined) expect(texts.replace(/\s+/g, ''), n.label).toContain(n.label.replace(/\s+/g, ''));
    else expect(texts, n.label).toContain(`[${mark}]`);
  }
}

describe('printed size', () => {
  it('follows from the drawn width: the old left-to-right figure of a 7-column pipeline printed at 4.4 pt', () => {
    // 7 columns of 150 px boxes and 26 px gaps (1226 px) shrunk to the page, names at 10.5 px.
    expect(printedPt(10.5, 7 * 176 - 26 + 20)).toBeCloseTo(4.42, 2);
    // Drawn no wider than the page, text prints at its own size: 9.75 px is 7.28 pt.
    expect(printedPt(9.75, 680)).toBeCloseTo(7.28, 2);
  });
});

describe('text widths', () => {
  it('are Liberation Sans / Arial advance widths, as Chromium measured them (getComputedTextLength at 10.75 px)', () => {
    expect(textWidth('corebanking.public.card_authorizations', 10.75)).toBeCloseTo(186.5, 0);
    expect(textWidth('lending.stage_2.table_16 @ 98bd9fc8c9c0…', 10.75)).toBeCloseTo(214.7, 0);
    expect(textWidth('ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 {}[]@#%&', 10.75)).toBeCloseTo(301.9, 0);
  });

  it('wrap names after a schema or folder before splitting a snake_case word, and shorten only what does not fit', () => {
    expect(wrapText('corebanking.public.card_accounts', 10.75, 141, 3)).toEqual({
      lines: ['corebanking.public.', 'card_accounts'],
      shortened: false,
    });
    const long = wrapText('a'.repeat(200), 10.75, 100, 3);
    expect(long.lines).toHaveLength(3);
    expect(long.shortened).toBe(true);
    expect(long.lines[2]?.endsWith('…')).toBe(true);
    for (const line of long.lines) expect(textWidth(line, 10.75)).toBeLessThanOrEqual(100);
    expect(fitText('short', 10.75, 100)).toEqual({ text: 'short', shortened: false });
  });
});

describe('7-column pipeline', () => {
  it('is drawn as one layered graph, top to bottom, every name whole and printed at 7 pt or more', () => {
    const figure = lineageFigure(sevenColumnPipeline());
    expect(figure.mode).toBe('layered');
    expect(figure.parts).toHaveLength(1);
    expect(figure.shortened).toEqual([]);
    const pt = expectLegible(figure);
    expectNamed(figure);
    // The training run stays a box; the four pipeline runs are folded into arrows.
    expect(figure.drawn.nodes.filter((n) => n.kind === 'run')).toHaveLength(1);
    expect(pt).toBeGreaterThan(7.2);
  });

  it('keeps every name searchable: a name longer than three lines is shortened, marked, and listed', () => {
    const pipeline = sevenColumnPipeline();
    const long = pipeline.nodes.find((n) => n.label.startsWith('s3://northwind-lake/features')) as LineageNode;
    long.label = `s3://northwind-lake/features/${'card_merchant_pair_history_'.repeat(4)}v2 @ 9a2f04c1`;
    const figure = lineageFigure(pipeline);
    expect(figure.mode).toBe('layered');
    expect(figure.shortened.map((s) => s.node.id)).toEqual([long.id]);
    expect(figure.parts[0]?.svg).toContain(`<title>${long.ref}</title>`);
    expectNamed(figure);
  });
});

describe("the large dossier's 200-node lineage", () => {
  let core: Core;
  let dir: string;
  let graph: LineageGraph;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quorum-lineage-figure-'));
    core = createCore({ dataDir: dir, validateOutput: true, now: () => START });
    await seedRegistryAndLineage(core, START);
    // The walk the dossier's evidence reads (reports/evidence.ts).
    graph = await call(core, 'lineage.graph', { node: SUBJECT_NODE, direction: 'upstream', depth: 12, maxNodes: 2000 });
  }, 60_000);

  afterAll(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the 200-node lineage of the bench', () => {
    expect(graph.nodes).toHaveLength(200);
  });

  it('is drawn as a tree over page-sized parts, every name in it and printed at 7 pt or more', () => {
    const figure = lineageFigure(figureGraph(graph));
    // Its widest layer is far wider than a page holds at print size.
    expect(figure.mode).toBe('outline');
    expect(MAX_ROW).toBeLessThan(20);
    expect(figure.parts.length).toBe(2);
    const pt = expectLegible(figure);
    expect(pt).toBeGreaterThan(7.2);
    expectNamed(figure);
    expect(figure.parts[1]?.svg).toContain('continued from part 1');
    expect(figure.parts[0]?.svg).toContain('continued in part 2');
  });
});

describe('outline', () => {
  it('draws a node with two consumers once with its inputs, then refers to it', () => {
    const model = node('model_version', 'm v1');
    const training = node('run', 'train run', { run: completed('job:t') });
    // More inputs than a row holds, so the figure is an outline; past ten, to see them counted in order.
    const inputs = Array.from({ length: Math.max(MAX_ROW + 1, 11) }, (_, i) => node('dataset_version', `table_${i + 1}`));
    const shared = node('dataset', 'shared_source');
    const edges = [edge(training, model, 'produced'), ...inputs.map((i) => edge(i, training, 'input'))];
    edges.push(edge(shared, inputs[0] as LineageNode, 'feeds'), edge(shared, inputs[1] as LineageNode, 'feeds'));
    const figure = lineageFigure({ root: model.id, nodes: [model, training, ...inputs, shared], edges });
    expect(figure.mode).toBe('outline');
    const texts = unescape(figure.parts.map((p) => drawn(p).texts).join('\n'));
    expect(texts.match(/shared_source/g)).toHaveLength(2);
    expect(texts).toContain('shared_source (drawn above)');
    // Natural order: table_2 before table_10.
    expect(texts.indexOf('table_2\n')).toBeLessThan(texts.indexOf('table_10'));
  });

  it('cuts rows into the fewest parts the page allows, the first shorter (its section heading is on its page)', () => {
    const depths = Array.from({ length: 85 }, (_, i) => (i < 6 ? i : 4 + (i % 3)));
    const bounds = partBounds(depths, 42, 47);
    expect(bounds).toHaveLength(2);
    expect(bounds[0]?.[0]).toBe(0);
    expect(bounds.at(-1)?.[1]).toBe(85);
    expect((bounds[0] as [number, number])[1]).toBeLessThanOrEqual(42);
    expect(85 - (bounds[1] as [number, number])[0]).toBeLessThanOrEqual(47);
    expect(partBounds(depths.slice(0, 30), 42, 47)).toEqual([[0, 30]]);
  });
});
