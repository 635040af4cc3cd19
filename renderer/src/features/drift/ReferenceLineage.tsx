import { Link } from 'wouter';
import type { DriftRun } from '@shared/domain/drift';
import { versionPath } from '../../app/routes';
import { formatCount } from '../../format/numbers';
import { lineageNodePath } from '../lineage/routes';

/**
 * Where the reference sample came from, as a link into the lineage graph: the dataset version
 * with the same bytes, or the dataset at the file's location; when lineage does not know the
 * reference, the model version's own upstream lineage — which shows its training and holdout
 * data — with the reason said plainly.
 */
export function ReferenceLineageLink({
  run,
  connection,
  name,
  version,
}: {
  run: DriftRun;
  connection: string;
  name: string;
  version: number;
}) {
  const lineage = run.referenceLineage;
  const upstream = (
    <Link href={versionPath(connection, name, version, 'lineage')}>
      Upstream lineage of {name} v{version}
    </Link>
  );
  if (lineage.node && lineage.status === 'dataset-version') {
    return (
      <>
        <Link href={lineageNodePath(lineage.node.ref)}>{lineage.node.label}</Link> (same SHA-256 as the reference file)
        {lineage.matches > 1 && <>; {formatCount(lineage.matches)} dataset versions hold these bytes, the first recorded is linked</>}
      </>
    );
  }
  if (lineage.node && lineage.status === 'dataset-location') {
    return (
      <>
        <Link href={lineageNodePath(lineage.node.ref)}>{lineage.node.label}</Link> (the dataset at the reference file’s location; which of
        its versions these bytes are, lineage does not record)
      </>
    );
  }
  if (lineage.status === 'no-reference') {
    return <>Prometheus computed these scores; Quorum never saw the reference sample. {upstream}</>;
  }
  return <>The reference sample is not in the lineage graph (no dataset version has its digest). {upstream}</>;
}
