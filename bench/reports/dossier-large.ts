import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core/create-core';
import { PlaywrightPdfPrinter } from '../../electron/core/reports/pdf/playwright-printer';
import { call } from '../../test/reports/fixture';
import { CONNECTION, MODEL, START, SUBJECT, VERSIONS, seedRegistryAndLineage } from '../../test/reports/large-workspace';
import { defineBenchmark, median, now, repeat, type BenchmarkContext, type Figure } from '../harness';
import { CHROMIUM_BASELINE_LABEL, chromiumPrintBaseline } from './_chromium';

/**
 * The reports issue's large dossier: a PDF for a version with 50 runs, 200 ledger events and a
 * 200-node lineage in at most 3 s. The workspace is built before the clock through the real
 * paths — registry ingestion (`ingestSnapshot`), governance operations signed by four
 * identities, `lineage.import` of OpenLineage events — then `reports.generate` is timed as in
 * bench/reports/dossier.ts (Chromium start included), with its phases read off its progress events.
 *
 *  - registry and lineage: test/reports/large-workspace.ts (50 versions of `loan-default-scorer`,
 *    each with its run; a 200-node upstream lineage of v50); v49 is released through Quorum (a
 *    recorded passing gate) so the metric comparison has a side.
 *  - ledger: 200 signed events about v50 (requests, approvals, rejections, withdrawals,
 *    recorded gates, cancellations) on top of the setup (identities, role grants, v49's release).
 */

const LEDGER_EVENTS = 200;

interface Workspace {
  core: Core;
  dir: string;
  subjectEvents: number;
  totalEvents: number;
  previousApproved: boolean;
}

async function buildWorkspace(log: BenchmarkContext['log']): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-dossier-large-'));
  let clock = START + (VERSIONS + 2) * 3_600_000;
  const core = createCore({ dataDir: join(dir, 'data'), validateOutput: true, now: () => (clock += 1_000) });
  try {
    log(`registry: ${VERSIONS} versions of ${MODEL}, each with its run; lineage upstream of v${SUBJECT}'s training data…`);
    const events = await seedRegistryAndLineage(core, clock);
    log(`lineage: ${events} OpenLineage events imported`);

    log('governance: four identities, their roles, v49 released, then v50 under review…');
    const people = {
      ada: { name: 'Ada Admin', email: 'ada@bench.example' },
      carol: { name: 'Carol Diaz', email: 'carol.diaz@bench.example' },
      bob: { name: 'Bob Okafor', email: 'bob.okafor@bench.example' },
      olu: { name: 'Olu Ops', email: 'olu@bench.example' },
    };
    for (const [key, person] of Object.entries(people)) {
      await call(core, 'governance.identities.create', { ...person, handles: [], activate: key === 'ada' });
    }
    const ada = people.ada.name;
    const carol = people.carol.name;
    const bob = people.bob.name;
    const olu = people.olu.name;
    for (const [person, role] of [
      [ada, 'compliance'],
      [carol, 'data-science'],
      [bob, 'ml-engineering'],
      [olu, 'ops'],
    ] as const) {
      await call(core, 'governance.roles.grant', { actor: ada, person, role });
    }
    const at = (version: number) => ({ connection: CONNECTION, model: MODEL, version, stage: 'production' });
    const prev = at(SUBJECT - 1);
    await call(core, 'governance.requests.create', { ...prev, actor: carol, note: 'Previous release' });
    await call(core, 'governance.signoff.approve', { ...prev, actor: bob, role: 'ml-engineering', comment: '', conditions: [] });
    await call(core, 'governance.signoff.approve', { ...prev, actor: olu, role: 'ops', comment: '', conditions: [] });
    await call(core, 'governance.signoff.approve', { ...prev, actor: ada, role: 'compliance', comment: '', conditions: [] });
    const released = await call(core, 'governance.gate.evaluate', { ...prev, actor: olu, record: true });
    if (released.status !== 'pass') log(`v${SUBJECT - 1} gate did not pass: ${released.reasons.join(' ')}`);

    // Rounds of review of v50 until it has LEDGER_EVENTS events: each act is one signed event.
    const subject = at(SUBJECT);
    let count = 0;
    let request = '';
    const acts: (() => Promise<unknown>)[] = [
      async () => {
        request = (await call(core, 'governance.requests.create', { ...subject, actor: carol, note: `Round ${count / 8 + 1}` })).id;
      },
      () =>
        call(core, 'governance.signoff.approve', {
          ...subject,
          actor: bob,
          role: 'ml-engineering',
          comment: 'Reproduced from the lock file',
          conditions: ['shadow for 7 days first'],
        }),
      () => call(core, 'governance.signoff.reject', { ...subject, actor: olu, role: 'ops', comment: 'Latency budget not shown' }),
      () => call(core, 'governance.signoff.withdraw', { ...subject, actor: olu, role: 'ops', comment: 'Latency report attached' }),
      () => call(core, 'governance.signoff.approve', { ...subject, actor: olu, role: 'ops', comment: '', conditions: [] }),
      () => call(core, 'governance.signoff.approve', { ...subject, actor: ada, role: 'compliance', comment: 'MRM review', conditions: [] }),
      () => call(core, 'governance.gate.evaluate', { ...subject, actor: olu, record: true }),
      () => call(core, 'governance.requests.cancel', { actor: carol, id: request, comment: 'Superseded by a retrain' }),
    ];
    while (count < LEDGER_EVENTS) await (acts[count++ % acts.length] as () => Promise<unknown>)();
    const total = (await call(core, 'governance.ledger.list', { limit: 1 })).total;
    return { core, dir, subjectEvents: count, totalEvents: total, previousApproved: released.status === 'pass' };
  } catch (error) {
    core.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

interface Bundle {
  version: { run: { runId: string } | null };
  ledger: unknown[];
  lineage: { nodes: unknown[] } | null;
  previousApproved: { version: number } | null;
}

export default defineBenchmark({
  area: 'reports',
  name: 'dossier-large',
  async run({ log }) {
    log('building the workspace (not timed)…');
    const buildStart = now();
    const ws = await buildWorkspace(log);
    const { core, dir } = ws;
    const outDir = join(dir, 'bench-out');
    mkdirSync(outDir);
    const generate = (format: 'json' | 'html' | 'pdf', out: string) =>
      call(core, 'reports.generate', { kind: 'dossier', model: MODEL, version: SUBJECT, format, out: join(outDir, out) });
    try {
      // What the dossier will read, from its own evidence bundle (one untimed generation).
      await generate('json', 'probe.json');
      const bundle = JSON.parse(readFileSync(join(outDir, 'probe.json'), 'utf8')) as Bundle;
      const shape =
        `${VERSIONS} versions/runs; ${bundle.ledger.length} ledger events about v${SUBJECT} (${ws.totalEvents} in the ledger); ` +
        `${bundle.lineage?.nodes.length ?? 0}-node upstream lineage; previous approved ${bundle.previousApproved ? `v${bundle.previousApproved.version}` : 'none'}`;
      log(`workspace built in ${((now() - buildStart) / 1000).toFixed(1)} s: ${shape}`);

      // Phases of each generation, from the job.progress events its steps emit.
      let marks: { label: string; at: number }[] = [];
      const off = core.services.events.onAny((event, payload) => {
        const p = payload as { kind?: string; label?: string };
        if (event === 'job.progress' && p.kind === 'report' && typeof p.label === 'string') marks.push({ label: p.label, at: now() });
      });
      const phases = new Map<string, number[]>();
      const timed = async (format: 'html' | 'pdf', times: number) =>
        median(
          await repeat(times, async (i) => {
            marks = [];
            const start = now();
            await generate(format, `d${i}.${format}`);
            const end = now();
            if (format === 'pdf') {
              const points = [{ label: 'start', at: start }, ...marks, { label: 'returned', at: end }];
              for (let k = 0; k + 1 < points.length; k++) {
                const label = (points[k] as { label: string }).label;
                phases.set(label, [...(phases.get(label) ?? []), (points[k + 1] as { at: number }).at - (points[k] as { at: number }).at]);
              }
            }
            return end - start;
          }),
        );
      log('dossier as html ×3…');
      const html = await timed('html', 3);
      log('dossier as pdf ×3…');
      const pdf = await timed('pdf', 3);
      off();
      const breakdown = [...phases].map(([label, samples]) => `${label} ${median(samples).toFixed(0)} ms`).join(' → ');
      log(`pdf phases (median, each until the next step): ${breakdown}`);

      log('baseline: Chromium printing the static report page…');
      const page = readFileSync(join(outDir, 'd0.html'), 'utf8');
      const baseline = await chromiumPrintBaseline(page);
      // Where "Writing PDF" goes: Chromium's start (a blank page printed), then this HTML printed twice as the dossier does.
      log('Chromium alone: start, then two prints of the same HTML ×3…');
      const split = { start: [] as number[], first: [] as number[], second: [] as number[] };
      for (let i = 0; i < 3; i++) {
        const printer = new PlaywrightPdfPrinter();
        const t0 = now();
        await printer.print('<p>.</p>', { header: '', footer: '' });
        const t1 = now();
        await printer.print(page, { header: 'baseline', footer: 'baseline' });
        const t2 = now();
        await printer.print(page, { header: 'baseline', footer: 'baseline' });
        const t3 = now();
        await printer.close();
        split.start.push(t1 - t0);
        split.first.push(t2 - t1);
        split.second.push(t3 - t2);
      }
      const chromium =
        `Chromium start + blank print ${median(split.start).toFixed(0)} ms, print of this HTML ${median(split.first).toFixed(0)} ms, ` +
        `again ${median(split.second).toFixed(0)} ms (HTML ${(page.length / 1024).toFixed(0)} kB, PDF ${(statSync(join(outDir, 'd0.pdf')).size / 1024).toFixed(0)} kB)`;
      log(chromium);
      const figures: Figure[] = [
        { label: 'large dossier html (median of 3)', value: html, unit: 'ms', note: shape },
        {
          label: 'large dossier pdf (median of 3)',
          value: pdf,
          unit: 'ms',
          target: 3000,
          baseline: { label: CHROMIUM_BASELINE_LABEL, value: baseline },
          note: `phases: ${breakdown}. ${chromium}`,
        },
      ];
      return figures;
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
