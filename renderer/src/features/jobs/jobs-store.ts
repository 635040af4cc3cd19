import { create } from 'zustand';
import type { JobProgress } from '@shared/contract';

interface JobsState {
  /** Jobs in the order they first reported, newest last. */
  readonly jobs: readonly JobProgress[];
  report(progress: JobProgress): void;
  dismiss(jobId: string): void;
}

/** Long work the core reports through `job.progress`; UI state only, nothing here is fetched. */
export const useJobsStore = create<JobsState>()((set) => ({
  jobs: [],
  report: (progress) =>
    set(({ jobs }) => {
      const index = jobs.findIndex((job) => job.jobId === progress.jobId);
      if (index === -1) return { jobs: [...jobs, progress] };
      const next = [...jobs];
      next[index] = progress;
      return { jobs: next };
    }),
  dismiss: (jobId) => set(({ jobs }) => ({ jobs: jobs.filter((job) => job.jobId !== jobId) })),
}));

export function isFinished(job: JobProgress): boolean {
  return job.state !== 'running';
}
