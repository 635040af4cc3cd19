import type { Database } from 'better-sqlite3';

export interface SyntheticGraph {
  nodes: number;
  edges: number;
  /** Dataset node ids of the last layers: the training-data end, where upstream queries start. */
  sinks: number[];
}

/**
 * A lineage-shaped graph written straight into the lineage tables: 50 layers of 1,000 datasets,
 * 49 layers of 1,000 runs between them, and 1,000 jobs that each ran 49 times — 100,000 nodes.
 * Each run reads 3 datasets of the layer before (mostly neighbours, 5% anywhere, as shared
 * reference tables are), writes 2 of its own layer, and is executed by its job: 294,000 edges,
 * topped up to 300,000 with extra reads.
 */
export function buildSyntheticGraph(db: Database, layers = 50, width = 1_000, seed = 3): SyntheticGraph {
  let state = seed;
  const random = () => {
    // 32-bit LCG in integer arithmetic (a float product would lose bits and cycle early).
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const insertNode = db.prepare(
    "INSERT INTO lineage_nodes (kind, namespace, name, qualifier, origin, first_seen_at, last_seen_at) VALUES (?, 'bench', ?, '', 'openlineage', ?, ?) RETURNING id",
  );
  const insertEdge = db.prepare(
    "INSERT INTO lineage_edges (from_id, to_id, kind, confidence, origin, source_ref, valid_from) VALUES (?, ?, ?, 'observed', 'openlineage', 'bench', ?) ON CONFLICT DO NOTHING",
  );
  const insertRun = db.prepare(
    "INSERT INTO lineage_runs (node_id, run_id, job_node_id, origin, state, started_at, terminal_type, terminal_at) VALUES (?, ?, ?, 'openlineage', 'completed', ?, 'COMPLETE', ?)",
  );
  const target = layers * width * 6; // 300,000 at the default size
  let edges = 0;
  const datasets: number[][] = [];
  const runs: number[][] = [];
  db.transaction(() => {
    const jobs = Array.from({ length: width }, (_, i) => (insertNode.get('job', `dag.task_${i}`, 0, 0) as { id: number }).id);
    for (let layer = 0; layer < layers; layer++) {
      const at = Date.UTC(2026, 0, 1) + layer * 3_600_000;
      datasets.push(
        Array.from({ length: width }, (_, i) => (insertNode.get('dataset', `layer${layer}.table${i}`, at, at) as { id: number }).id),
      );
      if (layer === 0) continue;
      const previous = datasets[layer - 1] as number[];
      const current = datasets[layer] as number[];
      const layerRuns: number[] = [];
      for (let i = 0; i < width; i++) {
        const run = (insertNode.get('run', `run-${layer}-${i}`, at, at) as { id: number }).id;
        layerRuns.push(run);
        const job = jobs[i] as number;
        insertRun.run(run, `run-${layer}-${i}`, job, at, at + 60_000);
        edges += insertEdge.run(job, run, 'executes', at).changes;
        for (let k = 0; k < 3; k++) {
          const j = random() < 0.05 ? Math.floor(random() * width) : (i + Math.floor(random() * 17) - 8 + width) % width;
          edges += insertEdge.run(previous[j], run, 'input', at).changes;
        }
        edges += insertEdge.run(run, current[i], 'output', at).changes;
        edges += insertEdge.run(run, current[(i + 1) % width], 'output', at).changes;
      }
      runs.push(layerRuns);
    }
    while (edges < target) {
      const layer = 1 + Math.floor(random() * (layers - 1));
      const i = Math.floor(random() * width);
      const j = (i + Math.floor(random() * 33) - 16 + width) % width;
      edges += insertEdge.run((datasets[layer - 1] as number[])[j], (runs[layer - 1] as number[])[i], 'input', 0).changes;
    }
  })();
  const nodes = (db.prepare('SELECT count(*) AS n FROM lineage_nodes').get() as { n: number }).n;
  return { nodes, edges, sinks: datasets.slice(-3).flat() };
}
