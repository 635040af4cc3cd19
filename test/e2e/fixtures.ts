import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test as base, expect, type Page } from '@playwright/test';
import { startServer, type RunningServer } from './server';

const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol, which the page's CSP (rightly) does not allow as a script tag.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Fixtures {
  /** Console errors, page errors and failed requests seen by the page; the test fails if any. */
  problems: string[];
}

interface WorkerFixtures {
  demoServer: RunningServer;
  emptyServer: RunningServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  demoServer: [
    // Playwright reads the fixture's dependencies from this destructuring pattern; none are needed.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer({ demo: true });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  emptyServer: [
    // Playwright reads the fixture's dependencies from this destructuring pattern; none are needed.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer({ demo: false });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => {
        // A stream the page closes itself on navigation is not a failure.
        if (request.url().endsWith('/events')) return;
        problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
      });
      await use(problems);
      expect(problems, 'the page logged errors or had failed requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Runs axe-core in the page and returns serious and critical violations, described. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    interface AxeViolation {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`);
}
