import type { LedgerEntry } from '@shared/domain/governance';
import type { ReleaseRecord } from './gate-summary';
import type { VersionSubject } from './queries';

function isSubject(value: unknown): value is VersionSubject {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return typeof s.model === 'string' && typeof s.version === 'number' && typeof s.stage === 'string' && typeof s.connection === 'string';
}

/** The newest write-back recorded for this version and stage (entries come newest first), if any. */
export function releaseOf(entries: readonly LedgerEntry[], subject: VersionSubject): ReleaseRecord | null {
  for (const entry of entries) {
    if (entry.kind !== 'writeback.performed') continue;
    const s = entry.body.subject;
    if (
      isSubject(s) &&
      s.connection === subject.connection &&
      s.model === subject.model &&
      s.version === subject.version &&
      s.stage === subject.stage
    ) {
      return { at: entry.at, byName: entry.authorName };
    }
  }
  return null;
}
