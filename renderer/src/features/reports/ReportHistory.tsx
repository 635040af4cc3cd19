import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { ReportHistoryEntry } from '@shared/domain/reports';
import { pluralize } from '../../format/numbers';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { FORMAT_LABELS, historyStatus } from './labels';
import { HISTORY_LIMIT, reportHistoryQuery } from './queries';
import { VerificationDetails } from './VerificationDetails';
import { verifyFileQuery } from './verify-query';

/** Reports issued from this workspace, newest first, each verified again when the list is read. */
export function ReportHistory() {
  const history = useQuery(reportHistoryQuery());
  return (
    <section className="panel" aria-labelledby="reports-history">
      <div className="panel__heading-row">
        <h2 id="reports-history">History</h2>
        <button type="button" className="button" onClick={() => void history.refetch()} disabled={history.isFetching}>
          {history.isFetching ? 'Verifying…' : 'Verify all again'}
        </button>
      </div>
      {history.isPending ? (
        <SkeletonBlock label="Loading issued reports" lines={3} />
      ) : history.isError ? (
        <ErrorState title="Could not list issued reports" error={history.error} level={3} onRetry={() => void history.refetch()} />
      ) : history.data.length === 0 ? (
        <EmptyState title="No reports issued yet" level={3} icon="fileText">
          <p>Generate a release dossier or a period audit report above; each one issued is listed here with its verification status.</p>
        </EmptyState>
      ) : (
        <>
          <HistoryTable entries={history.data} />
          {history.data.length >= HISTORY_LIMIT && (
            <p className="table__note">
              Showing the latest {HISTORY_LIMIT}; older reports are in the Audit timeline as report.issued events.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function HistoryTable({ entries }: { entries: readonly ReportHistoryEntry[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <table className="table reports-history">
      <caption className="visually-hidden">Issued reports, newest first ({pluralize(entries.length, 'report')})</caption>
      <thead>
        <tr>
          <th scope="col">Report</th>
          <th scope="col">Issued</th>
          <th scope="col">Verification</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const status = historyStatus(entry);
          const expanded = open === entry.id;
          return (
            <Fragment key={entry.id}>
              <tr>
                <td>
                  <span className="reports-history__title">{entry.title}</span>
                  <span className="reports-history__meta">
                    {FORMAT_LABELS[entry.format]} · <code className="code wrap-anywhere">{entry.path}</code>
                  </span>
                </td>
                <td>
                  <RelativeTime timestamp={entry.issuedAt} />
                  <span className="reports-history__meta">by {entry.issuedBy}</span>
                </td>
                <td>
                  <StatusBadge tone={status.tone} label={status.label} icon={status.icon} />
                  <span className="reports-history__meta">{status.reason}</span>
                </td>
                <td>
                  <button
                    type="button"
                    className="button"
                    aria-expanded={expanded}
                    aria-controls={`report-${entry.id}-checks`}
                    onClick={() => setOpen(expanded ? null : entry.id)}
                  >
                    {expanded ? 'Hide checks' : 'Verify again'}
                  </button>
                </td>
              </tr>
              {expanded && (
                <tr id={`report-${entry.id}-checks`}>
                  <td colSpan={4}>
                    <VerifyAgain path={entry.path} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** A fresh check of one report, its details inline; refreshes the history row too. */
function VerifyAgain({ path }: { path: string }) {
  const queryClient = useQueryClient();
  const result = useQuery({ ...verifyFileQuery(path), staleTime: 0, refetchOnMount: 'always' });
  if (result.isPending) return <SkeletonBlock label="Verifying the report" lines={2} />;
  if (result.isError)
    return (
      <ErrorState
        title="Could not verify this report"
        error={result.error}
        level={3}
        onRetry={() => void result.refetch()}
        hint="The report or its manifest may have been moved or deleted; keep them side by side where they were written."
      />
    );
  return (
    <div aria-live="polite">
      <VerificationDetails verification={result.data} />
      <button
        type="button"
        className="button button--quiet"
        disabled={result.isFetching}
        onClick={() => {
          void result.refetch();
          void queryClient.invalidateQueries({ queryKey: reportHistoryQuery().queryKey });
        }}
      >
        {result.isFetching ? 'Verifying…' : 'Check again'}
      </button>
    </div>
  );
}
