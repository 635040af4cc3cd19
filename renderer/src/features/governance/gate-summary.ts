import { gateSummaryOf } from '@shared/domain/gate-status';
import type { GateResult } from '@shared/domain/governance';
import type { StatusTone } from '../../ui/StatusBadge';
import { pluralize } from '../../format/numbers';
import { GATE_STATUS_PALETTE } from '../versions/gate-status-palette';
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

/**
 * The header's gate status: the shared wording (`gateSummaryOf`, the same the Models grid and
 * `governance.gate.summaries` use), with a blocked header saying what is missing or who rejected.
 */
export function summarizeGate(gate: GateResult, released: ReleaseRecord | null): GateSummary {
  const summary = gateSummaryOf(gate, released);
  const { tone, word } = GATE_STATUS_PALETTE[summary.status];
  if (summary.status !== 'blocked') return { tone, label: word, explanation: summary.reason };
  const rejected = gate.signoffs.filter((role) => role.rejected.length > 0);
  if (rejected.length > 0) {
    return {
      tone,
      label: `${word} — rejected by ${rejected.map((r) => roleLabel(r.role).toLowerCase()).join(' and ')}`,
      explanation: gate.reasons[0] ?? 'A reviewer rejected this release.',
    };
  }
  const { missingSignoffs: signoffs, failingChecks: checks } = summary;
  const parts = [...(signoffs > 0 ? [pluralize(signoffs, 'sign-off')] : []), ...(checks > 0 ? [pluralize(checks, 'check')] : [])];
  return { tone, label: parts.length > 0 ? `${word} — ${parts.join(' and ')} missing` : word, explanation: summary.reason };
}
