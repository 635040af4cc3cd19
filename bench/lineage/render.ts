import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EChartsCoreOption } from 'echarts/core';
import { chromium } from 'playwright-core';
import { READY_PREFIX } from '../../electron/cli/commands/serve';
import { buildView, type ViewGraph } from '../../renderer/src/features/lineage/graph-model';
import { layoutGraph, type Point } from '../../renderer/src/features/lineage/layout';
import { lineageNodePath } from '../../renderer/src/features/lineage/routes';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../test/e2e/chromium';
import { spawnServer, tempDir } from '../foundation/_processes';
import { defineBenchmark, median, now, type BenchmarkContext, type Figure } from '../harness';
import { buildRenderWorkspace } from './_render-graph';
import { startBaselineServer, timeToRendered, type PageTimings } from './_render-page';

const RUNS = 5;
const TARGET_MS = 1_500;
const RENDER_TIMEOUT_MS = 30_000;
const READY = new RegExp(`^${READY_PREFIX}(http://\\S+)$`);

/**
 * graph-option.ts, the option the app draws, also reads its theme from the DOM, which this
 * Node-only project has no types for: it is loaded by path (tsx runs it) and typed here.
 */
type BuildGraphOption = (input: {
  view: ViewGraph;
  positions: ReadonlyMap<number, Point>;
  rootId: number;
  selectedId: null;
  path: null;
  theme: typeof THEME;
}) => EChartsCoreOption;

/** The light theme's colours, fixed: the baseline page has no stylesheet to read them from. */
const THEME = {
  text: 'rgb(24, 24, 27)',
  textMuted: 'rgb(113, 113, 122)',
  surface: 'rgb(255, 255, 255)',
  border: 'rgb(228, 228, 231)',
  edge: 'rgb(161, 161, 170)',
  accent: 'rgb(37, 99, 235)',
  status: {
    ok: { fill: 'rgb(220, 252, 231)', stroke: 'rgb(22, 101, 52)' },
    warning: { fill: 'rgb(254, 243, 199)', stroke: 'rgb(146, 64, 14)' },
    danger: { fill: 'rgb(254, 226, 226)', stroke: 'rgb(153, 27, 27)' },
    unknown: { fill: 'rgb(244, 244, 245)', stroke: 'rgb(82, 82, 91)' },
  },
  fontFamily: 'system-ui, sans-serif',
  fontSize: 12,
};

const ms = (samples: number[]) => samples.map((s) => s.toFixed(0)).join(', ');

/**
 * Lineage Explorer, 2,000-node graph: from navigating Chromium to the Lineage section of one
 * node (`#/lineage/<ref>` on the built `quorum serve`, already running on a workspace with the
 * graph imported) to the ECharts canvas having drawn it — its `finished` event, which sets
 * data-rendered on the canvas element. Between the two: the app's boot, the lineage.graph
 * query, buildView, the elkjs layout (in the page, no worker), the option and the draw. Each
 * run is a fresh browser context; one unmeasured run first warms the server (its lineage index)
 * and the browser process. Baseline: the same browser drawing the same option, positions
 * precomputed, on a static page with ECharts' prebuilt bundle. Second figure: the layout alone,
 * elkjs in Node on the same view.
 */
export default defineBenchmark({
  area: 'lineage',
  name: 'render',
  async run({ root, log }: BenchmarkContext): Promise<Figure[]> {
    const dir = tempDir('quorum-bench-lineage-render-');
    try {
      const dataDir = join(dir.path, 'data');
      const workspace = await buildRenderWorkspace(dataDir);
      const view = buildView(workspace.graph, { hiddenKinds: new Set(), collapseRuns: false });
      log(`${workspace.events} events imported; ${workspace.startRef} answers ${view.nodes.length} nodes, ${view.edges.length} edges`);

      // The layout alone, in Node: the first call pays elkjs's cold start, as every page load does.
      const layouts: number[] = [];
      let positions = new Map<number, Point>();
      for (let i = 0; i < RUNS; i++) {
        const started = now();
        positions = await layoutGraph(view);
        layouts.push(now() - started);
      }
      log(`elkjs layout in Node: ${ms(layouts)} ms`);

      const { buildGraphOption } = (await import(pathToFileURL(join(root, 'renderer/src/features/lineage/graph-option.ts')).href)) as {
        buildGraphOption: BuildGraphOption;
      };
      const option = buildGraphOption({ view, positions, rootId: workspace.graph.root.id, selectedId: null, path: null, theme: THEME });
      delete (option as { tooltip?: unknown }).tooltip; // a formatter function does not survive JSON
      const baselineServer = await startBaselineServer(option);
      const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
      try {
        const measure = async (url: string): Promise<PageTimings[]> => {
          await timeToRendered(browser, url, RENDER_TIMEOUT_MS); // warm-up, not counted
          const out: PageTimings[] = [];
          for (let i = 0; i < RUNS; i++) out.push(await timeToRendered(browser, url, RENDER_TIMEOUT_MS));
          return out;
        };
        const baseline = await measure(baselineServer.url);
        log(`baseline navigation → drawn: ${ms(baseline.map((t) => t.rendered))} ms`);
        log(`baseline setOption → drawn: ${ms(baseline.map((t) => t.rendered - (t.drawStarted ?? 0)))} ms`);

        const served = await spawnServer(
          process.execPath,
          [join(root, 'bin', 'quorum.mjs'), 'serve', '--port', '0', '--data-dir', dataDir],
          { cwd: root, ready: READY, timeoutMs: 30_000 },
        );
        let app: PageTimings[];
        try {
          app = await measure(`${served.url}#${lineageNodePath(workspace.startRef)}`);
        } finally {
          await served.stop();
        }
        const answered = app.map((t) => t.answered ?? Number.NaN);
        log(`quorum navigation → drawn: ${ms(app.map((t) => t.rendered))} ms`);
        log(`quorum navigation → lineage.graph answered: ${ms(answered)} ms`);
        log(`quorum answered → drawn: ${ms(app.map((t, i) => t.rendered - (answered[i] ?? 0)))} ms`);

        const size = `${view.nodes.length} nodes / ${view.edges.length} edges`;
        return [
          {
            label: `navigate to #/lineage/<node> → graph drawn, ${size} (median of ${RUNS})`,
            value: median(app.map((t) => t.rendered)),
            unit: 'ms',
            target: TARGET_MS,
            baseline: {
              label: `static page: ECharts draws the same laid-out option (median of ${RUNS})`,
              value: median(baseline.map((t) => t.rendered)),
            },
          },
          {
            label: `lineage.graph answered → graph drawn (view, layout, option, draw; median of ${RUNS})`,
            value: median(app.map((t, i) => t.rendered - (answered[i] ?? 0))),
            unit: 'ms',
            baseline: {
              label: `static page: setOption → drawn (median of ${RUNS})`,
              value: median(baseline.map((t) => t.rendered - (t.drawStarted ?? 0))),
            },
          },
          {
            label: `layout alone in Node (the screen's own layoutGraph), ${size} (median of ${RUNS})`,
            value: median(layouts),
            unit: 'ms',
            note: `first call (cold, as on every page load) ${layouts[0]?.toFixed(0)} ms; runs ${ms(layouts)} ms`,
          },
        ];
      } finally {
        await browser.close();
        await baselineServer.close();
      }
    } finally {
      dir.remove();
    }
  },
});
