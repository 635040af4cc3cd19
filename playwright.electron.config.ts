import { defineConfig } from '@playwright/test';

/**
 * The Electron smoke test, for machines where the Electron runtime is installed (the binary
 * cannot be downloaded on our build machines, so it is not part of `npm test`). Run
 * `npm run build` (and once, `npm run build:native`) first, then
 * `npx playwright test -c playwright.electron.config.ts`. On Linux without a display, wrap it
 * in `xvfb-run -a`.
 */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  forbidOnly: true,
});
