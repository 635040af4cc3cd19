import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge, type BridgeServer } from '../../electron/bridge/server';
import { createCore, type Core } from '../../electron/core/create-core';
import { dumpTables } from './db-dump';
import { writeRecordedDemoRegistry } from './mlflow-fixtures';
import { makeTempDir } from './temp';

export const INDEX_HTML = '<!doctype html><html><head><title>Quorum test</title></head><body><div id="root"></div></body></html>';
export const APP_JS = 'console.log("quorum test bundle");';
export const SECRET = 'top-secret-outside-the-renderer';

export interface TestBridge {
  core: Core;
  bridge: BridgeServer;
  port: number;
  token: string;
  /** The folder above the renderer, holding files the server must never send. */
  base: string;
  rendererDir: string;
  /** Every row of the workspace, to prove a request changed nothing. */
  stored(): Record<string, unknown[]>;
  close(): Promise<void>;
}

/**
 * A real browser-mode server on 127.0.0.1, port 0, over a temporary workspace whose
 * `demo.load` has the MLflow recordings to write — the one operation that writes, so a bad
 * request aimed at it shows whether anything slipped through.
 */
export async function startTestBridge(options: { withRenderer?: boolean } = {}): Promise<TestBridge> {
  const base = makeTempDir('quorum-bridge-');
  const rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  if (options.withRenderer !== false) {
    writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(rendererDir, 'assets', 'app.js'), APP_JS);
  }
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'renderer-private'));
  writeFileSync(join(base, 'renderer-private', 'secret.txt'), SECRET);
  const resourcesDir = join(base, 'resources');
  writeRecordedDemoRegistry(resourcesDir);

  const core = createCore({ dataDir: join(base, 'data'), resourcesDir, validateOutput: true });
  const bridge = await startBridge({ core, port: 0, rendererDir });
  return {
    core,
    bridge,
    port: bridge.port,
    token: bridge.token,
    base,
    rendererDir,
    stored: () => dumpTables(core.store.db),
    close: async () => {
      await bridge.close();
      core.close();
    },
  };
}
