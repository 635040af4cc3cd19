import type { ReportFormat, ReportHistoryEntry, ReportVerification, SectionStatus } from '@shared/domain/reports';
import type { IconName } from '../../ui/Icon';
import type { StatusTone } from '../../ui/StatusBadge';

export interface StatusLabel {
  tone: StatusTone;
  label: string;
  icon?: IconName;
}

export const FORMAT_LABELS: Record<ReportFormat, string> = {
  pdf: 'PDF',
  html: 'HTML',
  md: 'Markdown',
  json: 'JSON evidence bundle',
};

export const SECTION_STATUS: Record<SectionStatus, StatusLabel> = {
  present: { tone: 'ok', label: 'Evidence present' },
  partial: { tone: 'warning', label: 'Partly evidenced', icon: 'alert' },
  missing: { tone: 'unknown', label: 'Missing' },
};

/** The verdict of one issued report, with its reason in one sentence (UX.md: every status explained). */
export function historyStatus(entry: ReportHistoryEntry): StatusLabel & { reason: string } {
  const { status, problems } = entry.verification;
  if (status === 'valid')
    return { tone: 'ok', label: 'Verified', reason: 'Every file matches its signed manifest and the signer is known here.' };
  if (status === 'missing')
    return {
      tone: 'unknown',
      label: 'File missing',
      reason: problems[0] ?? 'The report or its manifest is no longer where it was written; it may have been moved or deleted.',
    };
  return { ...problemLabel(problems), reason: problems[0] ?? 'The report no longer matches its signed manifest.' };
}

/** Names the first problem in a word the reader can act on: a changed file is not the same as an unknown signer. */
function problemLabel(problems: readonly string[]): StatusLabel {
  const first = problems[0] ?? '';
  if (/unknown key/i.test(first)) return { tone: 'warning', label: 'Unknown signer', icon: 'alert' };
  if (/changed after|does not match/i.test(first)) return { tone: 'danger', label: 'Changed file' };
  if (/signature/i.test(first)) return { tone: 'danger', label: 'Bad signature' };
  if (/missing/i.test(first)) return { tone: 'unknown', label: 'File missing' };
  return { tone: 'danger', label: 'Not valid' };
}

export function verificationStatus(v: ReportVerification): StatusLabel & { reason: string } {
  if (v.valid) {
    const who = v.signer?.knownAs ?? v.signer?.name ?? 'a known identity';
    return { tone: 'ok', label: 'Verified', reason: `Every file matches its signed manifest, signed by ${who}.` };
  }
  return { ...problemLabel(v.problems), reason: v.problems[0] ?? 'The report does not match its signed manifest.' };
}
