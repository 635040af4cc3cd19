import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READY = /^Quorum is ready at (http:\/\/\S+)$/m;

export interface RunningServer {
  /** The launch URL printed by `quorum serve`, token included. */
  launchUrl: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the built `quorum serve` on a free port with a fresh data dir and waits for its ready line. */
export async function startServer(options: { demo: boolean }): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-e2e-'));
  const args = ['bin/quorum.mjs', 'serve', '--port', '0', '--data-dir', dataDir, ...(options.demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`quorum serve printed no ready line in 20 s. stderr: ${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = READY.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`quorum serve exited with ${code} before it was ready. stderr: ${stderr}`));
    });
  });
  const url = new URL(launchUrl);
  return {
    launchUrl,
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    dataDir,
    stop: () => stopChild(child).then(() => rmSync(dataDir, { recursive: true, force: true })),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
