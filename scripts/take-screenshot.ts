/**
 * Takes the README's screenshot from the real app in browser mode on the demo workspace:
 * `npm run build && npx tsx scripts/take-screenshot.ts [out.png]`.
 */

import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../test/e2e/chromium';
import { startServer } from '../test/e2e/server';

const out = process.argv[2] ?? 'docs/screenshot.png';
const server = await startServer({ demo: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  await page.goto(server.launchUrl);
  await page.getByRole('grid', { name: 'Models' }).getByRole('row').nth(1).waitFor();
  await page.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await server.stop();
}
