import { useEffect } from 'react';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusBadge } from '../../ui/StatusBadge';
import { isFinished, useJobsStore } from './jobs-store';

/** How long a finished job stays on screen so the reader sees that it ended. */
const FINISHED_VISIBLE_MS = 4000;

/** Long jobs the core reports, shown in the top bar with their count; the app stays usable meanwhile. */
export function JobsIndicator() {
  const jobs = useJobsStore((state) => state.jobs);
  const dismiss = useJobsStore((state) => state.dismiss);

  useEffect(() => {
    const timers = jobs.filter(isFinished).map((job) => setTimeout(() => dismiss(job.jobId), FINISHED_VISIBLE_MS));
    return () => timers.forEach(clearTimeout);
  }, [jobs, dismiss]);

  return (
    <div className="jobs" role="status" aria-live="polite">
      {jobs.map((job) =>
        job.state === 'running' ? (
          <ProgressBar key={job.jobId} label={job.label} done={job.done} total={job.total} />
        ) : (
          <span key={job.jobId} className="jobs__finished">
            <StatusBadge
              tone={job.state === 'done' ? 'ok' : job.state === 'failed' ? 'danger' : 'unknown'}
              label={job.state === 'done' ? 'Done' : job.state === 'failed' ? 'Failed' : 'Cancelled'}
            />
            <span>
              {job.label}
              {job.message ? ` — ${job.message}` : ''}
            </span>
          </span>
        ),
      )}
    </div>
  );
}
