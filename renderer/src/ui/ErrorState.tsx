import type { ReactNode } from 'react';
import { isQuorumCallError } from '../platform/call';
import { Icon } from './Icon';

export interface ErrorStateProps {
  /** What the reader was trying to see: "Could not load the models". */
  title: string;
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  level?: 2 | 3;
  /** What to do besides retrying, when there is something better to say. */
  hint?: ReactNode;
}

const HINTS: Partial<Record<string, string>> = {
  unavailable: 'Check that Quorum is still running (in browser mode, the `quorum serve` process), then retry. Nothing was changed.',
  unauthorized: 'This browser tab is not signed in to this Quorum server. Open the address printed by `quorum serve` again.',
  storage: 'The workspace database could not be read. Settings › Diagnostics runs the checks that say why.',
  internal: 'This is a bug in Quorum. Retrying may help; the details are in Quorum’s log.',
};

/** Says what happened (the core's own message), what it means, and offers a retry. */
export function ErrorState({ title, error, onRetry, retrying = false, level = 2, hint }: ErrorStateProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const message = error instanceof Error ? error.message : String(error);
  const code = isQuorumCallError(error) ? error.code : null;
  const advice = hint ?? (code ? HINTS[code] : undefined);
  return (
    <section className="error-state" role="alert" aria-label={title}>
      <Icon name="alert" className="error-state__icon" />
      <Heading className="error-state__title">{title}</Heading>
      <p className="error-state__message">{message}</p>
      {advice && <p className="error-state__hint">{advice}</p>}
      {code && <p className="error-state__code">Error code: {code}</p>}
      {onRetry && (
        <div className="error-state__actions">
          <button type="button" className="button" onClick={onRetry} disabled={retrying}>
            {retrying ? 'Retrying…' : 'Retry'}
          </button>
        </div>
      )}
    </section>
  );
}
