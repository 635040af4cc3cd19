import { describe, expect, it } from 'vitest';
import type { GateResult, RoleRequirement, Signoff } from '@shared/domain/governance';
import { summarizeGate } from './gate-summary';

const signoff = (invalidReason: string | null = null): Signoff => ({
  eventId: 'e',
  person: 'p',
  name: 'Marcus Chen',
  role: 'ml-engineering',
  decision: 'approved',
  at: 0,
  comment: '',
  conditions: [],
  invalidReason,
});
const role = (r: Partial<RoleRequirement>): RoleRequirement => ({
  role: 'compliance',
  required: 1,
  valid: [],
  invalid: [],
  rejected: [],
  missing: 0,
  ...r,
});
const gate = (over: Partial<GateResult>): GateResult => ({
  subject: { connection: 'c', model: 'm', version: 5, stage: 'production' },
  status: 'blocked',
  governed: true,
  tier: 'high',
  tierSource: 'tag',
  policyHash: 'p',
  evidenceHash: 'e',
  artifact: { source: null, runId: null },
  request: { id: 'r', requestedBy: 'k', requestedByName: 'Jonah', at: 0, note: '' },
  authors: [],
  signoffs: [],
  checks: [],
  reasons: [],
  notes: [],
  evaluatedAt: 0,
  recordedEventId: null,
  ...over,
});

describe('summarizeGate', () => {
  it('counts missing sign-offs and failing checks', () => {
    const summary = summarizeGate(
      gate({
        signoffs: [role({ missing: 1 }), role({ role: 'ops', missing: 1 })],
        checks: [{ id: 'metric:auc', label: 'auc', status: 'fail', actual: '0.9', threshold: '≥ 0.93', message: '', waiver: null }],
      }),
      null,
    );
    expect(summary).toMatchObject({ tone: 'danger', label: 'Blocked — 2 sign-offs and 1 check missing' });
  });

  it('says ready when the gate passes, and released once written back', () => {
    expect(summarizeGate(gate({ status: 'pass' }), null).label).toBe('Ready to release');
    expect(summarizeGate(gate({ status: 'blocked' }), { at: 1, byName: 'Priya' }).label).toBe('Released');
  });

  it('says invalidated when approvals stopped counting for a change, not for expiry', () => {
    const changed = role({ missing: 1, invalid: [signoff('the evidence changed since')] });
    expect(summarizeGate(gate({ signoffs: [changed] }), { at: 1, byName: 'Priya' }).label).toBe('Invalidated');
    const expired = role({ missing: 1, invalid: [signoff('expired on 2026-11-12')] });
    expect(summarizeGate(gate({ signoffs: [expired] }), { at: 1, byName: 'Priya' }).label).toBe('Released');
  });

  it('says not requested without a request', () => {
    expect(summarizeGate(gate({ request: null }), null)).toMatchObject({ tone: 'unknown', label: 'Not requested' });
  });
});
