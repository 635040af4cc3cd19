import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureConnection } from '../../electron/core/catalog/connections';
import { ingestSnapshot } from '../../electron/core/catalog/ingest';
import type { ModelVersionRecord, RegistrySnapshot, RunRecord } from '../../electron/core/catalog/records';
import { createCore, type Core } from '../../electron/core/create-core';
import { PlaywrightPdfPrinter } from '../../electron/core/reports/pdf/playwright-printer';
import { call } from '../../test/reports/fixture';
import { defineBenchmark, median, now, repeat, type BenchmarkContext, type Figure } from '../harness';
import { CHROMIUM_BASELINE_LABEL, chromiumPrintBaseline } from './_chromium';

/**
 * The reports issue's large dossier: a PDF for a version with 50 runs, 200 ledger events and a
 * 200-node lineage in at most 3 s. The workspace is built before the clock through the real
 * paths — registry ingestion (`ingestSnapshot`), governance operations signed by four
 * identities, `lineage.import` of OpenLineage events — then `reports.generate` is timed as in
 * bench/reports/dossier.ts (Chromium start included), with its phases read off its progress events.
 *
 *  - registry: model `loan-default-scorer`, 50 versions, each with its own FINISHED training run
 *    (metrics, params, a training dataset input) in one experiment; the subject is v50, and v49
 *    is released through Quorum (a recorded passing gate) so the metric comparison has a side.
 *  - ledger: 200 signed events about v50 (requests, approvals, rejections, withdrawals,
 *    recorded gates, cancellations) on top of the setup (identities, role grants, v49's release).
 *  - lineage: OpenLineage runs breadth-first up from v50's training data, whose `version` facet
 *    carries the MLflow dataset digest (the digest-matches-version join), sized so the upstream
 *    graph of v50 the dossier reads has 200 nodes.
 */

const CONNECTION = 'bench-mlflow';
const MODEL = 'loan-default-scorer';
const VERSIONS = 50;
const SUBJECT = VERSIONS;
const LEDGER_EVENTS = 200;
const LINEAGE_NODES = 200;
const START = Date.parse('2026-10-01T09:00:00Z');

const hex = (seed: string, length = 32) => createHash('sha256').update(seed).digest('hex').slice(0, length);
const runIdOf = (v: number) => hex(`run-${v}`);
/** MLflow's dataset digest: 8 hex digits. The OpenLineage version of the same data starts with it. */
const digestOf = (v: number) => hex(`train-${v}`, 8);
const fullVersionOf = (v: number) => `${digestOf(v)}${hex(`train-${v}-rest`, 24)}`;

function registrySnapshot(): RegistrySnapshot {
  const runs: RunRecord[] = [];
  const versions: ModelVersionRecord[] = [];
  for (let v = 1; v <= VERSIONS; v++) {
    const started = START + v * 3_600_000;
    const runId = runIdOf(v);
    const m = (key: string, value: number) => ({ key, value: Number(value.toFixed(4)), step: 0, timestamp: started + 1_200_000 });
    runs.push({
      runId,
      experimentId: '7',
      runName: `xgb-v${v}`,
      user: 'carol.diaz',
      status: 'FINISHED',
      startTime: started,
      endTime: started + 1_200_000,
      lifecycleStage: 'active',
      params: [
        { key: 'max_depth', value: String(4 + (v % 5)) },
        { key: 'learning_rate', value: String(0.05 + (v % 3) * 0.01) },
        { key: 'n_estimators', value: String(200 + v * 10) },
      ],
      metrics: [
        m('auc', 0.88 + v * 0.001),
        m('recall', 0.78 + v * 0.0008),
        m('precision', 0.7 + v * 0.0012),
        m('f1', 0.74 + v * 0.001),
        m('log_loss', 0.4 - v * 0.002),
      ],
      tags: [
        { key: 'mlflow.source.git.commit', value: hex(`commit-${v}`, 40) },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.user', value: 'carol.diaz' },
      ],
      datasetInputs: [
        {
          name: 'loan_applications_train',
          digest: digestOf(v),
          sourceType: 'delta',
          source: `dbfs:/mnt/lake/loans/train/v${v}`,
          context: 'training',
        },
      ],
    });
    versions.push({
      modelName: MODEL,
      version: v,
      status: 'READY',
      stage: 'None',
      source: `runs:/${runId}/model`,
      runId,
      user: 'carol.diaz',
      description: `Gradient-boosted default scorer, iteration ${v}.`,
      tags: [],
      aliases: [],
      createdAt: started + 1_500_000,
      lastUpdatedAt: started + 1_500_000,
    });
  }
  return {
    experiments: [{ experimentId: '7', name: 'loan-default', lifecycleStage: 'active', tags: [], createdAt: START, lastUpdatedAt: START }],
    runs,
    models: [
      {
        name: MODEL,
        description: 'Predicts the probability of default of a loan application.',
        createdAt: START,
        lastUpdatedAt: START,
        tags: [
          { key: 'owner_team', value: 'credit-ml' },
          { key: 'model_card.intended_use', value: 'Pre-screening of consumer loan applications.' },
          { key: 'model_card.limitations', value: 'Not validated for business loans.' },
        ],
        aliases: [],
      },
    ],
    versions,
    complete: true,
  };
}

const PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const facet = (schema: string) => ({ _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${schema}` });

/**
 * OpenLineage START + COMPLETE events of pipeline runs, breadth-first up from the training
 * data: each run has its own job and reads up to five versioned datasets, each of which the
 * next level's runs produce. Stops once about `budget` graph nodes (dataset versions and their
 * datasets, runs, jobs) are upstream.
 */
function lineageEvents(budget: number): Record<string, unknown>[] {
  const versioned = (namespace: string, name: string, version: string) => ({
    namespace,
    name,
    facets: { version: { ...facet('1-0-1/DatasetVersionDatasetFacet.json'), datasetVersion: version } },
  });
  const root = { ...versioned('s3://lake', 'loans/features/train', fullVersionOf(SUBJECT)), level: 1 };
  const queue = [root];
  const events: Record<string, unknown>[] = [];
  // A versioned dataset is two nodes upstream (its version and the dataset); a run adds itself and its job.
  let nodes = 2;
  let serial = 0;
  while (queue.length > 0 && budget - nodes >= 6) {
    const output = queue.shift() as typeof root;
    const inputs = Array.from({ length: Math.min(5, Math.floor((budget - nodes - 2) / 2)) }, () => {
      serial++;
      const name = `lending.stage_${output.level}.table_${serial}`;
      return { ...versioned('postgres://warehouse:5432', name, hex(`ds-${serial}`)), level: output.level + 1 };
    });
    nodes += 2 + 2 * inputs.length;
    queue.push(...inputs);
    const runId = randomUUID();
    const started = START + serial * 60_000;
    const base = {
      run: { runId },
      job: { namespace: 'airflow-prod', name: `lending_etl.task_${serial}` },
      inputs: inputs.map(({ level: _level, ...d }) => d),
      outputs: [(({ level: _level, ...d }) => d)(output)],
      producer: PRODUCER,
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    };
    events.push({ eventType: 'START', eventTime: new Date(started).toISOString(), ...base });
    events.push({ eventType: 'COMPLETE', eventTime: new Date(started + 45_000).toISOString(), ...base });
  }
  return events;
}

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
    log(`registry: ${VERSIONS} versions of ${MODEL}, each with its run…`);
    const connection = ensureConnection(core.store.db, { name: CONNECTION, kind: 'mlflow', url: 'http://mlflow.bench:5000' }, clock);
    ingestSnapshot(core.store.db, connection.id, registrySnapshot(), clock);

    const node = `model:${CONNECTION}:${MODEL}@${SUBJECT}`;
    const before = await call(core, 'lineage.graph', { node, direction: 'upstream', depth: 12, maxNodes: 2000 });
    const events = lineageEvents(LINEAGE_NODES - before.nodes.length);
    log(`lineage: ${events.length} OpenLineage events upstream of v${SUBJECT}'s training data…`);
    const imported = await call(core, 'lineage.import', { documents: [{ name: 'lending-etl.json', text: JSON.stringify(events) }] });
    if (imported.rejected > 0) throw new Error(`lineage.import rejected ${imported.rejected} events`);

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
