import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { READY_PREFIX } from '../../electron/cli/commands/serve';
import { defineBenchmark, median, now, type BenchmarkContext, type Figure } from '../harness';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../test/e2e/chromium';
import { PLAIN_READY, plainServerSource, spawnServer, tempDir } from './_processes';

const RUNS = 5;
const TARGET_MS = 1_000;
const ROWS_TIMEOUT_MS = 15_000;
const READY = new RegExp(`^${READY_PREFIX}(http://\\S+)$`);

/** A page with the same structure the renderer shows: a grid named Models with a header row and rows. */
const STATIC_PAGE = `<!doctype html><html><head><title>baseline</title></head><body>
<table role="grid" aria-label="Models"><tr><th>Model</th></tr><tr><td>fraud-detector</td></tr><tr><td>churn-predictor</td></tr></table>
</body></html>`;

/**
 * Browser mode, demo workspace: from spawning `quorum serve --demo` (built bundle, fresh data
 * directory) to the Models grid showing rows in Chromium. The browser is running before the
 * clock starts; each run gets a fresh browser context, so no cache or cookie carries over.
 */
async function startToRows(browser: Browser, spawnIt: () => ReturnType<typeof spawnServer>): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = now();
  const served = await spawnIt();
  try {
    await page.goto(served.url, { waitUntil: 'commit' });
    await page
      .getByRole('grid', { name: 'Models' })
      .getByRole('row')
      .nth(1)
      .waitFor({ state: 'visible', timeout: ROWS_TIMEOUT_MS })
      .catch(async (error: unknown) => {
        const grids = await page.getByRole('grid', { name: 'Models' }).count();
        const rows = grids > 0 ? await page.getByRole('grid', { name: 'Models' }).first().getByRole('row').count() : 0;
        throw new Error(
          `the Models grid showed no rows within ${ROWS_TIMEOUT_MS / 1000} s at ${served.url.replace(/token=[^&]+/, 'token=…')} ` +
            `(found ${grids} grid(s) named "Models" with ${rows} row(s); title "${await page.title()}"). ` +
            `Are the renderer's models list and the demo workspace built yet? ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          { cause: error },
        );
      });
    return now() - started;
  } finally {
    await context.close();
    await served.stop();
  }
}

export default defineBenchmark({
  area: 'foundation',
  name: 'browser-start',
  async run({ root, log }: BenchmarkContext): Promise<Figure[]> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
    try {
      const baseline: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        baseline.push(
          await startToRows(browser, () =>
            spawnServer(
              process.execPath,
              [
                '-e',
                plainServerSource(`(req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(${JSON.stringify(STATIC_PAGE)})`),
              ],
              { cwd: root, ready: PLAIN_READY, timeoutMs: 30_000 },
            ),
          ),
        );
      }
      log(`baseline runs: ${baseline.map((ms) => ms.toFixed(0)).join(', ')} ms`);

      const quorum: number[] = [];
      let failure: string | undefined;
      for (let i = 0; i < RUNS && failure === undefined; i++) {
        const dataDir = tempDir('quorum-bench-start-');
        try {
          quorum.push(
            await startToRows(browser, () =>
              spawnServer(
                process.execPath,
                [join(root, 'bin', 'quorum.mjs'), 'serve', '--demo', '--port', '0', '--data-dir', dataDir.path],
                {
                  cwd: root,
                  ready: READY,
                  timeoutMs: 30_000,
                },
              ),
            ),
          );
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        } finally {
          dataDir.remove();
        }
      }
      if (quorum.length > 0) log(`quorum runs: ${quorum.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      return [
        {
          label: `serve --demo start → models visible (median of ${RUNS})`,
          value: failure === undefined ? median(quorum) : null,
          unit: 'ms',
          target: TARGET_MS,
          baseline: { label: `plain node:http static grid (median of ${RUNS})`, value: median(baseline) },
          ...(failure === undefined ? {} : { note: `not measured: ${failure}` }),
        },
      ];
    } finally {
      await browser.close();
    }
  },
});
