import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerChartParts, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useResolvedTheme } from '../app/theme';
import { useRemInPixels } from '../ui/use-rem';
import { readChartTheme, type ChartTheme } from './chart-theme';

// Only what Quorum draws, so the bundle carries a fraction of ECharts.
registerChartParts([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export interface EChartProps {
  /** Builds the option for the current theme; keep it stable (useCallback) so the chart redraws only on change. */
  buildOption: (theme: ChartTheme) => EChartsCoreOption;
  /** What the chart shows, for assistive technology; the same numbers should also be in a table nearby. */
  label: string;
  className?: string;
}

/** An ECharts canvas that is created, resized and disposed with its element, and redraws when the theme changes. */
export function EChart({ buildOption, label, className }: EChartProps) {
  const elementRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const theme = useResolvedTheme();
  const rem = useRemInPixels();

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const chart = init(element, null, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const element = elementRef.current;
    chartRef.current?.setOption(buildOption(readChartTheme(element ?? undefined)), { notMerge: true });
  }, [buildOption, theme, rem]);

  return <div ref={elementRef} className={className ? `chart ${className}` : 'chart'} role="img" aria-label={label} />;
}
