import { randomUUID } from 'node:crypto';
import type { LineageGraph } from '@shared/domain/lineage';
import { createCore } from '../../electron/core/create-core';

const NAMESPACE = 'warehouse';
const PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/** What the Explorer asks for when opened on a node: both directions, 8 hops (its defaults). */
export const EXPLORER_QUERY = { direction: 'both', depth: 8 } as const;

export interface RenderWorkspace {
  /** The start node, as the Lineage section's address names it. */
  startRef: string;
  /** The events written, one COMPLETE per run. */
  events: number;
}

/**
 * A pipeline that fans in towards one training table, as OpenLineage events: the table is
 * written by a run that reads 6 tables, each written by a run reading 6 more, three levels
 * deep; the 216 runs of the last level read 6 of 1,222 shared raw tables (neighbours overlap,
 * as shared reference data does). Every run has its own job. Walked 8 hops upstream from the
 * training table — the Explorer's default depth — that is 1 + 3 × (1 + 6 + 36 + 216) + 1,222
 * = 1,999 nodes (datasets, runs, jobs) and 2,072 edges, all reachable, none cut by the
 * 2,000-node cap.
 */
export function fanInEvents(fanIn = 6, levels = 3, rawTables = 1_222): { startRef: string; lines: string[] } {
  const lines: string[] = [];
  const table = (name: string) => ({ namespace: NAMESPACE, name });
  let runs = 0;
  const event = (job: string, inputs: string[], output: string) => {
    const at = Date.UTC(2026, 9, 1) + runs++ * 60_000;
    lines.push(
      JSON.stringify({
        eventType: 'COMPLETE',
        eventTime: new Date(at).toISOString(),
        run: { runId: randomUUID() },
        job: { namespace: 'airflow-prod', name: job },
        inputs: inputs.map(table),
        outputs: [table(output)],
        producer: PRODUCER,
        schemaURL: SCHEMA_URL,
      }),
    );
  };
  // Level 0 is the training table; level `levels` tables are read from the shared raw pool.
  let current = ['ml.training_set'];
  for (let level = 0; level < levels; level++) {
    const next: string[] = [];
    current.forEach((output, i) => {
      const inputs = Array.from({ length: fanIn }, (_, k) => `l${level + 1}.table_${i * fanIn + k}`);
      event(`build_l${level}_${i}`, inputs, output);
      next.push(...inputs);
    });
    current = next;
  }
  current.forEach((output, i) => {
    const inputs = Array.from({ length: fanIn }, (_, k) => `raw.table_${(i * fanIn + k) % rawTables}`);
    event(`build_l${levels}_${i}`, inputs, output);
  });
  return { startRef: `dataset:${NAMESPACE}:ml.training_set`, lines };
}

/**
 * Writes the fan-in graph into a fresh workspace at `dataDir` through the core's own
 * `lineage.import` operation (documents, as a drop does), and returns the graph the Explorer
 * will be answered with — for checking its size and for laying it out in Node.
 */
export async function buildRenderWorkspace(dataDir: string): Promise<RenderWorkspace & { graph: LineageGraph }> {
  const { startRef, lines } = fanInEvents();
  const core = createCore({ dataDir, validateOutput: false });
  try {
    const imported = await core.dispatch('lineage.import', { documents: [{ name: 'fan-in.jsonl', text: lines.join('\n') }] });
    if (!imported.ok) throw new Error(`lineage.import failed: ${imported.error.message}`);
    const answer = await core.dispatch('lineage.graph', { node: startRef, ...EXPLORER_QUERY });
    if (!answer.ok) throw new Error(`lineage.graph failed: ${answer.error.message}`);
    return { startRef, events: lines.length, graph: answer.data as LineageGraph };
  } finally {
    core.close();
  }
}
