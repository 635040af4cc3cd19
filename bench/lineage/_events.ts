import { randomUUID } from 'node:crypto';

const PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const facet = (schema: string) => ({ _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${schema}` });

/**
 * Realistic Airflow-style events, as the OpenLineage HTTP transport sends them (one per POST):
 * a START and a COMPLETE per task run, a parent DAG run, two inputs and one output with a
 * schema — about 1.5 kB each. Drawn from pools of jobs and datasets so the graph grows as a
 * real workspace does, not as a chain.
 */
export function airflowEvents(runs: number, seed = 1): string[] {
  let state = seed;
  const random = () => {
    // 32-bit LCG in integer arithmetic (a float product would lose bits and cycle early).
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const pick = (n: number) => Math.floor(random() * n);
  const dagRuns = Array.from({ length: 50 }, () => randomUUID());
  const out: string[] = [];
  for (let i = 0; i < runs; i++) {
    const runId = randomUUID();
    const dag = pick(40);
    const task = `dag_${dag}.task_${pick(5)}`;
    const started = Date.UTC(2026, 9, 1) + i * 60_000;
    const dataset = (n: number) => ({ namespace: 'postgres://warehouse:5432', name: `analytics.public.table_${n}` });
    const inputs = [dataset(pick(2_000)), dataset(pick(2_000))];
    const output = {
      ...dataset(pick(2_000)),
      facets: {
        schema: {
          ...facet('1-1-1/SchemaDatasetFacet.json'),
          fields: ['id', 'customer_id', 'amount', 'currency', 'created_at', 'status'].map((name) => ({
            name,
            type: name === 'amount' ? 'numeric' : 'text',
          })),
        },
      },
    };
    const base = {
      run: {
        runId,
        facets: {
          parent: {
            ...facet('1-0-1/ParentRunFacet.json'),
            run: { runId: dagRuns[dag % dagRuns.length] },
            job: { namespace: 'airflow-prod', name: `dag_${dag}` },
          },
        },
      },
      job: {
        namespace: 'airflow-prod',
        name: task,
        facets: { jobType: { ...facet('2-0-3/JobTypeJobFacet.json'), processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' } },
      },
      inputs,
      outputs: [output],
      producer: PRODUCER,
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    };
    out.push(JSON.stringify({ eventType: 'START', eventTime: new Date(started).toISOString(), ...base }));
    out.push(JSON.stringify({ eventType: 'COMPLETE', eventTime: new Date(started + 45_000).toISOString(), ...base }));
  }
  return out;
}
