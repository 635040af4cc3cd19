import type { EChartsCoreOption } from 'echarts/core';
import { axisTextStyle, baseTextStyle, canvasTooltip, metricValueFormatter } from '../../charts/option-parts';
import type { ChartTheme } from '../../charts/chart-theme';
import { formatMetric } from '../../format/numbers';

export interface HistoryPoint {
  step: number;
  value: number;
}

/**
 * One metric's history as a line over training steps, in the theme's "current" colour (this
 * version's run). Pure, so it is tested without a canvas.
 */
export function metricHistoryOption(key: string, points: readonly HistoryPoint[], theme: ChartTheme): EChartsCoreOption {
  const sorted = [...points].sort((a, b) => a.step - b.step);
  const axisText = axisTextStyle(theme);
  return {
    animation: false,
    textStyle: baseTextStyle(theme),
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { ...canvasTooltip(theme, 'axis'), valueFormatter: metricValueFormatter },
    xAxis: {
      type: 'value',
      name: 'step',
      nameLocation: 'end',
      nameTextStyle: axisText,
      minInterval: 1,
      scale: true,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisLabel: axisText,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { ...axisText, formatter: (value: number) => formatMetric(value) },
      splitLine: { lineStyle: { color: theme.gridLine } },
    },
    series: [
      {
        name: key,
        type: 'line',
        data: sorted.map((point) => [point.step, point.value]),
        color: theme.current,
        showSymbol: sorted.length <= 50,
        symbolSize: theme.fontSize * 0.45,
        lineStyle: { width: 2 },
      },
    ],
  };
}
