import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ErrorState } from '../../ui/ErrorState';
import { Icon } from '../../ui/Icon';
import { NotRecorded } from '../../ui/KeyValueList';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import { monitoringStatusQuery, usePollNow, useSaveQueries, type MonitoringStatus } from './monitoring-queries';

/** The one word for a connection's polling, with its tone: never colour alone. */
export function pollBadge(status: Pick<MonitoringStatus, 'status' | 'problems' | 'polling'>): { tone: StatusTone; label: string } {
  if (status.polling) return { tone: 'unknown', label: 'Polling…' };
  if (status.status === 'error') return { tone: 'danger', label: 'Poll failed' };
  if (status.problems.length > 0) return { tone: 'warning', label: `${status.problems.length} failing` };
  if (status.status === 'never-polled') return { tone: 'unknown', label: 'Not polled yet' };
  return { tone: 'ok', label: 'Polled' };
}

/** "in 4 minutes", or why there is no next poll. */
export function NextPoll({ status }: { status: MonitoringStatus }) {
  if (status.pollIntervalMinutes === 0) return <NotRecorded>Only when asked</NotRecorded>;
  if (status.polling) return <NotRecorded>After this poll</NotRecorded>;
  if (!status.scheduled || status.nextPollAt === null) {
    return <NotRecorded>Every {status.pollIntervalMinutes} min while the app or quorum serve runs</NotRecorded>;
  }
  return <RelativeTime timestamp={status.nextPollAt} />;
}

/**
 * Scheduled polling of one Prometheus connection: when it last asked and what came back,
 * when it asks next, every deployed model whose latest poll failed (with Prometheus's own
 * words), the interval, and "Poll now".
 */
export function MonitoringStatusPanel({ connection, removing = false }: { connection: string; removing?: boolean }) {
  const status = useQuery({ ...monitoringStatusQuery(connection), enabled: !removing });
  const poll = usePollNow();
  const id = useId();
  return (
    <section className="panel monitoring-status" aria-labelledby={`${id}-title`}>
      <div className="panel__heading-row">
        <h2 id={`${id}-title`}>Polling</h2>
        <button
          type="button"
          className="button"
          onClick={() => poll.mutate(connection)}
          disabled={poll.isPending || status.data?.[0]?.polling}
        >
          {poll.isPending ? 'Polling…' : 'Poll now'}
        </button>
      </div>
      <p className="panel__note">
        Quorum reads the drift template of every deployed model version from this server on a schedule and keeps each answer in the drift
        history, beside results computed from data.
      </p>
      {status.isPending ? (
        <SkeletonBlock label="Loading the polling status" lines={3} />
      ) : status.isError ? (
        <ErrorState
          level={3}
          title="Could not read the polling status"
          error={status.error}
          onRetry={() => void status.refetch()}
          retrying={status.isFetching}
        />
      ) : status.data[0] ? (
        <StatusDetails status={status.data[0]} />
      ) : null}
      {poll.isError && (
        <ErrorState level={3} title="The poll could not run" error={poll.error} hint="Nothing stored earlier was changed; try again." />
      )}
    </section>
  );
}

function StatusDetails({ status }: { status: MonitoringStatus }) {
  const badge = pollBadge(status);
  return (
    <>
      <dl className="monitoring-status__facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge tone={badge.tone} label={badge.label} />
          </dd>
        </div>
        <div>
          <dt>Last poll</dt>
          <dd>{status.lastPollAt === null ? <NotRecorded>Never</NotRecorded> : <RelativeTime timestamp={status.lastPollAt} />}</dd>
        </div>
        <div>
          <dt>Next poll</dt>
          <dd>
            <NextPoll status={status} />
          </dd>
        </div>
      </dl>
      {status.message && <p className="monitoring-status__message">{status.message}</p>}
      {status.problems.length > 0 && (
        <div className="monitoring-status__problems">
          <h3>Failing in the latest poll</h3>
          <ul>
            {status.problems.map((problem) => (
              <li key={`${problem.model}@${problem.version}`}>
                <Icon name="alert" />{' '}
                <strong>
                  {problem.model} v{problem.version}
                </strong>{' '}
                · <RelativeTime timestamp={problem.at} />
                <pre className="monitoring-error">{problem.message}</pre>
              </li>
            ))}
          </ul>
          <p className="field__hint">Fix the model’s template below (or the connection’s); the next poll tries again.</p>
        </div>
      )}
      <IntervalForm connection={status.connection} current={status.pollIntervalMinutes} />
    </>
  );
}

function IntervalForm({ connection, current }: { connection: string; current: number }) {
  const [value, setValue] = useState(String(current));
  const [error, setError] = useState<string | null>(null);
  const save = useSaveQueries();
  const id = useId();
  function submit(event: FormEvent): void {
    event.preventDefault();
    const minutes = Number(value);
    if (value.trim() === '' || !Number.isInteger(minutes) || minutes < 0 || minutes > 7 * 24 * 60) {
      setError('Enter whole minutes from 0 (only when asked) to 10080 (a week).');
      return;
    }
    setError(null);
    save.mutate({ connection, pollIntervalMinutes: minutes });
  }
  return (
    <form className="monitoring-status__interval" onSubmit={submit} noValidate aria-label="Poll interval">
      <div className="field">
        <label className="field__label" htmlFor={`${id}-minutes`}>
          Poll every (minutes)
        </label>
        <input
          id={`${id}-minutes`}
          className="input"
          type="number"
          min={0}
          max={10080}
          step={1}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
        />
        <span id={`${id}-hint`} className="field__hint">
          While the desktop app or <code>quorum serve</code> runs; 0 polls only when asked.
        </span>
        {error && (
          <span className="field__error">
            <Icon name="alert" /> {error}
          </span>
        )}
      </div>
      <button type="submit" className="button" disabled={save.isPending || value === String(current)}>
        {save.isPending ? 'Saving…' : 'Save interval'}
      </button>
      {save.isError && <ErrorState level={3} title="The interval was not saved" error={save.error} hint="Your input is kept." />}
    </form>
  );
}
