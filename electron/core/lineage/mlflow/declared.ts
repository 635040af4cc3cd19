import { namespaceNameSplits } from '../graph/refs';
import type { GraphStore } from '../graph/store';

/**
 * Resolves `dataset:NS:NAME` or `dataset:NS:NAME@VERSION` from a tag to a node, creating it
 * when no tool has named it yet (split at the last colon: namespaces carry colons more often
 * than names). Anything else in the tag is ignored: a tag is free text a person typed.
 */
export function resolveOrCreateDatasetRef(g: GraphStore, ref: string, at: number): number | null {
  if (!ref.startsWith('dataset:')) return null;
  const body = ref.slice('dataset:'.length);
  const find = g.db.prepare("SELECT id FROM lineage_nodes WHERE kind = ? AND namespace = ? AND name = ? AND qualifier = ''");
  const findVersion = g.db.prepare(
    "SELECT id FROM lineage_nodes WHERE kind = 'dataset_version' AND namespace = ? AND name = ? AND qualifier = ?",
  );
  const at_ = body.lastIndexOf('@');
  for (const split of namespaceNameSplits(body)) {
    if ((find.get('dataset', split.namespace, split.name) as { id: number } | undefined) !== undefined) {
      return g.node({ kind: 'dataset', namespace: split.namespace, name: split.name }, 'user', at);
    }
    if (at_ > 0) {
      const name = split.name.slice(0, split.name.lastIndexOf('@'));
      const version = split.name.slice(split.name.lastIndexOf('@') + 1);
      if (split.name.includes('@') && findVersion.get(split.namespace, name, version) !== undefined) {
        return g.node({ kind: 'dataset_version', namespace: split.namespace, name, qualifier: version }, 'user', at);
      }
    }
  }
  const [first] = namespaceNameSplits(body);
  if (!first) return null;
  const versionAt = first.name.lastIndexOf('@');
  if (versionAt > 0) {
    const name = first.name.slice(0, versionAt);
    const versionId = g.node(
      { kind: 'dataset_version', namespace: first.namespace, name, qualifier: first.name.slice(versionAt + 1) },
      'user',
      at,
    );
    const datasetId = g.node({ kind: 'dataset', namespace: first.namespace, name }, 'user', at);
    g.edge({
      from: versionId,
      to: datasetId,
      kind: 'version_of',
      confidence: 'declared',
      origin: 'mlflow',
      sourceRef: `tag: ${ref}`,
      validFrom: at,
    });
    return versionId;
  }
  return g.node({ kind: 'dataset', namespace: first.namespace, name: first.name }, 'user', at);
}
