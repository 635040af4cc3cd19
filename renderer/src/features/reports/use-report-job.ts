import { useState } from 'react';
import type { JobProgress } from '@shared/contract';
import { useJobsStore } from '../jobs/jobs-store';

/**
 * The progress of the report this screen asked for. reports.generate answers only when done;
 * its job id arrives with its first job.progress event, so the job is the first report job
 * that was not already known when the request went out.
 */
export function useReportJob(): { job: JobProgress | null; begin: () => void; end: () => void } {
  const [known, setKnown] = useState<ReadonlySet<string> | null>(null);
  const jobs = useJobsStore((state) => state.jobs);
  const job = known ? (jobs.find((j) => j.kind === 'report' && !known.has(j.jobId)) ?? null) : null;
  return {
    job,
    begin: () => setKnown(new Set(useJobsStore.getState().jobs.map((j) => j.jobId))),
    end: () => setKnown(null),
  };
}
