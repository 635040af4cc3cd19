import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './test/e2e/chromium';
import { spawnServer, tempDir } from './bench/foundation/_processes';
import { READY_PREFIX } from './electron/cli/commands/serve';
const READY = new RegExp(`^${READY_PREFIX}(http://\\S+)$`);
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  const marks: string[] = [];
  page.on('response', (r) => marks.push(`${Math.round(performance.now() - t0)} ${r.status()} ${r.url().replace(/^http:\/\/[^/]+/, '').slice(0, 50)}`));
  const dir = tempDir('qprobe-');
  const served = await spawnServer(process.execPath, [join('bin', 'quorum.mjs'), 'serve', '--demo', '--port', '0', '--data-dir', dir.path], { cwd: '.', ready: READY, timeoutMs: 30000 });
  marks.push(`${Math.round(performance.now() - t0)} READY`);
  await page.goto(served.url, { waitUntil: 'commit' });
  await page.getByRole('grid', { name: 'Models' }).getByRole('row').nth(1).waitFor({ state: 'visible' });
  marks.push(`${Math.round(performance.now() - t0)} ROWS`);
  console.log(marks.join('\n'), '\n---');
  await context.close(); await served.stop(); dir.remove();
}
await browser.close();
