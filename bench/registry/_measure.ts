import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the process (VmHWM), in kB; null where /proc is not available. */
  peakRssKb: number | null;
  wallMs: number;
}

/**
 * Runs a command and records its peak RSS by polling the kernel's high-water mark
 * (/proc/<pid>/status VmHWM, Linux). The mark only grows, so the last reading before the
 * process exits is its peak, give or take the last few milliseconds.
 */
export function runMeasured(command: string, args: string[], options: { cwd: string; timeoutMs?: number }): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const status = `/proc/${child.pid}/status`;
  let peak: number | null = null;
  const poll = setInterval(() => {
    if (!existsSync(status)) return;
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
      if (match) peak = Math.max(peak ?? 0, Number(match[1]));
    } catch {
      // The process ended between the check and the read.
    }
  }, 5);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, peakRssKb: peak, wallMs: performance.now() - started });
    });
  });
}
