import { Link } from 'wouter';
import { NEW_CONNECTION_PATH } from '../connections/labels';
import { useJobsStore } from '../jobs/jobs-store';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { ProgressBar } from '../../ui/ProgressBar';
import { Spinner } from '../../ui/Spinner';
import { useLoadDemo } from './queries';

/** A workspace with no connections: teach what Quorum needs, and offer the demo. */
export function EmptyWorkspace() {
  const loadDemo = useLoadDemo();
  const demoJob = useJobsStore((state) => state.jobs.findLast((job) => job.kind === 'demo-load'));

  return (
    <>
      <EmptyState
        title="This workspace is empty"
        icon="plug"
        actions={
          <>
            <Link href={NEW_CONNECTION_PATH} className="button button--primary">
              Add your MLflow server
            </Link>
            <button type="button" className="button" onClick={() => loadDemo.mutate()} disabled={loadDemo.isPending}>
              {loadDemo.isPending ? 'Opening the demo workspace…' : 'Open the demo workspace'}
            </button>
          </>
        }
      >
        <p>No connections yet — add your MLflow server, or open the demo workspace.</p>
        <p className="muted">
          The demo is Northwind Financial, a mid-size lender whose fraud, lending and growth teams keep their models in MLflow. It is loaded
          into this workspace the way a real registry sync would be.
        </p>
      </EmptyState>
      {loadDemo.isPending &&
        (demoJob && demoJob.state === 'running' ? (
          <ProgressBar label={demoJob.label} done={demoJob.done} total={demoJob.total} unit="registry snapshots" />
        ) : (
          <Spinner label="Opening the demo workspace" />
        ))}
      {loadDemo.isError && (
        <ErrorState title="The demo workspace could not be opened" error={loadDemo.error} onRetry={() => loadDemo.mutate()} />
      )}
    </>
  );
}
