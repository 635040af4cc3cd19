import type { Database } from 'better-sqlite3';
import type { LineageNodeKind } from '@shared/domain/lineage';
import { QuorumError } from '../../errors';
import { formatRef, namespaceNameSplits } from '../graph/refs';

interface Candidate {
  id: number;
  kind: LineageNodeKind;
  namespace: string;
  name: string;
  qualifier: string;
}

const SYNTAX =
  'Write a node as MODEL@VERSION, MODEL@ALIAS, dataset:NAMESPACE:NAME[@VERSION], job:NAMESPACE:NAME, run:RUN_ID, commit:SHA or model:CONNECTION:MODEL@VERSION.';

/**
 * Finds the node a reference means. Ambiguity is an error that lists the candidates (two
 * connections with the same model name, a NAMESPACE:NAME that splits two ways), never a guess.
 */
export function resolveNode(db: Database, ref: string | number): number {
  if (typeof ref === 'number') {
    const row = db.prepare('SELECT id FROM lineage_nodes WHERE id = ?').get(ref) as { id: number } | undefined;
    if (!row) throw new QuorumError('not_found', `No lineage node with id ${ref}.`, { node: ref });
    return row.id;
  }
  const text = ref.trim();
  const candidates = candidatesFor(db, text);
  if (candidates.length === 1 && candidates[0]) return candidates[0].id;
  if (candidates.length > 1) {
    throw new QuorumError(
      'invalid_input',
      `"${text}" names more than one lineage node; say which: ${candidates.map((c) => formatRef(c)).join(', ')}.`,
      {
        node: text,
        candidates: candidates.map((c) => formatRef(c)),
      },
    );
  }
  const hint = suggestions(db, text);
  throw new QuorumError('not_found', `No lineage node "${text}".${hint.length > 0 ? ` Did you mean ${hint.join(', ')}?` : ''} ${SYNTAX}`, {
    node: text,
    suggestions: hint,
  });
}

function candidatesFor(db: Database, text: string): Candidate[] {
  const find = (kind: LineageNodeKind, namespace: string, name: string, qualifier = ''): Candidate[] =>
    db
      .prepare(
        'SELECT id, kind, namespace, name, qualifier FROM lineage_nodes WHERE kind = ? AND namespace = ? AND name = ? AND qualifier = ?',
      )
      .all(kind, namespace, name, qualifier) as Candidate[];
  const prefixed = /^(dataset|job|run|commit|model|deployment|column):(.*)$/s.exec(text);
  if (prefixed) {
    const [, prefix, body = ''] = prefixed;
    switch (prefix) {
      case 'dataset':
        return unique(
          namespaceNameSplits(body).flatMap(({ namespace, name }) => {
            const at = name.lastIndexOf('@');
            const asVersion = at > 0 ? find('dataset_version', namespace, name.slice(0, at), name.slice(at + 1)) : [];
            return [...find('dataset', namespace, name), ...asVersion];
          }),
        );
      case 'job':
        return unique(namespaceNameSplits(body).flatMap(({ namespace, name }) => find('job', namespace, name)));
      case 'run':
        return db
          .prepare("SELECT id, kind, namespace, name, qualifier FROM lineage_nodes WHERE kind = 'run' AND name = ?")
          .all(body) as Candidate[];
      case 'commit': {
        const sha = body.toLowerCase();
        if (sha.length < 7) return [];
        return db
          .prepare(
            "SELECT id, kind, namespace, name, qualifier FROM lineage_nodes WHERE kind = 'code_commit' AND name >= ? AND name < ? || char(1114111)",
          )
          .all(sha, sha) as Candidate[];
      }
      case 'column': {
        const hash = body.lastIndexOf('#');
        if (hash <= 0) return [];
        return unique(
          namespaceNameSplits(body.slice(0, hash)).flatMap(({ namespace, name }) => find('column', namespace, name, body.slice(hash + 1))),
        );
      }
      case 'model':
      case 'deployment': {
        const at = body.lastIndexOf('@');
        if (at <= 0) return [];
        const qualifier = body.slice(at + 1);
        return unique(
          namespaceNameSplits(body.slice(0, at)).flatMap(({ namespace, name }) =>
            prefix === 'model'
              ? find('model_version', namespace, name, qualifier)
              : [...find('deployment', namespace, name, qualifier), ...find('deployment', namespace, name, `stage:${qualifier}`)],
          ),
        );
      }
    }
  }
  // MODEL@VERSION (a number) or MODEL@ALIAS, across connections.
  const at = text.lastIndexOf('@');
  if (at > 0) {
    const model = text.slice(0, at);
    const qualifier = text.slice(at + 1).replace(/^v(?=\d+$)/, '');
    if (/^\d+$/.test(qualifier)) {
      return db
        .prepare(
          "SELECT id, kind, namespace, name, qualifier FROM lineage_nodes WHERE kind = 'model_version' AND name = ? AND qualifier = ?",
        )
        .all(model, qualifier) as Candidate[];
    }
    return db
      .prepare(
        "SELECT id, kind, namespace, name, qualifier FROM lineage_nodes WHERE kind = 'deployment' AND name = ? AND (qualifier = ? OR qualifier = 'stage:' || ?)",
      )
      .all(model, qualifier, qualifier) as Candidate[];
  }
  return [];
}

function suggestions(db: Database, text: string): string[] {
  const word =
    text
      .replace(/^[a-z]+:/, '')
      .split(/[:@#/]/)
      .filter(Boolean)
      .at(-1) ?? '';
  if (word.length < 2) return [];
  const rows = db
    .prepare(
      "SELECT id, kind, namespace, name, qualifier FROM lineage_nodes WHERE kind IN ('dataset', 'job', 'model_version') AND name LIKE ? ESCAPE '\\' LIMIT 5",
    )
    .all(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as Candidate[];
  return rows.map((r) => formatRef(r));
}

function unique(candidates: Candidate[]): Candidate[] {
  const seen = new Set<number>();
  return candidates.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}
