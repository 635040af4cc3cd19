import type { Run } from '../../platform/catalog-types';
import { finalMetrics } from '../versions/run-facts';
import { metricDirection, metricVerdict, type MetricDirection, type MetricVerdict } from './metric-direction';

/**
 * Versions side by side, as rows: one per parameter, metric or dataset, one value per
 * version (null when that version's run did not log it). Pure, so the highlighting rules
 * are tested without a DOM.
 */

export interface ParamRow {
  key: string;
  values: (string | null)[];
  differs: boolean;
}

export interface MetricRow {
  key: string;
  values: (number | null)[];
  direction: MetricDirection | null;
  /** Against the first selected version; null for the first itself and where a value is missing. */
  verdicts: (MetricVerdict | null)[];
  differs: boolean;
}

export interface DatasetRow {
  /** Name and context ("training", "evaluation"): the same dataset in the same role is compared by digest. */
  name: string;
  context: string | null;
  digests: (string | null)[];
  differs: boolean;
}

const sameAll = <T>(values: readonly T[]): boolean => values.every((value) => value === values[0]);

function keysOf(lists: readonly (readonly { key: string }[])[]): string[] {
  return [...new Set(lists.flatMap((list) => list.map((item) => item.key)))].sort((a, b) => a.localeCompare(b));
}

export function compareParams(runs: readonly (Run | null)[]): ParamRow[] {
  const maps = runs.map((run) => new Map(run?.params.map((param) => [param.key, param.value])));
  return keysOf(runs.map((run) => run?.params ?? [])).map((key) => {
    const values = maps.map((map) => map.get(key) ?? null);
    return { key, values, differs: !sameAll(values) };
  });
}

export function compareMetrics(runs: readonly (Run | null)[]): MetricRow[] {
  const finals = runs.map((run) => finalMetrics(run?.metrics ?? []));
  const maps = finals.map((list) => new Map(list.map((metric) => [metric.key, metric.value])));
  return keysOf(finals).map((key) => {
    const values = maps.map((map) => map.get(key) ?? null);
    const direction = metricDirection(key);
    const reference = values[0] ?? null;
    const verdicts = values.map((value, index) =>
      index === 0 || value === null || reference === null ? null : metricVerdict(value, reference, direction),
    );
    return { key, values, direction, verdicts, differs: !sameAll(values) };
  });
}

export function compareDatasets(runs: readonly (Run | null)[]): DatasetRow[] {
  const slot = (name: string, context: string | null) => `${name}\u0000${context ?? ''}`;
  const rows = new Map<string, { name: string; context: string | null }>();
  for (const run of runs) for (const input of run?.datasetInputs ?? []) rows.set(slot(input.name, input.context), input);
  return [...rows.values()]
    .sort((a, b) => a.name.localeCompare(b.name) || (a.context ?? '').localeCompare(b.context ?? ''))
    .map(({ name, context }) => {
      const digests = runs.map(
        (run) => run?.datasetInputs.find((input) => input.name === name && input.context === context)?.digest ?? null,
      );
      return { name, context, digests, differs: !sameAll(digests) };
    });
}

/** "1,3,4" → [1, 3, 4] in the order given, without repeats; null when any part is not a version number. */
export function parseVersionList(segment: string): number[] | null {
  const parts = segment.split(',').filter((part) => part !== '');
  if (parts.length === 0 || !parts.every((part) => /^[1-9]\d{0,9}$/.test(part))) return null;
  return [...new Set(parts.map(Number))];
}
