import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { createCore } from '../../electron/core/create-core';
import { MemoryIndex } from '../../electron/core/lineage/graph/memory-index';
import { walk } from '../../electron/core/lineage/query/traverse';
import { defineBenchmark, now, percentile, type BenchmarkContext, type Figure } from '../harness';
import { tempDir } from '../foundation/_processes';
import { buildSyntheticGraph } from './_graph';

const QUERIES = 200;
const MAX_NODES = 2_000; // the operation's default cap: what a screen can draw
const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

/** What the recursive-CTE alternative costs for the same question (upstream, to a depth, capped). */
function cte(db: Database, root: number, depth: number): number {
  const rows = db
    .prepare(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT ?, 0
         UNION
         SELECT e.from_id, up.depth + 1 FROM lineage_edges e JOIN up ON e.to_id = up.id WHERE up.depth < ? AND e.valid_to IS NULL
       )
       SELECT DISTINCT id FROM up LIMIT ?`,
    )
    .all(root, depth, MAX_NODES);
  return rows.length;
}

async function time(roots: number[], query: (root: number) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (const root of roots) {
    const started = now();
    await query(root);
    samples.push(now() - started);
  }
  return samples;
}

export default defineBenchmark({
  area: 'lineage',
  name: 'upstream-query',
  async run({ log }: BenchmarkContext): Promise<Figure[]> {
    const dir = tempDir('quorum-bench-lineage-graph-');
    const core = createCore({ dataDir: join(dir.path, 'data'), validateOutput: false });
    try {
      const db = core.store.db;
      const built = now();
      const graph = buildSyntheticGraph(db);
      db.pragma('analysis_limit = 1000');
      db.exec('ANALYZE');
      log(`${graph.nodes} nodes, ${graph.edges} edges written in ${Math.round(now() - built)} ms`);
      const roots = Array.from({ length: QUERIES }, (_, i) => graph.sinks[(i * 7919) % graph.sinks.length] as number);
      const load = now();
      MemoryIndex.for(db).sync();
      const indexBuild = now() - load;

      const figures: Figure[] = [];
      const sizes: number[] = [];
      for (const depth of [5, 20]) {
        // Warm the page cache and the prepared statements once, as a running app has.
        await core.dispatch('lineage.graph', { node: roots[0], direction: 'upstream', depth, maxNodes: MAX_NODES });
        const operation = await time(roots, async (root) => {
          const result = await core.dispatch('lineage.graph', { node: root, direction: 'upstream', depth, maxNodes: MAX_NODES });
          if (!result.ok) throw new Error(result.error.message);
          sizes.push((result.data as { nodes: unknown[] }).nodes.length);
        });
        const options = { direction: 'upstream' as const, depth, includeColumns: false, maxNodes: MAX_NODES };
        const inMemory = await time(roots, (root) => walk(db, [root], { ...options, asOf: null }));
        // asOf far ahead is today's graph read from SQL, level by level: the other way the walk can go.
        const sqlWalk = await time(roots, (root) => walk(db, [root], { ...options, asOf: FAR_FUTURE }));
        const recursive = await time(roots, (root) => cte(db, root, depth));
        const reached = sizes.splice(0);
        log(`depth ${depth}: ${Math.min(...reached)}–${Math.max(...reached)} nodes per answer`);
        figures.push(
          {
            label: `lineage.graph upstream, depth ${depth}, p95 of ${QUERIES} (${graph.nodes} nodes / ${graph.edges} edges; answers of ${Math.min(...reached)}–${Math.max(...reached)} nodes)`,
            value: percentile(operation, 95),
            unit: 'ms',
            target: 50,
            baseline: { label: 'recursive CTE (node ids only), p95', value: percentile(recursive, 95) },
          },
          {
            label: `  of which the walk over the in-memory index, depth ${depth}, p95`,
            value: percentile(inMemory, 95),
            unit: 'ms',
            baseline: { label: 'the same walk in SQL per level, p95', value: percentile(sqlWalk, 95) },
          },
        );
      }

      // A receiver keeps writing while people query: the index catches up on the new edges only.
      const catchUp: number[] = [];
      const insertNode = db.prepare(
        "INSERT INTO lineage_nodes (kind, namespace, name, origin, first_seen_at, last_seen_at) VALUES ('dataset', 'bench', ?, 'openlineage', 0, 0) RETURNING id",
      );
      const insertEdge = db.prepare(
        "INSERT INTO lineage_edges (from_id, to_id, kind, confidence, origin, source_ref, valid_from) VALUES (?, ?, 'input', 'observed', 'openlineage', 'bench', 0)",
      );
      for (let round = 0; round < 20; round++) {
        db.transaction(() => {
          for (let i = 0; i < 1_000; i++) {
            const id = (insertNode.get(`extra-${round}-${i}`) as { id: number }).id;
            insertEdge.run(id, roots[i % roots.length]);
          }
          db.prepare(
            "INSERT INTO lineage_meta (key, value) VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
          ).run();
        })();
        const started = now();
        const result = await core.dispatch('lineage.graph', { node: roots[round], direction: 'upstream', depth: 20, maxNodes: MAX_NODES });
        if (!result.ok) throw new Error(result.error.message);
        catchUp.push(now() - started);
      }
      figures.push({
        label: 'lineage.graph depth 20 right after 1,000 new edges were written, p95 of 20',
        value: percentile(catchUp, 95),
        unit: 'ms',
        target: 50,
        note: `building the index from nothing (first query after start, or after a rewrite such as an MLflow re-sync) takes ${Math.round(indexBuild)} ms for ${graph.edges} edges; after that it reads only new edges`,
      });
      return figures;
    } finally {
      core.close();
      dir.remove();
    }
  },
});
