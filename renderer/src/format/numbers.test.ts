import { describe, expect, it } from 'vitest';
import { formatCount, formatMetric, formatMetricDelta, pluralize } from './numbers';

describe('numbers', () => {
  it('groups thousands', () => {
    expect(formatCount(10_000)).toBe('10,000');
  });

  it('pluralizes', () => {
    expect(pluralize(1, 'model')).toBe('1 model');
    expect(pluralize(2, 'model')).toBe('2 models');
    expect(pluralize(2, 'check', 'checks')).toBe('2 checks');
  });

  it('formats metrics to four decimals, tiny values with an exponent', () => {
    expect(formatMetric(0.83191)).toBe('0.8319');
    expect(formatMetric(1234.5)).toBe('1,234.5');
    expect(formatMetric(0.000012)).toBe('1.20e-5');
    expect(formatMetric(0.0002)).toBe('0.0002');
    expect(formatMetric(0)).toBe('0');
  });

  it('signs deltas', () => {
    expect(formatMetricDelta(0.9, 0.85)).toBe('+0.05');
    expect(formatMetricDelta(0.8, 0.85)).toBe('−0.05');
    expect(formatMetricDelta(1, 1)).toBe('±0');
  });
});
