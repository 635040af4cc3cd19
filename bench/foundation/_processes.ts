import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  child: ChildProcess;
  /** The first URL the process printed on its ready line. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Spawns a server process and resolves when a stdout line matches `ready` (its first group
 * is the URL). Rejects with what the process printed if it exits or stays silent too long.
 */
export function spawnServer(command: string, args: string[], options: { cwd: string; ready: RegExp; timeoutMs: number }): Promise<Served> {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolveServed, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\n  command: ${command} ${args.join(' ')}\n  stdout: ${stdout.trim()}\n  stderr: ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail(`no ready line within ${options.timeoutMs} ms`), options.timeoutMs);
    child.once('exit', (code, signal) => fail(`the server exited (${code ?? signal}) before it was ready`));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = stdout
        .split('\n')
        .map((line) => options.ready.exec(line))
        .find((m) => m !== null);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolveServed({ child, url: match[1] ?? '', stop: () => stop(child) });
    });
  });
}

export function stop(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** `node -e` source of a plain node:http server that prints "ready http://127.0.0.1:<port>/" once listening. */
export function plainServerSource(handler: string): string {
  return `
    const http = require('node:http');
    const server = http.createServer(${handler});
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => console.log('ready http://127.0.0.1:' + server.address().port + '/'));
    process.on('SIGTERM', () => { server.close(); server.closeAllConnections(); });
  `;
}

export const PLAIN_READY = /^ready (http:\/\/\S+)$/;
