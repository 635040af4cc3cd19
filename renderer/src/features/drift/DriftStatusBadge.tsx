import type { DriftRun } from '@shared/domain/drift';
import { StatusBadge } from '../../ui/StatusBadge';
import { useNow } from '../../ui/use-now';
import { driftStatus, formatAge, staleAge } from './drift-status';

/** The verdict of the latest result, and beside it how stale that result is when it is. */
export function DriftStatusBadge({ latest, size = 'md' }: { latest: DriftRun | null; size?: 'md' | 'lg' }) {
  const now = useNow();
  const status = driftStatus(latest);
  const age = latest ? staleAge(latest.windowEnd, now) : null;
  return (
    <span className="drift-status">
      <StatusBadge tone={status.tone} icon={status.icon} label={status.label} size={size} />
      {age !== null && <StatusBadge tone="unknown" icon="clock" label={`Stale · ${formatAge(age)} old`} size={size} />}
    </span>
  );
}
