import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { EChartsCoreOption } from 'echarts/core';

/** Timings read in the page, in ms since its navigation started (performance.timeOrigin). */
export interface PageTimings {
  /** The canvas's ECharts instance fired `finished` (the element got data-rendered). */
  rendered: number;
  /** The lineage.graph answer had arrived (responseEnd), when the page asked for one. */
  answered: number | null;
  /** The baseline page's script started setting the option. */
  drawStarted: number | null;
}

/**
 * Records, from the first script of the page, when an element gains data-rendered: a
 * MutationObserver, so the time is the attribute's, not when a poll noticed it.
 */
const RECORD_RENDERED = `(() => {
  new MutationObserver((changes, observer) => {
    if (changes.some((c) => c.target.getAttribute && c.target.hasAttribute('data-rendered'))) {
      window.__renderedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-rendered'] });
})();`;

/** Reads the timings back; a string, as this Node-only project has no DOM types. */
const READ_TIMINGS = `(() => {
  const answer = performance.getEntriesByType('resource').find((e) => e.name.includes('/rpc/lineage.graph'));
  return { rendered: window.__renderedAt ?? NaN, answered: answer ? answer.responseEnd : null, drawStarted: window.__drawStartedAt ?? null };
})()`;

/** Opens `url` in a fresh context (no cache, no cookies) and waits for the chart to have drawn. */
export async function timeToRendered(browser: Browser, url: string, timeoutMs: number): Promise<PageTimings> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page: Page = await context.newPage();
    await page.addInitScript(RECORD_RENDERED);
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('[data-rendered]').first().waitFor({ state: 'attached', timeout: timeoutMs });
    return await page.evaluate<PageTimings>(READ_TIMINGS);
  } finally {
    await context.close();
  }
}

/**
 * The baseline: a static page that loads ECharts' prebuilt bundle and draws the given option
 * (positions already in it, `layout: 'none'`) in a canvas of the Explorer's size, marking the
 * element data-rendered on `finished` as the app's canvas does. Served from this process.
 */
export async function startBaselineServer(option: EChartsCoreOption): Promise<{ url: string; close(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const echarts = readFileSync(require.resolve('echarts/dist/echarts.min.js'));
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title>
<script src="/echarts.min.js"></script></head><body style="margin:0">
<div id="chart" style="width:1200px;height:640px"></div>
<script>
  window.__drawStartedAt = performance.now();
  const element = document.getElementById('chart');
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  chart.on('finished', () => element.setAttribute('data-rendered', 'true'));
  chart.setOption(${JSON.stringify(option)}, { lazyUpdate: true });
</script></body></html>`;
  const server: Server = createServer((req, res) => {
    if (req.url === '/echarts.min.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(echarts);
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
