import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedReport } from '@shared/domain/reports';
import type { Core } from '../../electron/core/create-core';
import { call, demoWorkspace, lineageFigureWords, pagesWith, pdfPages, pdfText, printedSize, requirePoppler } from './fixture';

/**
 * A release dossier for the demo's drifting champion, card-fraud-blocker v4, in all four
 * formats; the PDF is read back with pdftotext and every section checked for its content.
 */

let core: Core;
let dir: string;
const out = (name: string) => join(dir, 'out', name);
const generated = new Map<string, GeneratedReport>();

beforeAll(async () => {
  requirePoppler();
  ({ core, dir } = await demoWorkspace());
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'out'));
  for (const format of ['json', 'md', 'html', 'pdf'] as const) {
    generated.set(
      format,
      await call(core, 'reports.generate', {
        kind: 'dossier',
        model: 'card-fraud-blocker',
        version: 4,
        format,
        out: out(`card-v4.${format}`),
      }),
    );
  }
}, 60_000);

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('release dossier', () => {
  it('writes each format with its signed manifest and, beside the documents, the evidence bundle', () => {
    for (const format of ['md', 'html', 'pdf']) {
      expect(existsSync(out(`card-v4.${format}`))).toBe(true);
      expect(existsSync(out(`card-v4.${format}.evidence.json`))).toBe(true);
      expect(existsSync(out(`card-v4.${format}.manifest.json`))).toBe(true);
    }
    expect(existsSync(out('card-v4.json.manifest.json'))).toBe(true);
    const manifest = JSON.parse(readFileSync(out('card-v4.pdf.manifest.json'), 'utf8'));
    expect(manifest.format).toBe('quorum-report-manifest/1');
    expect(manifest.files.map((f: { role: string }) => f.role)).toEqual(['report', 'evidence']);
    expect(manifest.signer.name).toBe('Sam Whitfield');
    expect(manifest.ledger.intact).toBe(true);
  });

  it('the JSON bundle holds the raw evidence of every section', () => {
    const bundle = JSON.parse(readFileSync(out('card-v4.json'), 'utf8'));
    expect(bundle.format).toBe('quorum-evidence-bundle/1');
    expect(bundle.subject).toEqual({ connection: 'northwind-mlflow', model: 'card-fraud-blocker', version: 4 });
    // Released on Oct 22; the drift computed since blocks it against today's policy, and says so.
    expect(bundle.gate.status).toBe('blocked');
    expect(bundle.gate.checks.find((c: { id: string }) => c.id === 'drift').status).toBe('fail');
    // The demo's daily history plus the window computed from its CSV samples; the latest drifts.
    expect(bundle.drift.length).toBeGreaterThan(40);
    expect(bundle.drift.some((run: { datasetDrift: boolean }) => run.datasetDrift)).toBe(true);
    expect(bundle.lineage.nodes.length).toBeGreaterThan(5);
    expect(bundle.previousApproved.version).toBe(2);
    expect(bundle.requests[0].signoffs.length).toBe(3);
  });

  it('every section has evidence except data quality, which says it has none', () => {
    const sections = generated.get('pdf')?.sections ?? [];
    const status = Object.fromEntries(sections.map((s) => [s.id, s.status]));
    expect(status).toMatchObject({
      identity: 'present',
      lineage: 'present',
      drift: 'present',
      gate: 'present',
      signoffs: 'present',
      rollback: 'present',
      'data-quality': 'missing',
    });
  });

  it('the PDF reads back section by section, with a cover, contents with page numbers, headers and page numbers', () => {
    const file = out('card-v4.pdf');
    const pages = pdfPages(file);
    expect(generated.get('pdf')?.pages).toBe(pages);
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(pages).toBeLessThanOrEqual(16);
    const cover = pdfText(file, 1);
    expect(cover).toContain('Release dossier: card-fraud-blocker v4');
    expect(cover).toContain('Gate blocked');
    expect(cover).toContain('drift');
    const contents = pdfText(file, 2);
    expect(contents).toMatch(/1\. Identity\s+3/);
    // Every TOC entry's page number is the page its heading is on.
    for (const m of contents.matchAll(/^(\d+)\. ([A-Za-z][^\n]*?)\s{2,}(\d+)\s*$/gm)) {
      expect(pdfText(file, Number(m[3]))).toContain(`${m[1]}. ${m[2]}`);
    }
    for (let p = 1; p <= pages; p++) {
      const text = pdfText(file, p);
      expect(text).toContain('Release dossier · card-fraud-blocker · version 4');
      expect(text).toContain(`page ${p} of ${pages}`);
    }
    const all = pdfText(file).replace(/\s+/g, ' ');
    // identity and model card
    expect(all).toContain('runs:/');
    expect(all).toContain('high — from the registry risk_tier tag');
    expect(all).toContain('Intended use');
    // lineage: figure caption, training data versions, code commit, pipeline runs
    expect(all).toMatch(/Upstream lineage of card-fraud-blocker v4: \d+ nodes/);
    expect(all).toContain('Pipeline runs');
    expect(all).toContain('Code commit');
    // metrics against the previous approved version
    expect(all).toContain('v2 (previous approved)');
    expect(all).toContain('val_auc');
    // drift
    expect(all).toContain('Dataset drift');
    expect(all).toMatch(/features drifted, share 0\.\d\d/);
    // policy and gate
    expect(all).toContain('Northwind Financial model release policy');
    expect(all).toContain('Evidence checks');
    // sign-offs with signature fingerprints
    expect(all).toContain('Key fingerprint');
    expect(all).toMatch(/[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}/);
    expect(all).toContain('Helen Fischer');
    // absent evidence said plainly
    expect(all).toContain('No data-quality results recorded for the training data of this version.');
    // rollback, frameworks, integrity
    // pdftotext -layout puts a wrapped row heading's second line after the value beside it.
    expect(all).toMatch(/Previous approved (?:version v2|v2 version)/);
    expect(all).toContain('EU AI Act — Annex IV technical documentation');
    expect(all).toContain('SR 11-7');
    expect(all).toContain('ISO/IEC 42001');
    expect(all).toContain('NIST AI Risk Management Framework');
    expect(all).toContain('does not count: expired');
    expect(all).toContain('MISSING EVIDENCE');
    expect(all).toContain(JSON.parse(readFileSync(out('card-v4.pdf.manifest.json'), 'utf8')).evidenceSha256);
  });

  it('prints the lineage figure on one page at 7 pt or more, its names searchable', () => {
    const file = out('card-v4.pdf');
    const pages = pagesWith(file, 'Upstream lineage of card-fraud-blocker v4');
    expect(pages).toHaveLength(1);
    const words = lineageFigureWords(file, pages[0] as number);
    const text = words.map((w) => w.text).join(' ');
    for (const name of [
      'card-fraud-blocker v4',
      'lgbm-card-merchant-graph',
      'commit 665864da50',
      'card_fraud_train @ 03003079',
      'corebanking.public.',
    ]) {
      expect(text).toContain(name);
    }
    // Every word of the figure, its smallest kind labels included, printed at 7 pt or more (it printed at 4–5 pt).
    expect(words.length).toBeGreaterThan(30);
    expect(Math.min(...words.map(printedSize))).toBeGreaterThanOrEqual(7);
  });

  it('no table is wider than the page, so the dossier prints at its own size', () => {
    // Chromium prints a document wider than the page shrunk to fit, every page of it: a gate
    // table with a run id in it printed this dossier at 94 %. At its own size, a CSS px is
    // 0.75 pt, so the figure's text prints at exactly its SVG font sizes (9.75 and 10.75 px).
    const file = out('card-v4.pdf');
    const words = lineageFigureWords(file, pagesWith(file, 'Upstream lineage of card-fraud-blocker v4')[0] as number);
    for (const w of words)
      expect(
        [9.75 * 0.75, 10.75 * 0.75].some((pt) => Math.abs(printedSize(w) - pt) < 0.05),
        w.text,
      ).toBe(true);
    const html = readFileSync(out('card-v4.html'), 'utf8');
    expect(html).toContain('run dcab665c1bf016<wbr>a6263273eda47d<wbr>675c');
  });

  it('HTML is self-contained and Markdown carries the same sections', () => {
    const html = readFileSync(out('card-v4.html'), 'utf8');
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toContain('<script');
    expect(html).toContain('<svg');
    expect(html).toContain("default-src 'none'");
    const md = readFileSync(out('card-v4.md'), 'utf8');
    for (const title of [
      'Identity',
      'Model card',
      'Lineage',
      'Training metrics',
      'Drift',
      'Policy and release gate',
      'Sign-offs',
      'Waivers',
      'Rollback target',
      'Framework mapping',
      'Integrity',
    ]) {
      expect(md).toContain(`. ${title}`);
    }
  });

  it('a waiver is shown in red, never green', async () => {
    const r = await call(core, 'reports.generate', {
      kind: 'dossier',
      model: 'application-fraud-detector',
      version: 3,
      format: 'html',
      out: out('afd-v3.html'),
    });
    expect(r.sections.find((s) => s.id === 'waivers')?.status).toBe('present');
    const html = readFileSync(out('afd-v3.html'), 'utf8');
    expect(html).toMatch(/<div class="callout waived"><strong class="waived">WAIVED: model-card:model_card.limitations/);
  });

  it('a version with no evidence still renders, each section saying what is missing', async () => {
    const r = await call(core, 'reports.generate', {
      kind: 'dossier',
      model: 'support-ticket-router',
      version: 1,
      format: 'md',
      out: out('str-v1.md'),
    });
    const md = readFileSync(out('str-v1.md'), 'utf8');
    const missing = r.sections.filter((s) => s.status === 'missing').map((s) => s.id);
    expect(missing).toEqual(expect.arrayContaining(['signoffs', 'drift', 'data-quality', 'rollback']));
    expect(md).toContain('No sign-offs recorded for this version.');
    expect(md).toContain('No drift results stored for this version.');
    expect(md).toContain('No earlier version of this model was released through Quorum; there is no rollback target on record.');
    expect(md).toContain('No data-quality results recorded for the training data of this version.');
  });

  it('issuing is a ledger event, and the history lists each report as valid', async () => {
    const ledger = await call(core, 'governance.ledger.list', { limit: 20 });
    const issued = ledger.items.filter((e) => e.kind === 'report.issued');
    expect(issued.length).toBeGreaterThanOrEqual(4);
    const history = await call(core, 'reports.list', {});
    expect(history.every((h) => h.verification.status === 'valid')).toBe(true);
    expect((await call(core, 'governance.ledger.verify', {})).intact).toBe(true);
  });

  it('a period audit report lists what happened, with counts and time to approval', async () => {
    const r = await call(core, 'reports.generate', {
      kind: 'audit',
      from: '2026-10-01',
      to: '2026-11-17',
      format: 'pdf',
      out: out('audit.pdf'),
    });
    const text = pdfText(out('audit.pdf')).replace(/\s+/g, ' ');
    expect(r.pages).toBe(pdfPages(out('audit.pdf')));
    expect(text).toContain('Governance audit report 2026-10-01 – 2026-11-17');
    expect(text).toContain('churn-predictor v3'); // the rejection
    expect(text).toContain('age_band');
    expect(text).toContain('WAIVED: model-card:model_card.limitations');
    expect(text).toContain('offer-pricing'); // the promotion outside Quorum
    expect(text).toContain('Counts per team and tier');
    expect(text).toMatch(/Median \d+\.\d h/);
  });
});
