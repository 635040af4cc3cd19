import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { init, use as registerChartParts, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

// The graph series plus both renderers: canvas on screen, SVG for the export.
registerChartParts([GraphChart, TooltipComponent, CanvasRenderer, SVGRenderer]);

export interface LineageCanvasHandle {
  /** A PNG data URL of what is on screen, or an SVG document of the same option. */
  exportImage(format: 'png' | 'svg', background: string): string | null;
}

export interface LineageCanvasProps {
  option: EChartsCoreOption;
  label: string;
  onSelectNode: (id: number) => void;
}

/**
 * One ECharts instance for the graph; nodes are canvas shapes, never React components, so
 * 2,000 nodes cost one draw. The accessible list beside it offers the same nodes.
 */
export const LineageCanvas = forwardRef<LineageCanvasHandle, LineageCanvasProps>(function LineageCanvas(
  { option, label, onSelectNode },
  ref,
) {
  const elementRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const optionRef = useRef(option);
  const selectRef = useRef(onSelectNode);
  selectRef.current = onSelectNode;

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const chart = init(element, null, { renderer: 'canvas' });
    chartRef.current = chart;
    // A signal for tests and benchmarks: the chart has drawn (ECharts renders nothing before an option).
    chart.on('finished', () => element.setAttribute('data-rendered', 'true'));
    chart.on('click', (params) => {
      if (params.dataType === 'node' && params.data && typeof params.data === 'object' && 'id' in params.data) {
        selectRef.current(Number(params.data.id));
      }
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    optionRef.current = option;
    // Merge, not replace, so the reader's pan and zoom survive a change of selection.
    chartRef.current?.setOption(option, { lazyUpdate: true });
  }, [option]);

  useImperativeHandle(
    ref,
    () => ({
      exportImage(format, background) {
        const chart = chartRef.current;
        if (!chart) return null;
        if (format === 'png') return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background });
        // A throwaway SVG-renderer instance draws the same option as vector shapes.
        const { width, height } = { width: chart.getWidth(), height: chart.getHeight() };
        const svg = init(null, null, { renderer: 'svg', ssr: true, width, height });
        svg.setOption({ ...optionRef.current, backgroundColor: background, tooltip: { show: false } });
        const text = svg.renderToSVGString();
        svg.dispose();
        return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
      },
    }),
    [],
  );

  return <div ref={elementRef} className="lineage-canvas" role="img" aria-label={label} />;
});
