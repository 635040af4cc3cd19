import type { EvidenceCheck, Signoff } from '@shared/domain/governance';
import { cellText, iso, section, type Block, type Cell, type ReportDocument, type Section, type Tone } from './document';
import type { DossierEvidence } from './evidence';
import { figureGraph, lineageFigure } from './lineage-figure';
import { KIND_STYLE } from './lineage/draw';
import { driftHistorySvg, metricsComparisonSvg } from './render/charts';

/**
 * Builds the release dossier from its evidence bundle. Every section says what the evidence
 * is, or — when it is absent — says so in one plain sentence; nothing here is filler.
 */

/** The model-card sections the issue asks every dossier to show, besides the policy's own fields. */
const CARD_FIELDS = [
  ['intended_use', 'Intended use'],
  ['limitations', 'Limitations'],
  ['ethical_considerations', 'Ethical considerations'],
  ['caveats', 'Caveats'],
] as const;

const STATUS_TONE: Record<EvidenceCheck['status'], Tone> = { pass: 'ok', fail: 'bad', waived: 'waived', skipped: 'unknown' };
const STATUS_WORD: Record<EvidenceCheck['status'], string> = { pass: '✓ pass', fail: '✗ fail', waived: '! waived', skipped: '– skipped' };

export function dossierDocument(e: DossierEvidence): ReportDocument {
  const s = e.subject;
  const name = `${s.model} v${s.version}`;
  const sections: Section[] = [
    identitySection(e),
    modelCardSection(e),
    lineageSection(e),
    trainingDataSection(e),
    dataQualitySection(e),
    metricsSection(e),
    driftSection(e),
    gateSection(e),
    signoffSection(e),
    waiverSection(e),
    findingsSection(e),
    rollbackSection(e),
    auditTrailSection(e),
  ];
  const gate = e.gate;
  return {
    kind: 'dossier',
    title: `Release dossier: ${name}`,
    subtitle: `${s.connection} · ${gate.tier} risk · target stage ${gate.subject.stage}`,
    runningHeader: `Release dossier · ${s.model} · version ${s.version}`,
    cover: {
      facts: [
        ['Model', s.model],
        ['Version', String(s.version)],
        ['Registry', s.connection],
        ['Risk tier', `${gate.tier} (${gate.tierSource})`],
        ['Owner team', e.version.model.team ?? 'not recorded'],
        [
          'Gate',
          gate.status === 'pass' ? 'Ready to release' : `Blocked (${gate.reasons.length} reason${gate.reasons.length === 1 ? '' : 's'})`,
        ],
        ['Policy', gate.policyHash],
        ['Generated', iso(Date.parse(e.generatedAt))],
      ],
      status:
        gate.status === 'pass'
          ? { tone: 'ok', text: '✓ Gate passes: every required sign-off and evidence check holds.' }
          : { tone: 'bad', text: `✗ Gate blocked: ${gate.reasons.join(' ')}` },
    },
    sections,
    generatedAt: e.generatedAt,
  };
}

function tagValue(e: DossierEvidence, key: string): string | null {
  const find = (tags: { key: string; value: string }[]) => tags.find((t) => t.key === key)?.value.trim() || null;
  return find(e.version.tags) ?? find(e.version.model.tags);
}

function identitySection(e: DossierEvidence): Section {
  const v = e.version;
  const owner = v.model.owner;
  const rows: [string, Cell][] = [
    ['Registry connection', v.connection],
    ['Registered model', v.modelName],
    ['Version', String(v.version)],
    ['Registry stage', v.stage],
    ['Aliases', v.aliases.length > 0 ? v.aliases.map((a) => `@${a}`).join(', ') : 'none'],
    ['Artifact source', { text: v.source ?? 'not recorded', mono: true }],
    ['Training run', { text: v.runId ?? 'not recorded', mono: true }],
    ['Artifact digest', { text: 'not recorded by the registry (MLflow gives a source URI, not a content digest)', tone: 'unknown' }],
    ['Owner', owner ?? 'not recorded'],
    ['Owner team', v.model.team ?? 'not recorded'],
    [
      'Risk tier',
      `${e.gate.tier} — from ${e.gate.tierSource === 'tag' ? 'the registry risk_tier tag' : e.gate.tierSource === 'policy-override' ? 'a per-model policy override' : 'the policy default'}`,
    ],
    ['Registered', iso(v.createdAt)],
    ['Registered by', v.user ?? v.run?.user ?? 'not recorded'],
  ];
  return section('identity', 'Identity', 'present', [{ kind: 'kv', rows }]);
}

function modelCardSection(e: DossierEvidence): Section {
  const blocks: Block[] = [];
  const description = e.version.description.trim() || e.version.model.description.trim();
  if (description) blocks.push({ kind: 'h3', text: 'Description (from the registry)' }, { kind: 'p', text: description });
  else blocks.push({ kind: 'missing', text: 'No description in the registry for this version or its model.' });
  const rows: [string, Cell][] = [];
  let present = description ? 1 : 0;
  for (const [key, label] of CARD_FIELDS) {
    const value = tagValue(e, `model_card.${key}`);
    if (value) present++;
    rows.push([label, value ?? { text: `missing (no model_card.${key} tag)`, tone: 'bad' }]);
  }
  const training = tagValue(e, 'model_card.training_data');
  if (training) rows.push(['Training data', training]);
  blocks.push({ kind: 'kv', rows });
  const cardChecks = e.gate.checks.filter((c) => c.id.startsWith('model-card:'));
  if (cardChecks.length > 0) {
    blocks.push({ kind: 'h3', text: 'Completeness against the policy' });
    blocks.push({
      kind: 'table',
      columns: ['Required field', 'Result', 'Value'],
      rows: cardChecks.map((c) => [
        c.id.slice('model-card:'.length),
        { text: STATUS_WORD[c.status], tone: STATUS_TONE[c.status] },
        c.actual ?? '—',
      ]),
    });
  } else blocks.push({ kind: 'p', text: `The ${e.gate.tier}-risk tier of the policy requires no model-card fields.` });
  const failing = cardChecks.filter((c) => c.status !== 'pass').length;
  const status = present === 0 ? 'missing' : present < CARD_FIELDS.length + 1 || failing > 0 ? 'partial' : 'present';
  return section('model-card', 'Model card', status, blocks);
}

function lineageSection(e: DossierEvidence): Section {
  if (!e.lineage) return section('lineage', 'Lineage', 'missing', [{ kind: 'missing', text: 'No lineage recorded for this version.' }]);
  const figure = figureGraph(e.lineage);
  if (figure.nodes.length <= 1) {
    return section('lineage', 'Lineage', 'missing', [{ kind: 'missing', text: 'No lineage recorded upstream of this version.' }]);
  }
  const drawing = lineageFigure(figure);
  const runs = figure.nodes.filter((n) => n.kind === 'run' && n.run);
  const subject = `${e.subject.model} v${e.subject.version}`;
  const runsAs = drawing.mode === 'layered' ? 'drawn as arrows' : 'drawn as the link from their inputs to their outputs';
  const about = `${figure.nodes.length} nodes on the path of its data and code, pipeline runs ${runsAs} (the full walk, ${e.lineage.nodes.length} nodes, is in the evidence bundle)`;
  const count = drawing.parts.length;
  const blocks: Block[] = drawing.parts.map((part, k): Block => ({
    kind: 'figure',
    svg: part.svg,
    caption:
      drawing.mode === 'layered'
        ? `Upstream lineage of ${subject}: ${about}, its sources at the top and the version at the bottom. Dashed edges are inferred or declared, solid ones observed.`
        : k === 0
          ? `Upstream lineage of ${subject}: ${about}. Too large to draw as one graph at a readable size, it is drawn as a tree${count > 1 ? ` in ${count} parts` : ''}: the version first, each node's inputs indented under it; a node that feeds two others is drawn once, then referred to. Dashed lines are inferred or declared, solid ones observed.${count > 1 ? ` Part 1 of ${count}.` : ''}`
          : `Upstream lineage of ${subject}, part ${k + 1} of ${count}: continued from part ${k}.`,
  }));
  if (drawing.shortened.length > 0) {
    blocks.push({ kind: 'h3', text: 'Names shortened in the figure' });
    blocks.push({
      kind: 'table',
      columns: ['Mark', 'Kind', 'Full reference'],
      rows: drawing.shortened.map(({ mark, node }) => [`[${mark}]`, KIND_STYLE[node.kind].label, { text: node.ref, mono: true }]),
    });
  }
  if (runs.length > 0) {
    blocks.push({ kind: 'h3', text: 'Pipeline runs' });
    blocks.push({
      kind: 'table',
      columns: ['Run', 'Job', 'State', 'Started', 'Ended'],
      rows: runs.map((n) => [
        { text: n.label, mono: true },
        n.run?.jobRef ?? '—',
        { text: n.run?.state ?? '—', tone: n.run?.state === 'completed' ? 'ok' : n.run?.state === 'failed' ? 'bad' : 'unknown' },
        iso(n.run?.startedAt),
        iso(n.run?.endedAt),
      ]),
    });
  }
  if (e.lineage.cycles.length > 0)
    blocks.push({ kind: 'callout', tone: 'warn', title: 'Cycles', text: `${e.lineage.cycles.length} cycle(s) in the upstream graph.` });
  if (e.lineage.truncated)
    blocks.push({
      kind: 'callout',
      tone: 'warn',
      title: 'Truncated',
      text: 'The upstream walk hit its node limit; the bundle holds what was read.',
    });
  return section('lineage', 'Lineage', 'present', blocks);
}

function trainingDataSection(e: DossierEvidence): Section {
  const run = e.version.run;
  if (!run)
    return section('training-data', 'Training data and code', 'missing', [
      { kind: 'missing', text: 'No training run recorded for this version, so no training data or code version.' },
    ]);
  const blocks: Block[] = [];
  if (run.datasetInputs.length > 0) {
    blocks.push({
      kind: 'table',
      columns: ['Dataset', 'Version (digest)', 'Context', 'Source'],
      rows: run.datasetInputs.map((d) => [d.name, { text: d.digest, mono: true }, d.context ?? '—', { text: d.source ?? '—', mono: true }]),
    });
  } else blocks.push({ kind: 'missing', text: 'No dataset inputs recorded on the training run.' });
  blocks.push({
    kind: 'kv',
    rows: [
      ['Code commit', run.gitCommit ? { text: run.gitCommit, mono: true } : { text: 'not recorded', tone: 'bad' }],
      ['Entry point', run.sourceName ?? 'not recorded'],
      ['Run', `${run.runName ?? run.runId} (${run.status}) by ${run.user ?? 'unknown'}`],
      ['Experiment', run.experimentName ?? run.experimentId],
      ['Started / ended', `${iso(run.startTime)} / ${iso(run.endTime)}`],
    ],
  });
  if (run.params.length > 0) {
    blocks.push({ kind: 'h3', text: 'Parameters' });
    blocks.push({ kind: 'table', columns: ['Parameter', 'Value'], rows: run.params.map((p) => [p.key, { text: p.value, mono: true }]) });
  }
  const status = run.datasetInputs.length > 0 && run.gitCommit ? 'present' : 'partial';
  return section('training-data', 'Training data and code', status, blocks);
}

function dataQualitySection(e: DossierEvidence): Section {
  const rows = e.dataQuality.flatMap((d) =>
    d.detail.qualityAssertions.map((a): Cell[] => [
      d.label,
      a.assertion,
      a.column ?? '—',
      { text: a.success ? '✓ pass' : '✗ fail', tone: a.success ? 'ok' : 'bad' },
      iso(a.at),
    ]),
  );
  if (rows.length === 0) {
    return section('data-quality', 'Data quality', 'missing', [
      { kind: 'missing', text: 'No data-quality results recorded for the training data of this version.' },
    ]);
  }
  return section('data-quality', 'Data quality', 'present', [
    { kind: 'table', columns: ['Dataset', 'Assertion', 'Column', 'Result', 'At'], rows },
  ]);
}

function metricsSection(e: DossierEvidence): Section {
  const run = e.version.run;
  if (!run || run.metrics.length === 0) {
    return section('metrics', 'Training metrics', 'missing', [{ kind: 'missing', text: 'No training metrics recorded for this version.' }]);
  }
  const prev = e.previousApproved;
  const prevMetrics = new Map((prev?.detail.run?.metrics ?? []).map((m) => [m.key, m.value]));
  const keys = [...new Set(run.metrics.map((m) => m.key))].sort();
  const value = (k: string) => run.metrics.find((m) => m.key === k)?.value ?? null;
  const rows: Cell[][] = keys.map((k) => {
    const cur = value(k);
    const before = prevMetrics.get(k) ?? null;
    const delta = cur !== null && before !== null ? cur - before : null;
    return [
      k,
      cur === null ? '—' : String(cur),
      before === null ? '—' : String(before),
      delta === null ? '—' : `${delta >= 0 ? '+' : ''}${delta.toFixed(4)}`,
    ];
  });
  const blocks: Block[] = [
    {
      kind: 'table',
      columns: ['Metric', `v${e.subject.version}`, prev ? `v${prev.version} (previous approved)` : 'previous approved', 'Change'],
      rows,
    },
  ];
  const rules = e.gate.checks.filter((c) => c.id.startsWith('metric:'));
  if (rules.length > 0) {
    blocks.push({ kind: 'h3', text: 'Policy thresholds' });
    blocks.push({
      kind: 'table',
      columns: ['Check', 'Actual', 'Threshold', 'Result'],
      rows: rules.map((c) => [c.id, c.actual ?? '—', c.threshold ?? '—', { text: STATUS_WORD[c.status], tone: STATUS_TONE[c.status] }]),
    });
  }
  if (prev) {
    blocks.push({
      kind: 'figure',
      svg: metricsComparisonSvg(
        keys.map((k) => ({ key: k, current: value(k), previous: prevMetrics.get(k) ?? null })),
        { current: `v${e.subject.version}`, previous: `v${prev.version}` },
      ),
      caption: `Final metric values of v${e.subject.version} beside v${prev.version}, the previous version released through Quorum (each metric on its own scale).`,
    });
  } else blocks.push({ kind: 'missing', text: 'No previous approved version to compare with.' });
  return section('metrics', 'Training metrics', prev ? 'present' : 'partial', blocks);
}

function driftSection(e: DossierEvidence): Section {
  if (e.drift.length === 0)
    return section('drift', 'Drift', 'missing', [{ kind: 'missing', text: 'No drift results stored for this version.' }]);
  const latest = [...e.drift].sort((a, b) => b.windowEnd - a.windowEnd)[0] as DossierEvidence['drift'][number];
  const blocks: Block[] = [
    {
      kind: 'callout',
      tone: latest.datasetDrift ? 'bad' : 'ok',
      title: latest.datasetDrift ? '✗ Dataset drift' : '✓ No dataset drift',
      text: `Latest result (window ending ${iso(latest.windowEnd)}): ${latest.driftedFeatures} of ${latest.testedFeatures} features drifted, share ${latest.driftShare.toFixed(2)} against threshold ${latest.driftShareThreshold}.`,
    },
  ];
  if (e.drift.length > 1) {
    blocks.push({
      kind: 'figure',
      svg: driftHistorySvg(
        e.drift.map((d) => ({ at: d.windowEnd, share: d.driftShare, drift: d.datasetDrift })),
        latest.driftShareThreshold,
      ),
      caption: `Drift history: ${e.drift.length} stored results.`,
    });
  }
  blocks.push({
    kind: 'table',
    columns: ['Feature', 'Method', 'Statistic', 'p-value', 'Threshold', 'PSI', 'Drifted'],
    rows: latest.features.map((f) => [
      f.name,
      f.method,
      f.statistic === null ? '—' : f.statistic.toFixed(4),
      f.pValue === null ? '—' : f.pValue.toExponential(2),
      String(f.threshold),
      f.psi === null ? '—' : f.psi.toFixed(3),
      { text: f.drifted ? '✗ yes' : '✓ no', tone: f.drifted ? 'bad' : 'ok' },
    ]),
    caption: 'Per-feature result of the latest window.',
  });
  return section('drift', 'Drift', 'present', blocks);
}

function gateSection(e: DossierEvidence): Section {
  const g = e.gate;
  const p = e.policy;
  const version = p.versions.find((v) => v.hash === g.policyHash);
  const blocks: Block[] = [
    {
      kind: 'kv',
      rows: [
        ['Policy', p.policy.name],
        ['Policy hash', { text: g.policyHash, mono: true }],
        [
          'Policy set',
          version
            ? `${iso(version.setAt)} by ${version.setByName}${version.message ? ` — ${version.message}` : ''}`
            : 'the shipped default (not recorded in this ledger)',
        ],
        ['Evidence hash', { text: g.evidenceHash, mono: true }],
        ['Evaluated', iso(g.evaluatedAt)],
        ['Verdict', { text: g.status === 'pass' ? '✓ pass' : '✗ blocked', tone: g.status === 'pass' ? 'ok' : 'bad' }],
      ],
    },
  ];
  if (g.reasons.length > 0) {
    blocks.push({ kind: 'h3', text: 'Why the gate is blocked' }, { kind: 'list', items: g.reasons });
  }
  if (g.notes.length > 0) blocks.push({ kind: 'h3', text: 'Notes' }, { kind: 'list', items: g.notes });
  blocks.push({ kind: 'h3', text: 'Evidence checks' });
  blocks.push({
    kind: 'table',
    columns: ['Check', 'Result', 'Actual', 'Threshold', 'Detail'],
    rows: g.checks.map((c) => [
      c.label,
      { text: STATUS_WORD[c.status], tone: STATUS_TONE[c.status] },
      c.actual ?? '—',
      c.threshold ?? '—',
      c.waiver ? `${c.message} — WAIVED by ${c.waiver.byName}: ${c.waiver.justification}` : c.message,
    ]),
  });
  blocks.push({ kind: 'h3', text: 'Required sign-offs' });
  blocks.push({
    kind: 'table',
    columns: ['Role', 'Required', 'Valid', 'Missing', 'Rejected'],
    rows: g.signoffs.map((r) => [
      r.role,
      String(r.required),
      r.valid.map((v) => v.name).join(', ') || '—',
      { text: String(r.missing), tone: r.missing > 0 ? 'bad' : 'ok' },
      r.rejected.map((v) => v.name).join(', ') || '—',
    ]),
  });
  return section('gate', 'Policy and release gate', 'present', blocks);
}

function fingerprint(e: DossierEvidence, publicKey: string): string {
  return e.identities.find((i) => i.publicKey === publicKey)?.fingerprint ?? `unknown key ${publicKey.slice(0, 12)}…`;
}

function signoffSection(e: DossierEvidence): Section {
  const signatures = new Map(e.ledger.map((l) => [l.id, l.signature]));
  const all: Signoff[] = e.requests.flatMap((r) => r.signoffs);
  if (all.length === 0)
    return section('signoffs', 'Sign-offs', 'missing', [{ kind: 'missing', text: 'No sign-offs recorded for this version.' }]);
  const roleOf = new Map(e.identities.map((i) => [i.publicKey, i]));
  const blocks: Block[] = all.map((s): Block => {
    const who = roleOf.get(s.person);
    const counted = e.gate.signoffs.some((r) => r.valid.some((v) => v.eventId === s.eventId));
    // The gate knows why an approval no longer counts (expired, rebound, role revoked…).
    const invalid = e.gate.signoffs.flatMap((r) => r.invalid).find((v) => v.eventId === s.eventId);
    const why = s.invalidReason ?? invalid?.invalidReason ?? 'not part of the request the gate evaluates';
    const state = s.decision === 'rejected' ? '✗ rejected' : counted ? '✓ approved (counts)' : `approved — does not count: ${why}`;
    return {
      kind: 'kv',
      rows: [
        ['Signer', `${s.name}${who?.email ? ` <${who.email}>` : ''}`],
        ['Role', s.role],
        ['Decision', { text: state, tone: s.decision === 'rejected' ? 'bad' : counted ? 'ok' : 'warn' }],
        ['Time', iso(s.at)],
        ['Comment', s.comment || '(none)'],
        ['Conditions', s.conditions.length > 0 ? s.conditions.map((c, i) => `${i + 1}. ${c}`).join('  ') : 'none'],
        ['Key fingerprint', { text: fingerprint(e, s.person), mono: true }],
        ['Ledger event', { text: s.eventId, mono: true }],
        ['Signature', { text: `ed25519 ${(signatures.get(s.eventId) ?? '').slice(0, 32)}…`, mono: true }],
      ],
    };
  });
  return section('signoffs', 'Sign-offs', 'present', blocks);
}

function waiverSection(e: DossierEvidence): Section {
  const waivers = e.requests.flatMap((r) => r.waivers);
  if (waivers.length === 0)
    return section('waivers', 'Waivers', 'present', [{ kind: 'p', text: 'No waivers were granted for this version.' }]);
  return section(
    'waivers',
    'Waivers',
    'present',
    waivers.map((w) => ({
      kind: 'callout',
      tone: 'waived',
      title: `WAIVED: ${w.check}`,
      text: `Waived by ${w.byName} (key ${fingerprint(e, w.by)}) on ${iso(w.at)}. Justification: ${w.justification}`,
    })),
  );
}

function findingsSection(e: DossierEvidence): Section {
  const mine = e.findings.filter((f) => f.version === null || f.version === e.subject.version);
  const others = e.findings.length - mine.length;
  if (e.findings.length === 0)
    return section('findings', 'Findings', 'present', [{ kind: 'p', text: 'No findings recorded for this model.' }]);
  const blocks: Block[] = [];
  if (e.findings.length > 0) {
    blocks.push({
      kind: 'table',
      columns: ['Severity', 'What', 'Version', 'Observed', 'State'],
      rows: e.findings.map((f) => [
        { text: f.severity, tone: f.severity === 'high' ? 'bad' : 'warn' },
        f.message,
        f.version === null ? '—' : `v${f.version}`,
        iso(f.observedAt),
        f.state,
      ]),
    });
  }
  if (others > 0) blocks.push({ kind: 'p', text: `${others} of these concern other versions of the model.` });
  return section('findings', 'Findings', 'present', blocks);
}

function rollbackSection(e: DossierEvidence): Section {
  const prev = e.previousApproved;
  if (!prev) {
    return section('rollback', 'Rollback target', 'missing', [
      { kind: 'missing', text: 'No earlier version of this model was released through Quorum; there is no rollback target on record.' },
    ]);
  }
  return section('rollback', 'Rollback target', 'present', [
    {
      kind: 'kv',
      rows: [
        ['Previous approved version', `v${prev.version}`],
        [
          'Released',
          `${iso(prev.approvedAt)} (${prev.via === 'writeback' ? 'registry write-back after a passing gate' : 'passing gate recorded'})`,
        ],
        ['Artifact source', { text: prev.detail.source ?? 'not recorded', mono: true }],
        ['Current registry stage', prev.detail.stage],
        ['Aliases now', prev.detail.aliases.map((a) => `@${a}`).join(', ') || 'none'],
        ['Ledger event', { text: prev.event, mono: true }],
      ],
    },
  ]);
}

function auditTrailSection(e: DossierEvidence): Section {
  const v = e.ledgerVerification;
  const blocks: Block[] = [
    {
      kind: 'callout',
      tone: v.intact ? 'ok' : 'bad',
      title: v.intact ? '✓ Ledger verified' : '✗ Ledger failed verification',
      text: `${v.events} events checked (content addresses, signatures, links, order, authority)${
        v.intact
          ? '; no problems.'
          : `; ${v.problems.length} problem(s): ${v.problems
              .map((p) => p.message)
              .slice(0, 5)
              .join(' ')}`
      }`,
    },
  ];
  if (e.ledger.length === 0) blocks.push({ kind: 'missing', text: 'No ledger events about this version.' });
  else {
    blocks.push({
      kind: 'table',
      columns: ['Time', 'Event', 'By', 'Summary'],
      rows: e.ledger.map((l) => [iso(l.at), { text: l.kind, mono: true }, l.authorName, l.summary]),
    });
  }
  return section('audit-trail', 'Audit trail', e.ledger.length > 0 ? 'present' : 'missing', blocks);
}

/** Plain text of a section, for tests and the Markdown table of contents. */
export function sectionText(s: Section): string {
  return s.blocks
    .map((b) => {
      switch (b.kind) {
        case 'kv':
          return b.rows.map(([k, v]) => `${k}: ${cellText(v)}`).join('\n');
        case 'table':
          return b.rows.map((r) => r.map(cellText).join(' | ')).join('\n');
        case 'list':
          return b.items.join('\n');
        case 'figure':
          return b.caption;
        case 'callout':
          return `${b.title} ${b.text}`;
        default:
          return b.text;
      }
    })
    .join('\n');
}
