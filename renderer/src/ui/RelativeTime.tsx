import { formatAbsoluteTime, formatRelativeTime } from '../format/time';
import { useNow } from './use-now';

/** "3 hours ago", with the absolute date on hover and in the machine-readable attribute. */
export function RelativeTime({ timestamp }: { timestamp: number }) {
  const now = useNow();
  const absolute = formatAbsoluteTime(timestamp);
  return (
    <time className="relative-time" dateTime={new Date(timestamp).toISOString()} title={absolute}>
      {formatRelativeTime(timestamp, now)}
    </time>
  );
}
