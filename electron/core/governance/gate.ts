import type { RiskTier, Tag } from '@shared/domain/catalog';
import type { EvidenceCheck, GateResult, MetricRule, Policy, RoleRequirement, Signoff, TierPolicy } from '@shared/domain/governance';
import { riskTierOf } from '../catalog/governance-tags';
import { authorsOf, type EvidenceSnapshot } from './evidence';
import type { Binding } from './events';
import type { IdentityRecord, LedgerState, PolicyRecord, RequestRecord, SignoffRecord } from './state';
import { subjectKey } from './state';

/**
 * The release gate: policy × version × stage → pass or blocked, with every reason. The one
 * evaluation behind the UI's checklist, reports and `quorum gate`; pure over its inputs so
 * those faces cannot disagree.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface GateInput {
  state: LedgerState;
  policy: PolicyRecord;
  subject: { connection: string; model: string; version: number; stage: string };
  modelTags: Tag[];
  evidence: EvidenceSnapshot;
  evidenceHash: string;
  now: number;
}

export function tierFor(policy: Policy, model: string, tags: Tag[]): { tier: RiskTier; source: GateResult['tierSource'] } {
  // The signed policy wins over a registry tag: anyone with registry access can edit a tag.
  const override = Object.hasOwn(policy.models, model) ? policy.models[model]?.tier : undefined;
  if (override) return { tier: override, source: 'policy-override' };
  const tagged = riskTierOf(tags);
  if (tagged) return { tier: tagged, source: 'tag' };
  return { tier: policy.defaultTier, source: 'policy-default' };
}

export function metricRulesFor(policy: Policy, tier: TierPolicy, model: string): MetricRule[] {
  const own = Object.hasOwn(policy.models, model) ? (policy.models[model]?.metrics ?? []) : [];
  const keys = new Set(own.map((r) => r.key));
  return [...tier.evidence.metrics.filter((r) => !keys.has(r.key)), ...own];
}

const normal = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether a registry user name is this person: e-mail, its local part, name or a declared handle. */
export function isPerson(identity: IdentityRecord, user: string): boolean {
  const u = normal(user);
  if (u === '') return false;
  const candidates = [identity.email, identity.email.split('@')[0] ?? '', identity.name, ...identity.handles];
  return candidates.some((c) => normal(c) === u);
}

export function latestOpenRequest(state: LedgerState, subject: GateInput['subject']): RequestRecord | null {
  const list = state.requestsBySubject.get(subjectKey(subject)) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i] as RequestRecord;
    if (!r.cancelled) return r;
  }
  return null;
}

export function bindingOf(input: Pick<GateInput, 'policy' | 'evidence' | 'evidenceHash'>): Binding {
  return {
    artifact: { source: input.evidence.version.source, runId: input.evidence.version.runId },
    policyHash: input.policy.hash,
    evidenceHash: input.evidenceHash,
  };
}

/** Why a binding no longer matches, or null. */
export function bindingProblem(bound: Binding, current: Binding): string | null {
  if (bound.artifact.source !== current.artifact.source || bound.artifact.runId !== current.artifact.runId) {
    return `the artifact changed since (was ${bound.artifact.source ?? 'none'}, now ${current.artifact.source ?? 'none'})`;
  }
  if (bound.policyHash !== current.policyHash)
    return `the policy changed since (${bound.policyHash.slice(0, 12)} → ${current.policyHash.slice(0, 12)})`;
  if (bound.evidenceHash !== current.evidenceHash)
    return 'the evidence changed since (metrics, training data, model card, drift or data-quality results)';
  return null;
}

export function evaluateGate(input: GateInput): GateResult {
  const { state, policy, subject, now } = input;
  const { tier: tierName, source } = tierFor(policy.policy, subject.model, input.modelTags);
  const tier = policy.policy.tiers[tierName];
  const reasons: string[] = [];
  const notes: string[] = [];
  const authors = authorsOf(input.evidence);
  const current = bindingOf(input);
  const request = latestOpenRequest(state, subject);
  const name = (key: string) => state.identities.get(key)?.name ?? key.slice(0, 12);
  const governed = tier.stages.includes(subject.stage);

  const base = {
    subject,
    governed,
    tier: tierName,
    tierSource: source,
    policyHash: policy.hash,
    evidenceHash: input.evidenceHash,
    artifact: current.artifact,
    request: request
      ? { id: request.id, requestedBy: request.requester, requestedByName: name(request.requester), at: request.at, note: request.note }
      : null,
    authors,
    evaluatedAt: now,
    recordedEventId: null,
  };
  if (!governed) {
    notes.push(`Stage ${subject.stage} is not governed for ${tierName}-risk models (governed: ${tier.stages.join(', ') || 'none'}).`);
    return { ...base, status: 'pass', signoffs: [], checks: [], reasons, notes };
  }

  if (!request) reasons.push(`No open release request for ${subject.model} v${subject.version} to ${subject.stage}.`);
  const signoffs = evaluateSignoffs(input, tier, request, current, authors, name);
  for (const r of signoffs) {
    for (const rejection of r.rejected) reasons.push(`Rejected by ${rejection.name} (${r.role}): ${rejection.comment}`);
    if (r.missing > 0) {
      const invalid =
        r.invalid.length > 0 ? ` (${r.invalid.map((s) => `${s.name}'s approval does not count: ${s.invalidReason}`).join('; ')})` : '';
      reasons.push(`${r.missing} ${r.role} sign-off${r.missing === 1 ? '' : 's'} missing (${r.valid.length} of ${r.required})${invalid}.`);
    }
  }
  const checks = evaluateChecks(input, tier, tierName, request, current, name);
  for (const c of checks) {
    if (c.status === 'fail') reasons.push(`${c.label}: ${c.message}`);
    if (c.status === 'waived') notes.push(`WAIVED — ${c.label}: ${c.message} (waived by ${c.waiver?.byName}: ${c.waiver?.justification})`);
    if (c.status === 'skipped') notes.push(`${c.label}: ${c.message}`);
  }
  return { ...base, status: reasons.length === 0 ? 'pass' : 'blocked', signoffs, checks, reasons, notes };
}

function evaluateSignoffs(
  input: GateInput,
  tier: TierPolicy,
  request: RequestRecord | null,
  current: Binding,
  authors: string[],
  name: (key: string) => string,
): RoleRequirement[] {
  const { state, now } = input;
  const validity = tier.approvalValidityDays * DAY_MS;
  const filledBy = new Map<string, string>(); // person → role they count for
  return tier.signoffs.map((rule) => {
    const active = (request?.signoffs ?? []).filter((s) => s.role === rule.role && !s.withdrawn);
    const valid: Signoff[] = [];
    const invalid: Signoff[] = [];
    const rejected: Signoff[] = [];
    const counted = new Set<string>();
    // Newest first, so a person's latest act is the one that counts.
    for (const s of [...active].sort((a, b) => b.at - a.at)) {
      if (s.decision === 'rejected') {
        rejected.push(toSignoff(s, name, null));
        continue;
      }
      const why = signoffProblem(s, { state, now, validity, current, authors, tier, filledBy, counted });
      if (why) invalid.push(toSignoff(s, name, why));
      else {
        counted.add(s.person);
        if (tier.independence.onePersonOneRole) filledBy.set(s.person, rule.role);
        if (valid.length < rule.count) valid.push(toSignoff(s, name, null));
      }
    }
    return { role: rule.role, required: rule.count, valid, invalid, rejected, missing: Math.max(0, rule.count - valid.length) };
  });
}

function signoffProblem(
  s: SignoffRecord,
  ctx: {
    state: LedgerState;
    now: number;
    validity: number;
    current: Binding;
    authors: string[];
    tier: TierPolicy;
    filledBy: Map<string, string>;
    counted: Set<string>;
  },
): string | null {
  const person = ctx.state.identities.get(s.person);
  if (ctx.counted.has(s.person)) return 'a second approval by the same person in the same role';
  if (!ctx.state.hasRole(s.person, s.role)) return `the ${s.role} role was revoked since`;
  if (s.at + ctx.validity < ctx.now)
    return `expired on ${new Date(s.at + ctx.validity).toISOString().slice(0, 10)} (valid ${ctx.tier.approvalValidityDays} days)`;
  const changed = bindingProblem(s.binding, ctx.current);
  if (changed) return changed;
  if (ctx.tier.independence.authorMayNotSign && person && ctx.authors.some((a) => isPerson(person, a))) {
    return "the signer is the version's author (independence)";
  }
  const other = ctx.filledBy.get(s.person);
  if (other !== undefined && other !== s.role) return `already counts as ${other}; one person cannot fill two required roles`;
  return null;
}

/** A sign-off as the gate and the request view show it. */
export function toSignoff(s: SignoffRecord, name: (key: string) => string, invalidReason: string | null): Signoff {
  return {
    eventId: s.eventId,
    person: s.person,
    name: name(s.person),
    role: s.role,
    decision: s.decision,
    at: s.at,
    comment: s.comment,
    conditions: s.conditions,
    invalidReason,
  };
}

function evaluateChecks(
  input: GateInput,
  tier: TierPolicy,
  tierName: RiskTier,
  request: RequestRecord | null,
  current: Binding,
  name: (key: string) => string,
): EvidenceCheck[] {
  const { evidence, policy, subject, now } = input;
  const checks: Omit<EvidenceCheck, 'waiver'>[] = [];
  const rules = tier.evidence;
  const run = evidence.run;

  if (rules.runFinished) {
    checks.push({
      id: 'run-finished',
      label: 'Training run finished',
      status: run?.status === 'FINISHED' ? 'pass' : 'fail',
      actual: run?.status ?? 'no run',
      threshold: 'FINISHED',
      message: run
        ? run.status === 'FINISHED'
          ? `run ${run.runId} finished`
          : `run ${run.runId} is ${run.status}`
        : 'the version has no training run in the catalog',
    });
  }
  for (const rule of metricRulesFor(policy.policy, tier, subject.model)) {
    const value = run?.metrics[rule.key];
    const threshold = [rule.min !== undefined ? `≥ ${rule.min}` : null, rule.max !== undefined ? `≤ ${rule.max}` : null]
      .filter(Boolean)
      .join(' and ');
    const ok = value !== undefined && (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
    checks.push({
      id: `metric:${rule.key}`,
      label: `Metric ${rule.key}`,
      status: ok ? 'pass' : 'fail',
      actual: value === undefined ? null : String(value),
      threshold,
      message:
        value === undefined
          ? `the training run has no ${rule.key} metric`
          : `${rule.key} ${value} ${ok ? 'meets' : 'does not meet'} ${threshold}`,
    });
  }
  if (rules.trainingData.required) {
    const contexts = rules.trainingData.contexts;
    const datasets = (run?.datasets ?? []).filter((d) => d.digest.trim() !== '' && (d.context === null || contexts.includes(d.context)));
    checks.push({
      id: 'training-data',
      label: 'Training data with a known version',
      status: datasets.length > 0 ? 'pass' : 'fail',
      actual: datasets.length > 0 ? datasets.map((d) => `${d.name}@${d.digest}`).join(', ') : null,
      threshold: `a dataset input with a digest (${contexts.join(', ')})`,
      message:
        datasets.length > 0 ? `${datasets.length} versioned dataset input(s)` : 'the training run records no versioned training dataset',
    });
  }
  for (const field of rules.modelCard.fields) {
    const value =
      field === 'description'
        ? evidence.version.description.trim() || evidence.model.description.trim()
        : (evidence.version.tags[field] ?? evidence.model.tags[field] ?? '').trim();
    checks.push({
      id: `model-card:${field}`,
      label: `Model card: ${field}`,
      status: value ? 'pass' : 'fail',
      actual: value ? (value.length > 80 ? `${value.slice(0, 77)}…` : value) : null,
      threshold: 'present',
      message: value ? `${field} is filled in` : `${field} is missing from the version and the model`,
    });
  }
  if (rules.drift) {
    const since = now - rules.drift.windowDays * DAY_MS;
    const recent = evidence.drift.filter((d) => d.at >= since);
    const worst = recent.reduce<number | null>((m, d) => (m === null ? d.driftShare : Math.max(m, d.driftShare)), null);
    const threshold = `drift share ≤ ${rules.drift.maxDriftShare} over ${rules.drift.windowDays} days`;
    if (worst === null) {
      checks.push({
        id: 'drift',
        label: 'Drift within bounds',
        status: rules.drift.required ? 'fail' : 'skipped',
        actual: null,
        threshold,
        message: `no drift results in the last ${rules.drift.windowDays} days${rules.drift.required ? '' : ' (checked when results exist)'}`,
      });
    } else {
      const ok = worst <= rules.drift.maxDriftShare;
      checks.push({
        id: 'drift',
        label: 'Drift within bounds',
        status: ok ? 'pass' : 'fail',
        actual: String(worst),
        threshold,
        message: `worst drift share ${worst} over ${recent.length} result(s)`,
      });
    }
  }
  if (rules.dataQuality) {
    const results = evidence.dataQuality;
    const failed = results.filter((r) => !r.passed);
    checks.push({
      id: 'data-quality',
      label: 'Data-quality assertions',
      status: results.length === 0 ? (rules.dataQuality.required ? 'fail' : 'skipped') : failed.length === 0 ? 'pass' : 'fail',
      actual: results.length === 0 ? null : `${results.length - failed.length}/${results.length} passed`,
      threshold: 'all pass',
      message:
        results.length === 0
          ? 'no data-quality results'
          : failed.length === 0
            ? 'all assertions passed'
            : `failed: ${failed.map((f) => f.assertion).join(', ')}`,
    });
  }
  return checks.map((check) => {
    if (check.status !== 'fail' || !request) return { ...check, waiver: null };
    const waiver = validWaiver(input, tier, tierName, request, check.id, current);
    return waiver
      ? {
          ...check,
          status: 'waived' as const,
          waiver: { eventId: waiver.eventId, by: waiver.by, byName: name(waiver.by), at: waiver.at, justification: waiver.justification },
        }
      : { ...check, waiver: null };
  });
}

function validWaiver(input: GateInput, tier: TierPolicy, _tier: RiskTier, request: RequestRecord, checkId: string, current: Binding) {
  // A waiver holds while its signer still has a waiving role and nothing it was bound to changed.
  return [...request.waivers]
    .reverse()
    .find(
      (w) =>
        w.check === checkId &&
        tier.waivers.allowedRoles.some((r) => input.state.hasRole(w.by, r)) &&
        bindingProblem(w.binding, current) === null &&
        w.at + tier.approvalValidityDays * DAY_MS >= input.now,
    );
}
