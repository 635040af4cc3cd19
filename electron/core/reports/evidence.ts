import type { OperationOutput } from '@shared/contract';
import type { ModelSummary, VersionDetail } from '@shared/domain/catalog';
import type { DriftRun } from '@shared/domain/drift';
import type { Finding, GateResult, Identity, LedgerEntry, VerifyReport } from '@shared/domain/governance';
import type { LineageGraph, LineageNodeDetail } from '@shared/domain/lineage';
import { QuorumError } from '../errors';
import { optional, type Invoke } from './invoke';
import { figureGraph } from './lineage-figure';

/**
 * The JSON evidence bundle: the raw answers of the other modules' operations that each
 * section of a report is built from, exactly as they were returned. A report is a rendering
 * of this bundle and nothing else, so an auditor can re-derive every sentence from it.
 */

export const BUNDLE_FORMAT = 'quorum-evidence-bundle/1';

type RequestDetail = OperationOutput<'governance.requests.get'>;
type PolicyAnswer = OperationOutput<'governance.policy.get'>;

export interface SubjectRef {
  connection: string;
  model: string;
  version: number;
}

export interface DossierEvidence {
  format: typeof BUNDLE_FORMAT;
  kind: 'dossier';
  generatedAt: string;
  subject: SubjectRef;
  version: VersionDetail;
  model: OperationOutput<'models.get'>;
  policy: PolicyAnswer;
  gate: GateResult;
  requests: RequestDetail[];
  /** Ledger events about this version (its requests, sign-offs, waivers, gates, write-backs, reports). */
  ledger: LedgerEntry[];
  identities: Identity[];
  lineage: LineageGraph | null;
  /** Data-quality assertions on the dataset versions upstream of this version. */
  dataQuality: { node: string; label: string; detail: Pick<LineageNodeDetail, 'qualityAssertions'> }[];
  drift: DriftRun[];
  findings: Finding[];
  /** The version a rollback would go to: the newest earlier version released through Quorum. */
  previousApproved: { version: number; approvedAt: number; via: 'writeback' | 'gate'; event: string; detail: VersionDetail } | null;
  ledgerVerification: VerifyReport;
}

export interface AuditEvidence {
  format: typeof BUNDLE_FORMAT;
  kind: 'audit';
  generatedAt: string;
  period: { from: string; to: string };
  /** Every ledger event dated in the period, oldest first. */
  events: LedgerEntry[];
  /** release.requested events the period's decisions answer (for time-to-approval), wherever they fall. */
  requests: LedgerEntry[];
  findings: Finding[];
  models: ModelSummary[];
  policy: PolicyAnswer;
  identities: Identity[];
  ledgerVerification: VerifyReport;
}

export type Evidence = DossierEvidence | AuditEvidence;

/** Which connection holds MODEL, when the caller did not say. */
export async function resolveConnection(invoke: Invoke, model: string, connection: string | undefined): Promise<string> {
  if (connection !== undefined) return connection;
  const { items } = await invoke('models.list', { query: model, limit: 20_000 });
  const holders = [...new Set(items.filter((m) => m.name === model).map((m) => m.connection))];
  if (holders.length === 0) throw new QuorumError('not_found', `No model named "${model}" in this workspace.`, { model });
  if (holders.length > 1) {
    throw new QuorumError('invalid_input', `"${model}" exists in ${holders.join(', ')}; name the connection (CONNECTION/MODEL@VERSION).`, {
      model,
      connections: holders,
    });
  }
  return holders[0] as string;
}

/** Every ledger entry (optionally of one model), oldest first; the operation pages newest first. */
async function allLedger(invoke: Invoke, model?: string): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await invoke('governance.ledger.list', { ...(model === undefined ? {} : { model }), limit: 1000, offset });
    out.push(...page.items);
    if (offset + page.items.length >= page.total || page.items.length === 0) break;
  }
  return out.reverse();
}

const subjectOf = (e: LedgerEntry): { model?: unknown; version?: unknown; stage?: unknown } | null => {
  const s = e.body.subject;
  return s !== null && typeof s === 'object' ? (s as { model?: unknown; version?: unknown; stage?: unknown }) : null;
};

export async function gatherDossier(
  invoke: Invoke,
  ref: { connection?: string | undefined; model: string; version: number },
  now: number,
  step: (label: string) => void,
): Promise<DossierEvidence> {
  const connection = await resolveConnection(invoke, ref.model, ref.connection);
  step('Reading the registry');
  const version = await invoke('versions.get', { connection, name: ref.model, version: ref.version });
  const model = await invoke('models.get', { connection, name: ref.model });
  const subject = { connection, model: ref.model, version: ref.version };

  step('Reading governance');
  const policy = await invoke('governance.policy.get', {});
  const gate = await invoke('governance.gate.evaluate', { connection, model: ref.model, version: ref.version, record: false });
  const modelLedger = await allLedger(invoke, ref.model);
  const requestIds = new Set(
    modelLedger
      .filter(
        (e) => e.kind === 'release.requested' && subjectOf(e)?.version === ref.version && (subjectOf(e)?.model ?? ref.model) === ref.model,
      )
      .map((e) => e.id),
  );
  const ledger = modelLedger.filter((e) => {
    const s = subjectOf(e);
    if (s && s.model === ref.model && s.version === ref.version) return true;
    return typeof e.body.request === 'string' && requestIds.has(e.body.request);
  });
  const requests = await Promise.all([...requestIds].map((id) => invoke('governance.requests.get', { id })));
  const identities = await invoke('governance.identities.list', {});
  const findings = (await invoke('governance.findings.list', { all: true })).filter(
    (f) => f.connection === connection && f.model === ref.model,
  );

  step('Reading lineage');
  const lineage = await optional(
    invoke('lineage.graph', { node: `model:${connection}:${ref.model}@${ref.version}`, direction: 'upstream', depth: 12, maxNodes: 2000 }),
  );
  const dataQuality: DossierEvidence['dataQuality'] = [];
  if (lineage) {
    const figure = figureGraph(lineage);
    for (const node of figure.nodes.filter((n) => n.kind === 'dataset_version').slice(0, 30)) {
      const detail = await optional(invoke('lineage.node', { node: node.id }));
      if (detail) dataQuality.push({ node: node.ref, label: node.label, detail: { qualityAssertions: detail.qualityAssertions } });
    }
  }

  step('Reading drift');
  const drift = await invoke('drift.results', { connection, model: ref.model, version: ref.version, limit: 1000 });

  const previousApproved = await previousRelease(invoke, connection, ref.model, ref.version, modelLedger);
  const ledgerVerification = await invoke('governance.ledger.verify', {});
  return {
    format: BUNDLE_FORMAT,
    kind: 'dossier',
    generatedAt: new Date(now).toISOString(),
    subject,
    version,
    model,
    policy,
    gate,
    requests,
    ledger,
    identities,
    lineage,
    dataQuality,
    drift,
    findings,
    previousApproved,
    ledgerVerification,
  };
}

/** The newest earlier version whose release Quorum recorded (a write-back, else a passing recorded gate). */
async function previousRelease(
  invoke: Invoke,
  connection: string,
  model: string,
  version: number,
  modelLedger: LedgerEntry[],
): Promise<DossierEvidence['previousApproved']> {
  let best: { version: number; approvedAt: number; via: 'writeback' | 'gate'; event: string } | null = null;
  for (const e of modelLedger) {
    const s = subjectOf(e);
    if (!s || s.model !== model || typeof s.version !== 'number' || s.version >= version) continue;
    const via = e.kind === 'writeback.performed' ? 'writeback' : e.kind === 'gate.evaluated' && e.body.status === 'pass' ? 'gate' : null;
    if (via === null) continue;
    const better = !best || s.version > best.version || (s.version === best.version && via === 'writeback' && best.via === 'gate');
    if (better) best = { version: s.version, approvedAt: e.at, via, event: e.id };
  }
  if (!best) return null;
  const detail = await optional(invoke('versions.get', { connection, name: model, version: best.version }));
  return detail ? { ...best, detail } : null;
}

export async function gatherAudit(
  invoke: Invoke,
  period: { from: number; to: number },
  now: number,
  step: (label: string) => void,
): Promise<AuditEvidence> {
  step('Reading the ledger');
  const all = await allLedger(invoke);
  const events = all.filter((e) => e.at >= period.from && e.at < period.to);
  const answered = new Set(events.map((e) => e.body.request).filter((r): r is string => typeof r === 'string'));
  const requests = all.filter((e) => e.kind === 'release.requested' && answered.has(e.id) && !events.includes(e));
  step('Reading findings and the catalog');
  const findings = (await invoke('governance.findings.list', { all: true })).filter(
    (f) => f.observedAt >= period.from && f.observedAt < period.to,
  );
  const { items: models } = await invoke('models.list', { limit: 20_000 });
  const policy = await invoke('governance.policy.get', {});
  const identities = await invoke('governance.identities.list', {});
  const ledgerVerification = await invoke('governance.ledger.verify', {});
  return {
    format: BUNDLE_FORMAT,
    kind: 'audit',
    generatedAt: new Date(now).toISOString(),
    period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    events,
    requests,
    findings,
    models,
    policy,
    identities,
    ledgerVerification,
  };
}
