import { BarChart, HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { use as registerChartParts, type EChartsCoreOption } from 'echarts/core';
import type { ChartTheme } from '../../charts/chart-theme';
import { axisTextStyle, canvasTooltip } from '../../charts/option-parts';
import { formatMetric } from '../../format/numbers';
import { formatPercent, type DistributionView } from './distribution-model';

// EChart.tsx registers lines only; the heatmap and the distribution bars are drawn only here.
registerChartParts([BarChart, HeatmapChart, VisualMapComponent]);

export interface TrendPoint {
  label: string;
  value: number | null;
}

const axisText = axisTextStyle;
const tooltip = canvasTooltip;

function thresholdLine(theme: ChartTheme, value: number, label: string) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: theme.threshold, type: 'dashed', width: 2 },
    label: { position: 'insideEndTop', color: theme.threshold, fontFamily: theme.fontFamily, fontSize: theme.fontSize, formatter: label },
    data: [{ yAxis: value }],
  };
}

/** A row's tiny drift-share line with the dataset threshold; no axes, the table row gives the words. */
export function sparklineOption(points: readonly TrendPoint[], threshold: number, theme: ChartTheme): EChartsCoreOption {
  const max = Math.max(threshold, ...points.map((p) => p.value ?? 0));
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: 'category', show: false, data: points.map((p) => p.label), boundaryGap: false },
    yAxis: { type: 'value', show: false, min: 0, max: max * 1.1 },
    series: [
      {
        type: 'line',
        data: points.map((p) => p.value),
        color: theme.current,
        symbol: 'none',
        lineStyle: { width: 1.5 },
        markLine: {
          ...thresholdLine(theme, threshold, ''),
          lineStyle: { color: theme.threshold, type: 'dashed', width: 1 },
          label: { show: false },
        },
      },
    ],
  };
}

/** One value over windows (oldest first) with its threshold drawn as a line. */
export function trendOption(
  input: { name: string; points: readonly TrendPoint[]; threshold: number; thresholdLabel: string; logScale?: boolean },
  theme: ChartTheme,
): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { fontFamily: theme.fontFamily, fontSize: theme.fontSize, color: theme.text },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltip(theme, 'axis'),
      valueFormatter: (value: unknown) => (typeof value === 'number' ? formatMetric(value) : 'no value'),
    },
    xAxis: {
      type: 'category',
      data: input.points.map((p) => p.label),
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { lineStyle: { color: theme.axisLine } },
      axisLabel: axisText(theme),
    },
    yAxis: {
      type: input.logScale ? 'log' : 'value',
      // The threshold line must stay on the chart even when every value is far below it.
      ...(input.logScale
        ? // Log scale is for p-values: at most 1, down to a power of ten below the smallest value.
          { min: (v: { min: number }) => 10 ** Math.floor(Math.log10(Math.min(v.min, input.threshold))), max: 1 }
        : { min: 0, max: (v: { max: number }) => niceCeil(Math.max(v.max, input.threshold) * 1.1) }),
      axisLabel: { ...axisText(theme), formatter: (value: number) => formatMetric(value) },
      splitLine: { lineStyle: { color: theme.gridLine } },
    },
    series: [
      {
        name: input.name,
        type: 'line',
        data: input.points.map((p) => p.value),
        color: theme.current,
        symbol: 'circle',
        symbolSize: theme.fontSize * 0.45,
        lineStyle: { width: 2 },
        markLine: thresholdLine(theme, input.threshold, input.thresholdLabel),
      },
    ],
  };
}

/** A round axis end just above a value (0.55 → 0.6, 0.33 → 0.4). */
function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

export interface HeatmapInput {
  features: readonly string[];
  windows: readonly string[];
  /** [window index, feature index, 1 drifted | 0 not | null untested] */
  cells: readonly (readonly [number, number, number | null])[];
}

/** Features × windows, each cell the feature's verdict in that window. */
export function heatmapOption(input: HeatmapInput, theme: ChartTheme, drifted: string, stable: string): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { fontFamily: theme.fontFamily, fontSize: theme.fontSize, color: theme.text },
    grid: { left: 8, right: 48, top: 8, bottom: 40, containLabel: true },
    tooltip: {
      ...tooltip(theme, 'item'),
      formatter: (params: { value?: unknown }) => {
        const [w, f, v] = Array.isArray(params.value) ? (params.value as [number, number, number | null]) : [0, 0, null];
        const verdict = v === 1 ? 'drifted' : v === 0 ? 'within threshold' : 'not tested';
        return `${input.features[f] ?? ''}, ${input.windows[w] ?? ''}: ${verdict}`;
      },
    },
    xAxis: {
      type: 'category',
      data: [...input.windows],
      splitArea: { show: false },
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisLabel: axisText(theme),
    },
    yAxis: {
      type: 'category',
      data: [...input.features],
      inverse: true,
      axisLabel: axisText(theme),
      axisLine: { lineStyle: { color: theme.axisLine } },
    },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemSymbol: 'rect',
      textStyle: axisText(theme),
      pieces: [
        { value: 1, label: 'Drifted', color: drifted },
        { value: 0, label: 'Within threshold', color: stable },
      ],
    },
    series: [
      {
        type: 'heatmap',
        data: input.cells.map((c) => [...c]),
        itemStyle: { borderColor: theme.surface, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 1 } },
      },
    ],
  };
}

/**
 * Reference against current over the same bins, as shares of each sample's rows. The two
 * series keep the theme's reference and current colours (UX.md), and the reference bars are
 * also hatched, so the pair is told apart without colour.
 */
export function distributionOption(view: DistributionView, theme: ChartTheme): EChartsCoreOption {
  const many = view.bins.length > 8;
  return {
    animation: false,
    textStyle: { fontFamily: theme.fontFamily, fontSize: theme.fontSize, color: theme.text },
    legend: { top: 0, textStyle: axisText(theme), data: ['Reference', 'Current'] },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltip(theme, 'axis'),
      valueFormatter: (value: unknown) => (typeof value === 'number' ? formatPercent(value) : 'no value'),
    },
    xAxis: {
      type: 'category',
      data: view.bins.map((b) => b.label),
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { lineStyle: { color: theme.axisLine }, alignWithLabel: true },
      // Every bin is labelled; many labels turn so they still fit at 1280 px.
      axisLabel: { ...axisText(theme), interval: 0, rotate: many ? 35 : 0, hideOverlap: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { ...axisText(theme), formatter: (value: number) => formatPercent(value) },
      splitLine: { lineStyle: { color: theme.gridLine } },
    },
    series: [
      {
        name: 'Reference',
        type: 'bar',
        data: view.bins.map((b) => b.referenceShare),
        color: theme.reference,
        itemStyle: {
          decal: { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: theme.surface },
        },
        barGap: '10%',
      },
      { name: 'Current', type: 'bar', data: view.bins.map((b) => b.currentShare), color: theme.current },
    ],
  };
}
