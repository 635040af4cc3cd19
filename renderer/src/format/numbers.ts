const count = new Intl.NumberFormat('en');
const metric = new Intl.NumberFormat('en', { maximumFractionDigits: 4 });

export function formatCount(value: number): string {
  return count.format(value);
}

/** "1 model", "3 models": counts in sentences. */
export function pluralize(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

/** Metric values as a reader compares them: four decimals, an exponent only below what four decimals show. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 0.0001) return value.toExponential(2);
  return metric.format(value);
}

/** The difference from a reference value, always signed so "no change" reads as ±0. */
export function formatMetricDelta(value: number, reference: number): string {
  const delta = value - reference;
  if (delta === 0) return '±0';
  const text = formatMetric(Math.abs(delta));
  return `${delta > 0 ? '+' : '−'}${text}`;
}
