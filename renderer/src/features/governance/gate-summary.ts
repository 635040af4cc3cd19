import type { GateResult } from '@shared/domain/governance';
import type { StatusTone } from '../../ui/StatusBadge';
import { pluralize } from '../../format/numbers';
import { roleLabel } from './labels';

export interface GateSummary {
  tone: StatusTone;
  /** The one large status of the version header (UX.md). */
  label: string;
  /** One sentence a compliance officer can read without knowing the policy file. */
  explanation: string;
}

export interface ReleaseRecord {
  at: number;
  byName: string;
}

/** How many sign-offs (people) and evidence checks still stand between the version and a passing gate. */
export function missingCounts(gate: GateResult): { signoffs: number; checks: number } {
  return {
    signoffs: gate.signoffs.reduce((sum, role) => sum + role.missing, 0),
    checks: gate.checks.filter((check) => check.status === 'fail').length,
  };
}

/**
 * The header's gate status. A release written back after a passing gate stays "Released"
 * even once its approvals expire: they were valid when it shipped. Approvals that stopped
 * counting for another reason (artifact, policy or evidence changed) make it "Invalidated".
 */
export function summarizeGate(gate: GateResult, released: ReleaseRecord | null): GateSummary {
  const invalid = gate.signoffs.flatMap((role) => role.invalid);
  const changed = invalid.filter((s) => s.invalidReason !== null && !s.invalidReason.startsWith('expired'));
  if (!gate.governed) {
    return { tone: 'unknown', label: 'Not governed', explanation: gate.notes[0] ?? `The policy does not gate ${gate.subject.stage}.` };
  }
  // Waived checks are never shown green (UX.md): the release stands, outlined in red.
  const waived = gate.checks.filter((check) => check.status === 'waived');
  const waiverNote = waived.length > 0 ? ` Waived: ${waived.map((check) => check.label).join(', ')}.` : '';
  if (released && changed.length === 0) {
    return {
      tone: waived.length > 0 ? 'waived' : 'ok',
      label: waived.length > 0 ? 'Released, waived' : 'Released',
      explanation: `Released to ${gate.subject.stage} after a passing gate; ${released.byName} recorded the write-back.${waiverNote}`,
    };
  }
  if (changed.length > 0 && gate.status === 'blocked') {
    return {
      tone: 'danger',
      label: 'Invalidated',
      explanation: `${pluralize(changed.length, 'approval')} no longer ${changed.length === 1 ? 'counts' : 'count'}: ${changed[0]?.invalidReason ?? ''}.`,
    };
  }
  if (gate.status === 'pass') {
    return waived.length > 0
      ? {
          tone: 'waived',
          label: 'Ready, waived',
          explanation: `Every required sign-off holds for ${gate.subject.stage}, with a waiver.${waiverNote}`,
        }
      : {
          tone: 'ok',
          label: 'Ready to release',
          explanation: `Every required sign-off and evidence check holds for ${gate.subject.stage}.`,
        };
  }
  if (gate.request === null) {
    return {
      tone: 'unknown',
      label: 'Not requested',
      explanation: `Nobody has requested a release of this version to ${gate.subject.stage}; request one to start sign-off.`,
    };
  }
  const rejected = gate.signoffs.filter((role) => role.rejected.length > 0);
  if (rejected.length > 0) {
    return {
      tone: 'danger',
      label: `Blocked — rejected by ${rejected.map((r) => roleLabel(r.role).toLowerCase()).join(' and ')}`,
      explanation: gate.reasons[0] ?? 'A reviewer rejected this release.',
    };
  }
  const { signoffs, checks } = missingCounts(gate);
  const parts = [...(signoffs > 0 ? [pluralize(signoffs, 'sign-off')] : []), ...(checks > 0 ? [pluralize(checks, 'check')] : [])];
  return {
    tone: 'danger',
    label: parts.length > 0 ? `Blocked — ${parts.join(' and ')} missing` : 'Blocked',
    explanation: gate.reasons.join(' '),
  };
}
