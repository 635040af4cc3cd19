import type { LineageNodeKind } from '@shared/domain/lineage';

/**
 * How a node is written in the CLI, in operations and in tags:
 *
 *   dataset:NAMESPACE:NAME            job:NAMESPACE:NAME        run:RUN_ID
 *   dataset:NAMESPACE:NAME@VERSION    commit:SHA                column:NAMESPACE:NAME#FIELD
 *   MODEL@VERSION   MODEL@ALIAS       model:CONNECTION:MODEL@VERSION   deployment:CONNECTION:MODEL@ALIAS
 *
 * Namespaces often contain colons (postgres://host:5432), so NAMESPACE:NAME is split at every
 * colon in turn and checked against the graph; see resolve.ts.
 */
export interface NodeIdentity {
  kind: LineageNodeKind;
  namespace: string;
  name: string;
  qualifier: string;
}

export function formatRef(node: NodeIdentity): string {
  switch (node.kind) {
    case 'dataset':
      return `dataset:${node.namespace}:${node.name}`;
    case 'dataset_version':
      return `dataset:${node.namespace}:${node.name}@${node.qualifier}`;
    case 'job':
      return `job:${node.namespace}:${node.name}`;
    case 'run':
      return `run:${node.name}`;
    case 'model_version':
      return `model:${node.namespace}:${node.name}@${node.qualifier}`;
    case 'deployment':
      return `deployment:${node.namespace}:${node.name}@${node.qualifier}`;
    case 'code_commit':
      return `commit:${node.name}`;
    case 'column':
      return `column:${node.namespace}:${node.name}#${node.qualifier}`;
  }
}

/** What a person reads: short, without the kind prefix the ref needs to be unambiguous. */
export function formatLabel(node: NodeIdentity, runName?: string | null): string {
  switch (node.kind) {
    case 'dataset':
      return node.name;
    case 'dataset_version':
      return `${node.name} @ ${shorten(node.qualifier)}`;
    case 'job':
      return node.name;
    case 'run': {
      if (runName) return `${runName} (${shorten(node.name)})`;
      // DVC runs are PROJECT:STAGE:HASH; the stage is what a person looks for.
      const parts = node.name.split(':');
      if (parts.length >= 3) return `${parts.slice(1, -1).join(':')} run ${(parts.at(-1) ?? '').slice(0, 8)}`;
      return `run ${shorten(node.name)}`;
    }
    case 'model_version':
      return `${node.name} v${node.qualifier}`;
    case 'deployment':
      return node.qualifier.startsWith('stage:')
        ? `${node.name} in ${node.qualifier.slice('stage:'.length)}`
        : `${node.name}@${node.qualifier}`;
    case 'code_commit':
      return `commit ${node.name.slice(0, 10)}`;
    case 'column':
      return `${node.name}.${node.qualifier}`;
  }
}

function shorten(text: string): string {
  return text.length > 16 ? `${text.slice(0, 12)}…` : text;
}

/** The ways NAMESPACE:NAME can be cut at a colon, most specific namespace first. */
export function namespaceNameSplits(text: string): { namespace: string; name: string }[] {
  const splits: { namespace: string; name: string }[] = [];
  for (let i = text.length - 1; i > 0; i--) {
    if (text[i] !== ':') continue;
    const namespace = text.slice(0, i);
    const name = text.slice(i + 1);
    if (name !== '') splits.push({ namespace, name });
  }
  return splits;
}
