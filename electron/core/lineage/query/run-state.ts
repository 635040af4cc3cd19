import type { RunState } from '@shared/domain/lineage';

const TERMINAL: Record<string, RunState> = { COMPLETE: 'completed', FAIL: 'failed', ABORT: 'aborted' };
const PRECEDENCE: Record<string, number> = { COMPLETE: 1, ABORT: 2, FAIL: 3 };

/**
 * The state of a run from its events, whatever order they arrived in: the latest terminal event
 * wins (FAIL over ABORT over COMPLETE at the same instant); without one, START or RUNNING mean
 * running; OTHER changes nothing. The same rules as GraphStore.observeRun, applied to a list, so
 * the graph as of a past time shows each run as it was then.
 */
export function foldRunEvents(events: readonly { eventType: string | null; at: number }[]): {
  state: RunState;
  startedAt: number | null;
  endedAt: number | null;
} {
  let startedAt: number | null = null;
  let terminal: { type: string; at: number } | null = null;
  let running = false;
  for (const e of events) {
    if (e.eventType === 'START') startedAt = startedAt === null ? e.at : Math.min(startedAt, e.at);
    if (e.eventType === 'RUNNING') running = true;
    if (e.eventType && TERMINAL[e.eventType]) {
      const beats =
        terminal === null ||
        e.at > terminal.at ||
        (e.at === terminal.at && (PRECEDENCE[e.eventType] ?? 0) > (PRECEDENCE[terminal.type] ?? 0));
      if (beats) terminal = { type: e.eventType, at: e.at };
    }
  }
  const state: RunState = terminal ? (TERMINAL[terminal.type] ?? 'new') : startedAt !== null || running ? 'running' : 'new';
  return { state, startedAt, endedAt: terminal?.at ?? null };
}
