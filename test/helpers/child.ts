import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './temp';

/** Node with tsx, so a child runs the TypeScript sources as the tests do. */
export const TSX_NODE = [process.execPath, '--import', 'tsx'] as const;

export const HELPERS_DIR = import.meta.dirname;
export const helperScript = (name: string): string => join(HELPERS_DIR, name);

/** Runs a TypeScript helper to completion; `prefix` wraps the command (e.g. setpriv to drop privileges). */
export function runTsxSync(
  script: string,
  args: string[],
  options: { prefix?: string[]; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  const command = [...(options.prefix ?? []), ...TSX_NODE, script, ...args];
  const [file, ...rest] = command as [string, ...string[]];
  return spawnSync(file, rest, { cwd: REPO_ROOT, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
}

/** Resolves with the first line of stdout that matches, or rejects when the child exits or the time is up. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(
      () => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${buffer}; stderr: ${stderr}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) finish(null, line);
    };
    const onErr = (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`child exited (${code ?? signal}) before printing ${pattern}; stdout: ${buffer}; stderr: ${stderr}`));
    function finish(error: Error | null, line?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolveLine(line ?? '');
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}

/** Collects everything a child writes, for assertions after it exits. */
export function collectOutput(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { stdout: () => stdout, stderr: () => stderr };
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
}

export function spawnTsx(script: string, args: string[]): ChildProcess {
  const [file, ...rest] = [...TSX_NODE, script, ...args] as [string, ...string[]];
  return spawn(file, rest, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
}
