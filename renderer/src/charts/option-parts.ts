import { formatMetric } from '../format/numbers';
import type { ChartTheme } from './chart-theme';

/** Pieces every Quorum chart option shares, so charts read alike and follow the theme. */

export function axisTextStyle(theme: ChartTheme) {
  return { color: theme.textMuted, fontFamily: theme.fontFamily, fontSize: theme.fontSize };
}

export function baseTextStyle(theme: ChartTheme) {
  return { fontFamily: theme.fontFamily, fontSize: theme.fontSize, color: theme.text };
}

export function canvasTooltip(theme: ChartTheme, trigger: 'axis' | 'item') {
  return {
    trigger,
    // Drawn on the canvas: the HTML tooltip writes inline styles that the CSP refuses.
    renderMode: 'richText',
    backgroundColor: theme.surface,
    borderColor: theme.axisLine,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily, fontSize: theme.fontSize },
  };
}

/** Numbers in tooltips as the tables show them. */
export const metricValueFormatter = (value: unknown) => (typeof value === 'number' ? formatMetric(value) : String(value));
