import type { EChartsCoreOption } from 'echarts/core';
import { axisTextStyle, baseTextStyle, canvasTooltip, metricValueFormatter } from './option-parts';
import { formatMetric } from '../format/numbers';
import type { ChartTheme } from './chart-theme';

export interface VersionMetricPoint {
  version: number;
  value: number;
}

export interface MetricAcrossVersionsInput {
  metricKey: string;
  points: readonly VersionMetricPoint[];
  /** The version the reader is comparing against (the champion), drawn as a reference line. */
  reference: { version: number; label: string } | null;
}

/**
 * One metric's final value for each version of a model, oldest version first, with the
 * champion's value as a dashed reference line. Pure, so it is tested without a canvas.
 */
export function metricAcrossVersionsOption(
  { metricKey, points, reference }: MetricAcrossVersionsInput,
  theme: ChartTheme,
): EChartsCoreOption {
  const sorted = [...points].sort((a, b) => a.version - b.version);
  const referencePoint = reference ? sorted.find((point) => point.version === reference.version) : undefined;
  const axisText = axisTextStyle(theme);
  return {
    animation: false,
    textStyle: baseTextStyle(theme),
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: { ...canvasTooltip(theme, 'axis'), valueFormatter: metricValueFormatter },
    xAxis: {
      type: 'category',
      data: sorted.map((point) => `v${point.version}`),
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { lineStyle: { color: theme.axisLine } },
      axisLabel: axisText,
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { ...axisText, formatter: (value: number) => formatMetric(value) },
      splitLine: { lineStyle: { color: theme.gridLine } },
    },
    series: [
      {
        name: metricKey,
        type: 'line',
        data: sorted.map((point) => point.value),
        color: theme.current,
        symbol: 'circle',
        symbolSize: theme.fontSize * 0.6,
        lineStyle: { width: 2 },
        ...(referencePoint && reference
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: theme.reference, type: 'dashed', width: 2 },
                label: {
                  position: 'insideStartTop',
                  color: theme.textMuted,
                  fontFamily: theme.fontFamily,
                  fontSize: theme.fontSize,
                  formatter: reference.label,
                },
                data: [{ yAxis: referencePoint.value }],
              },
            }
          : {}),
      },
    ],
  };
}
