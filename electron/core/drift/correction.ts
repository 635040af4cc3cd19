import { isDrifted, isPValueMethod } from './selection';
import type { Correction, FeatureDrift } from './types';

/**
 * Optional multiple-testing correction over the features tested with a p-value (Evidently
 * has none; its users ask for one, evidently#238). Distances are left alone. The adjusted
 * p-value replaces the raw one in the verdict; both are reported.
 *   bonferroni:          p·m, capped at 1;
 *   benjamini-hochberg:  step-up q-values, min over j >= i of p_(j)·m/j, capped at 1.
 */
export function applyCorrection(features: FeatureDrift[], correction: Correction): void {
  if (correction === 'none') return;
  const tested = features.filter((f) => f.tested && isPValueMethod(f.method) && f.pValue !== null);
  const m = tested.length;
  if (m === 0) return;
  if (correction === 'bonferroni') {
    for (const f of tested) f.pValueAdjusted = Math.min(1, (f.pValue ?? 1) * m);
  } else {
    const order = [...tested].sort((a, b) => (a.pValue ?? 1) - (b.pValue ?? 1));
    let running = 1;
    for (let i = m - 1; i >= 0; i--) {
      const f = order[i] as FeatureDrift;
      running = Math.min(running, ((f.pValue ?? 1) * m) / (i + 1));
      f.pValueAdjusted = Math.min(1, running);
    }
  }
  for (const f of tested) f.drifted = isDrifted(f.verdictRule, f.pValueAdjusted, f.threshold);
}
