import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../electron/core/workspace/instance-lock';
import { collectOutput, exitOf, TSX_NODE, waitForLine } from '../helpers/child';
import { envelopeOf, http, rpc } from '../helpers/http';
import { makeTempDir, removeTempDirs, REPO_ROOT } from '../helpers/temp';

const READY = /^Quorum is ready at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)$/;

function serve(dataDir: string) {
  const [file, ...args] = [...TSX_NODE, 'electron/cli/main.ts', 'serve', '--demo', '--port', '0', '--data-dir', dataDir] as [
    string,
    ...string[],
  ];
  const child = spawn(file, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QUORUM_DATA_DIR: join(dataDir, 'unused') },
  });
  return { child, output: collectOutput(child) };
}

afterAll(removeTempDirs);

describe('quorum serve as a real process', () => {
  it('prints one ready line, serves the API, keeps a second instance out, and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const dataDir = join(makeTempDir('quorum-serve-'), 'workspace');
    const first = serve(dataDir);
    try {
      const line = await waitForLine(first.child, READY, 60_000);
      const [, portText, token] = READY.exec(line) ?? [];
      const port = Number(portText);
      expect(port).toBeGreaterThan(0);

      const info = envelopeOf(await rpc(port, 'system.info', {}, { authorization: `Bearer ${token}` }));
      expect(info).toMatchObject({ ok: true, data: { workspaceKind: 'demo', dataDir } });
      expect((await rpc(port, 'system.info', {})).status).toBe(401);
      const launch = await http({ port, path: `/?token=${token}` });
      expect(launch.status).toBe(303);

      const holder = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number };
      expect(holder.pid).toBe(first.child.pid);

      const second = serve(dataDir);
      const secondExit = await exitOf(second.child);
      expect(secondExit.code).toBe(2);
      expect(second.output.stdout()).toBe('');
      expect(second.output.stderr()).toContain(`Another Quorum (quorum serve, pid ${first.child.pid}) already has ${dataDir} open.`);
      // The first one is unharmed.
      expect(envelopeOf(await rpc(port, 'system.info', {}, { authorization: `Bearer ${token}` })).ok).toBe(true);

      first.child.kill('SIGTERM');
      const firstExit = await exitOf(first.child);
      expect(firstExit).toEqual({ code: 0, signal: null });
      expect(first.output.stdout()).toBe(`${line}\n`);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    }
  });
});
