import type { ObservedChange } from '../../platform/catalog-types';
import { RelativeTime } from '../../ui/RelativeTime';
import { describeChange } from './describe-change';

/** Registry changes Quorum observed between syncs, newest first, in words. */
export function ActivityList({ changes }: { changes: readonly ObservedChange[] }) {
  return (
    <ol className="activity">
      {changes.map((change) => (
        <li key={change.id} className={`activity__item activity__item--${change.kind}`}>
          <span className="activity__text">{describeChange(change)}</span>
          <RelativeTime timestamp={change.observedAt} />
        </li>
      ))}
    </ol>
  );
}
