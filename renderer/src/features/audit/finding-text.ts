import type { Finding } from '@shared/domain/governance';

/**
 * One line naming what a finding is about, for the Audit list and the act dialog. A promotion
 * names the alias or stage that moved; a drift finding names the deployed version that drifted.
 */
export function findingHeadline(finding: Finding): string {
  const version = finding.version === null ? '?' : String(finding.version);
  switch (finding.kind) {
    case 'promotion-outside-quorum':
      return `${finding.model} @${finding.subject} → v${version}`;
    case 'drift-threshold':
      return `${finding.model} v${version} drifted while deployed to ${finding.stage}`;
  }
}

/** What the finding records, as the signed act's confirmation lists it. */
export function findingSummary(finding: Finding): string {
  switch (finding.kind) {
    case 'promotion-outside-quorum':
      return `${finding.model} @${finding.subject} moved ${finding.from ?? '—'} → ${finding.to ?? '—'} (${finding.severity} severity)`;
    case 'drift-threshold':
      return `${finding.model} v${finding.version ?? '?'} (${finding.subject}, ${finding.stage}) crossed its drift threshold (${finding.severity} severity)`;
  }
}
