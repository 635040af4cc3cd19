import type { LedgerEvent } from './events';

/** One line per event for the Audit timeline and `quorum ledger log`. */
export function summarizeEvent(e: LedgerEvent, name: (k: string) => string): string {
  const b = e.body as Record<string, unknown>;
  const s = b.subject as { model?: string; version?: number; stage?: string } | undefined;
  const what = s && typeof s === 'object' ? `${s.model}@${s.version} → ${s.stage}` : '';
  switch (e.kind) {
    case 'workspace.created':
      return `${name(e.author)} created the workspace (admin)`;
    case 'identity.created':
      return `${name(e.author)} joined`;
    case 'role.granted':
      return `${name(e.author)} granted ${String(b.role)} to ${name(String(b.subject))}`;
    case 'role.revoked':
      return `${name(e.author)} revoked ${String(b.role)} from ${name(String(b.subject))}`;
    case 'policy.set':
      return `${name(e.author)} set the policy ${String(b.hash).slice(0, 12)}`;
    case 'release.requested':
      return `${name(e.author)} requested ${what}`;
    case 'signoff.approved':
      return `${name(e.author)} approved ${what} as ${String(b.role)}${(b.conditions as string[]).length > 0 ? ' with conditions' : ''}`;
    case 'signoff.rejected':
      return `${name(e.author)} rejected ${what} as ${String(b.role)}`;
    case 'waiver.granted':
      return `${name(e.author)} WAIVED ${String(b.check)} for ${what}`;
    case 'gate.evaluated':
      return `${name(e.author)} recorded gate ${String(b.status)} for ${what}`;
    case 'writeback.performed': {
      const tags = Array.isArray(b.tags) ? b.tags.length : 0;
      const alias = typeof b.alias === 'string' ? `moved @${b.alias} and ` : '';
      return `${name(e.author)} released ${what}: ${alias}wrote ${tags} tag${tags === 1 ? '' : 's'} to the registry`;
    }
    case 'release.cancelled':
      return `${name(e.author)} cancelled a release request`;
    case 'signoff.withdrawn':
      return `${name(e.author)} withdrew a sign-off`;
    case 'finding.raised':
      return `${name(e.author)} recorded a finding on ${String(b.model)} @${String(b.subject)}`;
    case 'finding.acknowledged':
      return `${name(e.author)} acknowledged a finding`;
    case 'finding.resolved':
      return `${name(e.author)} resolved a finding`;
    default:
      return `${name(e.author)}: ${e.kind}`;
  }
}
