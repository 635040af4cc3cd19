import type { Database } from 'better-sqlite3';
import type { Confidence, ImpactHit, LineageImpact } from '@shared/domain/lineage';
import { QuorumError } from '../../errors';
import { loadNode, loadNodes } from './rows';
import { adjacent, walk } from './traverse';

/** Enough for any real lineage; a bound so a malformed graph cannot run away. */
const MAX_IMPACT_NODES = 200_000;
const TIERS: Confidence[][] = [['observed'], ['observed', 'declared'], ['observed', 'declared', 'inferred']];

/**
 * Which model versions and deployments consumed a dataset. For any version: downstream of the
 * dataset, which stands for all its versions. For one version: "definite" hits are downstream
 * of that version itself; "possible" ones are only reached through a consumer that read the
 * dataset without saying which version (see walk). Each hit carries the confidence of its
 * strongest path (the weakest edge on it): found with observed edges only, then adding
 * declared, then inferred.
 */
export function impactOf(db: Database, datasetId: number, version: string | null, asOf: number | null): LineageImpact {
  const dataset = loadNode(db, datasetId);
  if (!dataset) throw new QuorumError('not_found', `No lineage node with id ${datasetId}.`);
  if (dataset.kind !== 'dataset' && dataset.kind !== 'dataset_version') {
    throw new QuorumError(
      'invalid_input',
      `${dataset.ref} is a ${dataset.kind.replace('_', ' ')}, not a dataset; impact analysis starts from a dataset.`,
    );
  }
  let datasetNodeId = datasetId;
  let versionIds: number[];
  let chosenVersion = version;
  if (dataset.kind === 'dataset_version') {
    chosenVersion = dataset.qualifier;
    versionIds = [datasetId];
    datasetNodeId = adjacent(db, datasetId, 'version_of', 'from', asOf)[0]?.to_id ?? datasetId;
  } else {
    const versions = adjacent(db, datasetId, 'version_of', 'to', asOf).map((e) => ({
      id: e.from_id,
      qualifier: qualifierOf(db, e.from_id),
    }));
    if (version !== null) {
      const match = versions.filter((v) => v.qualifier === version || (version.length >= 6 && v.qualifier.startsWith(version)));
      if (match.length === 0) {
        throw new QuorumError(
          'not_found',
          `${dataset.ref} has no version "${version}"${
            versions.length > 0
              ? `; it has ${versions
                  .slice(0, 5)
                  .map((v) => v.qualifier)
                  .join(', ')}`
              : ''
          }.`,
        );
      }
      versionIds = match.map((m) => m.id);
    } else versionIds = versions.map((v) => v.id);
  }

  const starts = chosenVersion === null ? [datasetNodeId] : versionIds;
  // For each node: the best confidence tier that reaches it definitely, else possibly.
  const definite = new Map<number, { confidence: Confidence; distance: number }>();
  const possible = new Map<number, { confidence: Confidence; distance: number }>();
  let truncated = false;
  for (const tier of TIERS) {
    const result = walk(db, starts, {
      direction: 'downstream',
      depth: Number.POSITIVE_INFINITY,
      asOf,
      includeColumns: false,
      maxNodes: MAX_IMPACT_NODES,
      confidences: tier,
    });
    truncated ||= result.truncated;
    const confidence = tier.at(-1) as Confidence;
    for (const [id, distance] of result.depthOf) {
      const target = result.possible.has(id) ? possible : definite;
      if (!target.has(id)) target.set(id, { confidence, distance });
    }
  }
  const best = new Map<number, { confidence: Confidence; distance: number; certainty: 'definite' | 'possible' }>();
  for (const [id, hit] of possible) best.set(id, { ...hit, certainty: 'possible' });
  for (const [id, hit] of definite) best.set(id, { ...hit, certainty: 'definite' });

  const ids = [...best.keys()];
  const nodes = loadNodes(db, ids, new Map(ids.map((id) => [id, best.get(id)?.distance ?? 0])), asOf);
  const hits = (kind: 'model_version' | 'deployment'): ImpactHit[] =>
    nodes
      .filter((n) => n.kind === kind)
      .map((node) => {
        const b = best.get(node.id);
        return { node, certainty: b?.certainty ?? 'possible', confidence: b?.confidence ?? 'inferred', distance: b?.distance ?? 0 };
      })
      .sort((a, b) => rank(a) - rank(b) || a.distance - b.distance || a.node.label.localeCompare(b.node.label));
  return { dataset, version: chosenVersion, asOf, modelVersions: hits('model_version'), deployments: hits('deployment'), truncated };
}

function rank(hit: ImpactHit): number {
  return (hit.certainty === 'definite' ? 0 : 3) + ['observed', 'declared', 'inferred'].indexOf(hit.confidence);
}

function qualifierOf(db: Database, id: number): string {
  return (db.prepare('SELECT qualifier FROM lineage_nodes WHERE id = ?').get(id) as { qualifier: string } | undefined)?.qualifier ?? '';
}
