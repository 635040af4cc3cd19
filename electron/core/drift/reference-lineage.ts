import type { Database } from 'better-sqlite3';
import type { DriftRun, ReferenceLineage } from '@shared/domain/drift';
import { normaliseUri } from '../lineage/graph/locations';
import { formatLabel, formatRef, type NodeIdentity } from '../lineage/graph/refs';

/*
 * Where a drift result's reference sample is in the lineage graph. Read-only over the lineage
 * tables (lineage_nodes), at read time rather than when the result is stored: lineage is often
 * imported after the drift runs, and a link found later is still right.
 *
 * The engine records the SHA-256 of the reference file's bytes. A dataset version whose
 * identifier is that digest (an OpenLineage `version` facet or any tool that versions by
 * content hash — as "<hex>" or "sha256:<hex>") is the same data, exactly. Failing that, a
 * dataset recorded at the path the file was read from is the same dataset, though which of
 * its versions the bytes are is unknown. Names alone are not matched: they collide.
 */

type Resolvable = Pick<DriftRun, 'source'> & {
  reproducibility: Pick<DriftRun['reproducibility'], 'referenceDigest' | 'referenceDigestOf' | 'referenceSource'>;
};

interface NodeRow extends NodeIdentity {
  kind: 'dataset' | 'dataset_version';
}

/** A resolver for one read: results of one model usually share their reference, so answers are cached. */
export function referenceLineageResolver(db: Database): (run: Resolvable) => ReferenceLineage {
  const byDigest = db.prepare(
    `SELECT kind, namespace, name, qualifier FROM lineage_nodes
     WHERE kind = 'dataset_version' AND qualifier IN (?, ?, ?, ?) ORDER BY first_seen_at, id`,
  );
  const byLocation = db.prepare(
    `SELECT kind, namespace, name, qualifier FROM lineage_nodes WHERE kind = 'dataset' AND location = ? ORDER BY first_seen_at, id`,
  );
  const cache = new Map<string, ReferenceLineage>();
  return (run) => {
    // A monitoring backend computed the scores from samples Quorum never saw.
    if (run.source !== 'engine') return { status: 'no-reference', node: null, matches: 0 };
    const { referenceDigest, referenceDigestOf, referenceSource } = run.reproducibility;
    const key = `${referenceDigestOf}\u0000${referenceDigest}\u0000${referenceSource ?? ''}`;
    const cached = cache.get(key);
    if (cached) return cached;
    let answer: ReferenceLineage = { status: 'not-in-lineage', node: null, matches: 0 };
    // A digest of typed columns (a table handed over in memory) is no file's digest.
    const hex = referenceDigestOf === 'file' ? /^sha256:([0-9a-f]{64})$/i.exec(referenceDigest)?.[1] : undefined;
    const versions = hex
      ? (byDigest.all(hex.toLowerCase(), hex.toUpperCase(), `sha256:${hex.toLowerCase()}`, `SHA256:${hex.toUpperCase()}`) as NodeRow[])
      : [];
    const location = referenceSource && referenceDigestOf === 'file' ? normaliseUri(referenceSource) : null;
    const datasets = versions.length === 0 && location ? (byLocation.all(location) as NodeRow[]) : [];
    const found = versions[0] ?? datasets[0];
    if (found) {
      answer = {
        status: versions.length > 0 ? 'dataset-version' : 'dataset-location',
        node: { ref: formatRef(found), label: formatLabel(found), kind: found.kind },
        matches: versions.length > 0 ? versions.length : datasets.length,
      };
    }
    cache.set(key, answer);
    return answer;
  };
}
