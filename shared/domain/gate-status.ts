import type { GateResult, GateSummaryItem } from './governance';

/**
 * The one wording of a version's release gate, shared by the core (`governance.gate.summaries`)
 * and the version header: a release written back after a passing gate stays Released unless an
 * approval stopped counting for a reason other than expiry; then Invalidated while blocked; then
 * Ready, Not requested, Blocked. A pass or release that stands on a waived check says so, so it
 * is never shown as plain green.
 */
export function gateSummaryOf(gate: GateResult, released: { byName: string } | null): GateSummaryItem {
  const missingSignoffs = gate.signoffs.reduce((sum, role) => sum + role.missing, 0);
  const failingChecks = gate.checks.filter((c) => c.status === 'fail').length;
  const item = (status: GateSummaryItem['status'], reason: string): GateSummaryItem => ({
    subject: gate.subject,
    status,
    reason,
    gate: gate.status,
    missingSignoffs,
    failingChecks,
  });
  const changed = gate.signoffs
    .flatMap((role) => role.invalid)
    .filter((s) => s.invalidReason !== null && !s.invalidReason.startsWith('expired'));
  const stage = gate.subject.stage;
  if (!gate.governed) return item('not-governed', gate.notes[0] ?? `The policy does not gate ${stage}.`);
  const waived = gate.checks.filter((c) => c.status === 'waived');
  const waiverNote = waived.length > 0 ? ` Waived: ${waived.map((c) => c.label).join(', ')}.` : '';
  if (released && changed.length === 0) {
    return item(
      waived.length > 0 ? 'released-with-waiver' : 'released',
      `Released to ${stage} after a passing gate; ${released.byName} recorded the write-back.${waiverNote}`,
    );
  }
  const [firstChanged] = changed;
  if (firstChanged && gate.status === 'blocked') {
    return item('invalidated', `${firstChanged.name}'s approval no longer counts: ${firstChanged.invalidReason ?? ''}.`);
  }
  if (gate.status === 'pass') {
    return waived.length > 0
      ? item('ready-with-waiver', `Every required sign-off holds for ${stage}, with a waiver.${waiverNote}`)
      : item('ready', `Every required sign-off and evidence check holds for ${stage}.`);
  }
  if (gate.request === null) return item('not-requested', `Nobody has requested a release of this version to ${stage}.`);
  return item('blocked', gate.reasons.join(' '));
}
