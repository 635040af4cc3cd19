import type { TeamStatus } from '@shared/domain/teamsync';
import { RelativeTime } from '../../ui/RelativeTime';
import { StatusBadge } from '../../ui/StatusBadge';
import { shortHash } from '../governance/labels';

/** Events from the team database that did not verify, each with the core's reason; never applied here. */
export function QuarantineList({ status }: { status: TeamStatus }) {
  if (status.quarantinedCount === 0) return <p className="panel__note">No quarantined events: everything received verified.</p>;
  return (
    <div className="team-quarantine">
      <h3>
        Quarantined events ({status.quarantinedCount}
        {status.quarantined.length < status.quarantinedCount ? `, latest ${status.quarantined.length} shown` : ''})
      </h3>
      <ul className="team-quarantine__list">
        {status.quarantined.map((q) => (
          <li key={`${q.id}-${q.detectedAt}`} className="team-quarantine__item">
            <StatusBadge tone="danger" label={q.problem} icon="shieldOff" />
            <span>
              {q.kind ?? 'Unreadable event'} <code className="code">{shortHash(q.id)}</code>
              {q.author ? ` by ${q.author}` : ''}: {q.reason}
              <span className="team-quarantine__meta">
                {' '}
                Detected <RelativeTime timestamp={q.detectedAt} />
                {q.retryable ? '; retried on the next sync.' : '.'}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
