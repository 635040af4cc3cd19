import { useState } from 'react';
import { pluralize } from '../../format/numbers';
import { ErrorState } from '../../ui/ErrorState';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import { useJobsStore } from '../jobs/jobs-store';
import { useSyncStore, type SyncRun } from './sync-store';
import type { SyncResult } from './types';

const OUTCOME: Record<SyncResult['outcome'], { tone: StatusTone; label: string }> = {
  ok: { tone: 'ok', label: 'Synced' },
  partial: { tone: 'warning', label: 'Partly synced' },
  error: { tone: 'danger', label: 'Sync failed' },
  cancelled: { tone: 'unknown', label: 'Cancelled' },
};

/** Warnings shown before "show all": enough to see the pattern, not a wall of text. */
const WARNINGS_SHOWN = 3;

/** A sync started from this window: its progress and Cancel while it runs, then what it changed. */
export function SyncStatus({ run, title }: { run: SyncRun; title: string }) {
  const job = useJobsStore((state) => (run.jobId ? state.jobs.find((candidate) => candidate.jobId === run.jobId) : undefined));
  const cancel = useSyncStore((state) => state.cancel);
  const dismiss = useSyncStore((state) => state.dismiss);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);

  if (run.state === 'running') {
    return (
      <div className="sync-status" role="status" aria-live="polite">
        <ProgressBar label={job?.message ?? `${title}: starting…`} done={job?.done ?? 0} total={job?.total ?? null} unit="records" />
        <button
          type="button"
          className="button"
          disabled={run.jobId === null || cancelling}
          onClick={() => {
            setCancelling(true);
            cancel(run.key)
              .catch((error: unknown) => setCancelError(error))
              .finally(() => setCancelling(false));
          }}
        >
          {cancelling ? 'Cancelling…' : 'Cancel sync'}
        </button>
        {cancelError !== null && <ErrorState title="The sync could not be cancelled" error={cancelError} level={3} />}
      </div>
    );
  }

  return (
    <div className="sync-status sync-status--done" role="status" aria-live="polite">
      {run.state === 'failed' ? (
        <ErrorState
          title={`${title} could not start`}
          error={run.error}
          level={3}
          hint="Nothing already in the catalog was changed. Check the connection’s settings, then sync again."
        />
      ) : (run.results ?? []).length === 0 ? (
        <p className="muted">There was nothing to sync: no MLflow connections in this workspace.</p>
      ) : (
        <ul className="sync-results">
          {(run.results ?? []).map((result) => (
            <SyncResultItem key={result.connection} result={result} />
          ))}
        </ul>
      )}
      <button type="button" className="button button--quiet" onClick={() => dismiss(run.key)}>
        Dismiss
      </button>
    </div>
  );
}

function SyncResultItem({ result }: { result: SyncResult }) {
  const outcome = OUTCOME[result.outcome];
  const { counts } = result;
  const fetched = [
    pluralize(counts.models, 'model'),
    pluralize(counts.versions, 'version'),
    pluralize(counts.runs, 'run'),
    pluralize(counts.experiments, 'experiment'),
  ].join(', ');
  const shown = result.warnings.slice(0, WARNINGS_SHOWN);
  const more = result.warnings.slice(WARNINGS_SHOWN);
  return (
    <li className="sync-results__item">
      <p className="sync-results__head">
        <StatusBadge tone={outcome.tone} label={outcome.label} /> <strong>{result.connection}</strong>{' '}
        <span className="muted">({result.mode === 'full' ? 'full sync' : 'changes since the last sync'})</span>
      </p>
      {/* An ok sync's message only repeats the counts below; any other outcome's says what went wrong. */}
      {result.outcome !== 'ok' && <p>{result.message}</p>}
      <p className="sync-results__counts">
        Fetched {fetched}. {counts.changes === 0 ? 'No changes observed' : `${pluralize(counts.changes, 'change')} observed`}
        {counts.deleted > 0 ? `; ${pluralize(counts.deleted, 'item')} deleted on the server (kept in Quorum, marked as deleted)` : ''}.
      </p>
      {result.warnings.length > 0 && (
        <div className="sync-results__warnings">
          <p>
            <StatusBadge tone="warning" label={pluralize(result.warnings.length, 'warning')} icon="alert" />
          </p>
          <ul>
            {shown.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
          {more.length > 0 && (
            <details className="disclosure">
              <summary>Show {pluralize(more.length, 'more warning')}</summary>
              <ul>
                {more.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </li>
  );
}
