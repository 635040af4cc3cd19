import type { Confidence, LineageNodeKind, RunState } from '@shared/domain/lineage';
import type { StatusTone } from '../../ui/StatusBadge';

/** Product words for node kinds; the graph never shows the wire names. */
export const KIND_LABELS: Record<LineageNodeKind, string> = {
  dataset: 'Dataset',
  dataset_version: 'Dataset version',
  job: 'Pipeline job',
  run: 'Run',
  model_version: 'Model version',
  deployment: 'Deployment',
  code_commit: 'Code commit',
  column: 'Column',
};

/** The kinds a reader can filter; columns are only fetched on request, so they are not offered. */
export const FILTERABLE_KINDS: readonly LineageNodeKind[] = [
  'dataset',
  'dataset_version',
  'job',
  'run',
  'model_version',
  'deployment',
  'code_commit',
];

/** Run states in the one status palette (UX.md), each with a word. */
export const RUN_STATE_STATUS: Record<RunState, { tone: StatusTone; label: string; explanation: string }> = {
  completed: { tone: 'ok', label: 'Completed', explanation: 'The run finished and reported success.' },
  running: { tone: 'warning', label: 'Running', explanation: 'The run started and has not reported an end yet.' },
  new: { tone: 'unknown', label: 'Not started', explanation: 'The run was announced but has not started.' },
  failed: { tone: 'danger', label: 'Failed', explanation: 'The run ended with an error; its outputs may be missing or stale.' },
  aborted: { tone: 'danger', label: 'Aborted', explanation: 'The run was stopped before it finished; its outputs may be incomplete.' },
};

export const CONFIDENCE_LABELS: Record<Confidence, { label: string; line: 'solid' | 'dashed' | 'dotted'; explanation: string }> = {
  observed: { label: 'Observed', line: 'solid', explanation: 'An event, lock file or registry sync recorded it.' },
  declared: { label: 'Declared', line: 'dashed', explanation: 'A job definition or a run tag says so; no run confirmed it.' },
  inferred: { label: 'Inferred', line: 'dotted', explanation: 'An identity rule matched the same data across tools.' },
};

/** ECharts symbols per kind, so shape tells kinds apart even without colour. */
export const KIND_SYMBOLS: Record<LineageNodeKind, string> = {
  dataset: 'roundRect',
  dataset_version: 'roundRect',
  job: 'rect',
  run: 'circle',
  model_version: 'diamond',
  deployment: 'triangle',
  code_commit: 'pin',
  column: 'circle',
};

/** "model:CONN:NAME@VERSION" → its version page's parts, when the ref names a model version. */
export function modelVersionOfRef(ref: string): { connection: string; name: string; version: number } | null {
  const match = /^model:([^:]+):(.+)@(\d+)$/.exec(ref);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { connection: match[1], name: match[2], version: Number(match[3]) };
}

/** The lineage ref of one model version, as the core addresses it. */
export function modelVersionRef(connection: string, name: string, version: number): string {
  return `model:${connection}:${name}@${version}`;
}
