import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

/*
 * Launches the built desktop app (out/main/index.js) on a throwaway demo workspace and checks
 * what only a real Electron can show: the window renders the app, the renderer has no Node,
 * and it cannot open windows or navigate away. Everything else is tested under Node.
 *
 * Page callbacks below reach the page's globals through `globalThis` casts because this file
 * is type-checked without the DOM library.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

let dataDir: string;
let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  try {
    createRequire(import.meta.url)('electron');
  } catch (error) {
    throw new Error(
      `This test needs the Electron runtime, which is not installed here (${(error as Error).message}). Install it with network access (npm install without ELECTRON_SKIP_BINARY_DOWNLOAD).`,
      { cause: error },
    );
  }
  dataDir = mkdtempSync(join(tmpdir(), 'quorum-electron-smoke-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  app = await electron.launch({
    args: [join(root, 'out', 'main', 'index.js'), '--data-dir', dataDir, '--demo'],
    cwd: root,
    env,
  });
  page = await app.firstWindow();
  // Record what would be handed to the OS browser instead of opening it.
  await app.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as { __opened?: string[] }).__opened = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
});

test.afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const openedExternally = () => app.evaluate(() => [...((globalThis as { __opened?: string[] }).__opened ?? [])]);

test('shows the Models section of the demo workspace from quorum://app', async () => {
  expect(page.url()).toMatch(/^quorum:\/\/app\//);
  const grid = page.getByRole('grid', { name: 'Models' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
});

test('the renderer has no Node and only the contract bridge', async () => {
  const globals = await page.evaluate(() => {
    const scope = globalThis as Record<string, unknown>;
    const quorum = scope.quorum as Record<string, unknown> | undefined;
    return {
      require: typeof scope.require,
      process: typeof scope.process,
      module: typeof scope.module,
      buffer: typeof scope.Buffer,
      bridge: quorum ? Object.keys(quorum).sort() : null,
      shell: quorum ? (quorum.platform as { shell: string }).shell : null,
    };
  });
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    buffer: 'undefined',
    bridge: ['invoke', 'on', 'platform'],
    shell: 'desktop',
  });
});

test('the bridge answers through IPC with envelopes', async () => {
  const info = await page.evaluate(async () => {
    const api = (globalThis as unknown as { quorum: { invoke(operation: string, input: unknown): Promise<unknown> } }).quorum;
    return api.invoke('system.info', {});
  });
  expect(info).toMatchObject({ ok: true, data: { workspaceKind: 'demo' } });
});

test('window.open opens no window and hands web links to the OS browser', async () => {
  const windowsBefore = app.windows().length;
  const result = await page.evaluate(() => {
    const open = (globalThis as unknown as { open(url: string): unknown }).open;
    return [open('https://example.com/'), open('file:///etc/passwd')].map((value) => value === null);
  });
  expect(result).toEqual([true, true]);
  await expect.poll(openedExternally).toEqual(['https://example.com/']);
  expect(app.windows().length).toBe(windowsBefore);
});

test('navigation away from the app is blocked', async () => {
  const appUrl = page.url();
  for (const target of ['https://example.com/', 'file:///etc/passwd', 'data:text/html,<h1>not the app</h1>']) {
    await page.evaluate((url) => {
      (globalThis as unknown as { location: { href: string } }).location.href = url;
    }, target);
    await page.waitForTimeout(300);
    expect(page.url()).toBe(appUrl);
  }
  // The web link went to the OS browser (once, from window.open above, and once now); the others nowhere.
  expect(await openedExternally()).toEqual(['https://example.com/', 'https://example.com/']);
  await expect(page.getByRole('grid', { name: 'Models' })).toBeVisible();
});
