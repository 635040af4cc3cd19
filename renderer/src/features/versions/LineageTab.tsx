import { Link } from 'wouter';
import { LineageExplorer } from '../lineage/LineageExplorer';
import { lineageNodePath } from '../lineage/routes';
import { modelVersionRef } from '../lineage/vocabulary';

/** The version page's Lineage tab: the upstream graph centred on this version. */
export function LineageTab({ connection, name, version }: { connection: string; name: string; version: number }) {
  const ref = modelVersionRef(connection, name, version);
  return (
    <div className="stack">
      <p className="muted">
        Where version {version} came from: its training run, the code commit, and the dataset versions and pipeline jobs upstream.{' '}
        <Link href={lineageNodePath(ref)}>Open in the Lineage section</Link> to follow it downstream or import more lineage.
      </p>
      <LineageExplorer node={ref} title={`${name} version ${version}`} initialDirection="upstream" />
    </div>
  );
}
