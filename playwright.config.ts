import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './test/e2e/chromium';

/**
 * End-to-end tests drive the real renderer in Debian's Chromium against browser mode:
 * each worker starts its own `quorum serve` (see test/e2e/fixtures.ts). Playwright's own
 * browser download is not available here, so the system Chromium is used.
 */
export default defineConfig({
  testDir: 'test/e2e/specs',
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  forbidOnly: true,
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
  },
});
