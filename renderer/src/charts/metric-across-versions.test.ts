import { describe, expect, it } from 'vitest';
import type { ChartTheme } from './chart-theme';
import { metricAcrossVersionsOption } from './metric-across-versions';

const theme: ChartTheme = {
  text: 'rgb(0, 0, 0)',
  textMuted: 'rgb(80, 80, 80)',
  gridLine: 'rgb(200, 200, 200)',
  axisLine: 'rgb(120, 120, 120)',
  surface: 'rgb(255, 255, 255)',
  reference: 'rgb(1, 1, 1)',
  current: 'rgb(2, 2, 2)',
  threshold: 'rgb(3, 3, 3)',
  fontFamily: 'system-ui',
  fontSize: 13,
};

interface Series {
  data: number[];
  color: string;
  markLine?: { data: { yAxis: number }[]; lineStyle: { color: string }; label: { formatter: string } };
}

describe('metricAcrossVersionsOption', () => {
  const option = metricAcrossVersionsOption(
    {
      metricKey: 'val_auc',
      points: [
        { version: 3, value: 0.91 },
        { version: 1, value: 0.85 },
        { version: 2, value: 0.88 },
      ],
      reference: { version: 2, label: 'champion (v2)' },
    },
    theme,
  ) as { xAxis: { data: string[] }; series: Series[]; tooltip: { renderMode: string } };

  it('orders versions oldest first', () => {
    expect(option.xAxis.data).toEqual(['v1', 'v2', 'v3']);
    expect(option.series[0]?.data).toEqual([0.85, 0.88, 0.91]);
  });

  it('draws the champion as a reference line in the reference colour', () => {
    const markLine = option.series[0]?.markLine;
    expect(markLine?.data).toEqual([{ yAxis: 0.88 }]);
    expect(markLine?.lineStyle.color).toBe(theme.reference);
    expect(markLine?.label.formatter).toBe('champion (v2)');
    expect(option.series[0]?.color).toBe(theme.current);
  });

  it('keeps tooltips on the canvas, where the CSP allows them', () => {
    expect(option.tooltip.renderMode).toBe('richText');
  });

  it('leaves the reference line out when the champion has no value', () => {
    const without = metricAcrossVersionsOption(
      { metricKey: 'auc', points: [{ version: 1, value: 1 }], reference: { version: 9, label: 'champion' } },
      theme,
    ) as { series: Series[] };
    expect(without.series[0]?.markLine).toBeUndefined();
  });
});
