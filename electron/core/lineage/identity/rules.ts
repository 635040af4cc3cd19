import type { Database } from 'better-sqlite3';
import { DEFAULT_IDENTITY_RULES, identityRulesSchema, type IdentityRules } from '@shared/domain/lineage';
import { GraphStore } from '../graph/store';

/**
 * Identity resolution across tools. MLflow names a training dataset by (name, digest); an
 * OpenLineage producer names the table or file it wrote by (namespace, name, version facet);
 * DVC by path and content hash. When a rule says two of these are the same data, an inferred
 * `same_as` edge runs from the producing tool's node to MLflow's, so lineage flows from the
 * pipeline into the training run. Rules only ever add inferred edges; nothing observed is merged
 * or changed, and switching a rule off removes exactly its edges.
 */
export const RULE_DIGEST = 'rule:digest-matches-version';
export const RULE_SOURCE_URI = 'rule:source-uri-matches-dataset';
export const RULE_NAME = 'rule:name-matches-dataset';

const RULES_KEY = 'identity_rules';
const CHECKED_KEY = 'identity_rules_checked_through';

export function readRules(db: Database): IdentityRules {
  const row = db.prepare('SELECT value FROM lineage_meta WHERE key = ?').get(RULES_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_IDENTITY_RULES;
  const parsed = identityRulesSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_IDENTITY_RULES;
}

/** Saves the rules and re-derives every inferred edge; returns how many there are now. */
export function writeRules(db: Database, rules: IdentityRules, now: number): number {
  return db.transaction(() => {
    db.prepare('INSERT INTO lineage_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      RULES_KEY,
      JSON.stringify(rules),
    );
    db.prepare("DELETE FROM lineage_edges WHERE origin LIKE 'rule:%'").run();
    new GraphStore(db).bump('rewrite_generation');
    db.prepare('DELETE FROM lineage_meta WHERE key = ?').run(CHECKED_KEY);
    applyIdentityRules(db, rules, now);
    return (db.prepare("SELECT count(*) AS n FROM lineage_edges WHERE origin LIKE 'rule:%'").get() as { n: number }).n;
  })();
}

interface Pair {
  from: number;
  to: number;
  fromSeen: number;
  toSeen: number;
  detail: string;
}

/**
 * Applies the rules to nodes added since the last run (nodes are never deleted, so pairs found
 * earlier stay valid): new MLflow datasets against every other tool's, and every MLflow dataset
 * against new ones. Cheap when nothing new arrived — one indexed lookup.
 */
export function applyIdentityRules(db: Database, rules: IdentityRules, _now: number): number {
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM lineage_nodes').get() as { id: number }).id;
  const checked = Number(
    (db.prepare('SELECT value FROM lineage_meta WHERE key = ?').get(CHECKED_KEY) as { value: string } | undefined)?.value ?? 0,
  );
  if (maxId <= checked) return 0;
  const g = new GraphStore(db);
  let added = 0;
  const add = (origin: string, pairs: Pair[]) => {
    for (const p of pairs) {
      g.edge({
        from: p.from,
        to: p.to,
        kind: 'same_as',
        confidence: 'inferred',
        origin,
        sourceRef: `${origin}: ${p.detail}`,
        validFrom: Math.max(p.fromSeen, p.toSeen),
        details: { rule: origin.slice('rule:'.length), matched: p.detail },
      });
      added++;
    }
  };
  db.transaction(() => {
    if (rules.digestMatchesVersion.enabled) add(RULE_DIGEST, digestPairs(db, checked, rules));
    if (rules.sourceUriMatchesDataset.enabled) add(RULE_SOURCE_URI, locationPairs(db, checked));
    if (rules.nameMatchesDataset.enabled) add(RULE_NAME, namePairs(db, checked));
    db.prepare('INSERT INTO lineage_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      CHECKED_KEY,
      String(maxId),
    );
    if (added > 0) g.bump('generation');
  })();
  return added;
}

/**
 * An MLflow dataset digest equal to another tool's dataset version (OpenLineage `version`
 * facet, DVC md5). MLflow computes its own digests as the first 8 hex digits of an md5, and
 * teams that log a DVC hash as the digest often shorten it the same way, so a digest that is a
 * prefix of the version (at least minPrefixLength characters) also matches when allowPrefix is on.
 */
function digestPairs(db: Database, checked: number, rules: IdentityRules): Pair[] {
  const { allowPrefix, minPrefixLength } = rules.digestMatchesVersion;
  const sql = `
    SELECT o.id AS "from", m.id AS "to", o.first_seen_at AS fromSeen, m.first_seen_at AS toSeen,
           o.namespace || ':' || o.name || '@' || o.qualifier || ' ~ ' || m.name || '@' || m.qualifier AS detail
    FROM lineage_nodes m JOIN lineage_nodes o
      ON o.kind = 'dataset_version' AND o.origin <> 'mlflow'
     AND (o.qualifier = m.qualifier
          OR (? = 1 AND length(m.qualifier) >= ? AND o.qualifier > m.qualifier AND o.qualifier < m.qualifier || char(1114111)))
    WHERE m.kind = 'dataset_version' AND m.origin = 'mlflow' AND m.qualifier <> ''`;
  const prefix = allowPrefix ? 1 : 0;
  const newMlflow = db.prepare(`${sql} AND m.id > ?`).all(prefix, minPrefixLength, checked) as Pair[];
  const newOther = db.prepare(`${sql} AND o.id > ? AND m.id <= ?`).all(prefix, minPrefixLength, checked, checked) as Pair[];
  return [...newMlflow, ...newOther];
}

/** An MLflow dataset's source URI names the same place as an OpenLineage or DVC dataset. */
function locationPairs(db: Database, checked: number): Pair[] {
  const sql = `
    SELECT o.id AS "from", m.id AS "to", o.first_seen_at AS fromSeen, m.first_seen_at AS toSeen, m.location AS detail
    FROM lineage_nodes m JOIN lineage_nodes o ON o.location = m.location AND o.kind = 'dataset' AND o.origin <> 'mlflow'
    WHERE m.kind = 'dataset' AND m.origin = 'mlflow' AND m.location IS NOT NULL`;
  return [
    ...(db.prepare(`${sql} AND m.id > ?`).all(checked) as Pair[]),
    ...(db.prepare(`${sql} AND o.id > ? AND m.id <= ?`).all(checked, checked) as Pair[]),
  ];
}

/** Same dataset name (or last path segment). Weak evidence, off by default. */
function namePairs(db: Database, checked: number): Pair[] {
  const sql = `
    SELECT o.id AS "from", m.id AS "to", o.first_seen_at AS fromSeen, m.first_seen_at AS toSeen, o.namespace || ':' || o.name || ' ~ ' || m.name AS detail
    FROM lineage_nodes m JOIN lineage_nodes o
      ON o.kind = 'dataset' AND o.origin <> 'mlflow' AND (o.name = m.name OR o.name LIKE '%/' || m.name OR o.name LIKE '%.' || m.name)
    WHERE m.kind = 'dataset' AND m.origin = 'mlflow'`;
  return [
    ...(db.prepare(`${sql} AND m.id > ?`).all(checked) as Pair[]),
    ...(db.prepare(`${sql} AND o.id > ? AND m.id <= ?`).all(checked, checked) as Pair[]),
  ];
}
