/**
 * A drift threshold crossing: a stored result for a model version that says "dataset drift"
 * where the previous result for the same version and source did not (or there was none).
 * A crossing, not a state, so a version that stays drifted is announced once. Governance
 * turns crossings into findings; the notifier announces them.
 */
export interface DriftCrossing {
  /** Stable: `drift-run:<drift_runs.id>` of the result that crossed. */
  id: string;
  subject: { connection: string; model: string; version: number };
  /** When the result was computed (ms since the epoch). */
  at: number;
  source: 'engine' | 'prometheus';
  /** One line a person can act on, e.g. "4 of 20 features drifted; worst: income (Wasserstein 0.31 ≥ 0.1)". */
  detail: string;
}

/** Lists the crossings stored so far, oldest first; the drift area implements it over its tables. */
export type DriftCrossingSource = () => DriftCrossing[];
