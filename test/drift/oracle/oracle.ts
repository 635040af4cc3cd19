import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the SciPy oracle (oracle.py) once per batch of requests. It fails loudly when no
 * Python with SciPy can be found: these tests are the proof that the engine matches
 * SciPy, so skipping them would hide exactly what they exist to show.
 */

const SCRIPT = fileURLToPath(new URL('./oracle.py', import.meta.url));

export type Wire = number | string;
export type OracleRequest = Record<string, unknown> & { op: string };
export type OracleAnswer = Record<string, Wire>;

let python: string | undefined;

function findPython(): string {
  if (python) return python;
  const candidates = [process.env.QUORUM_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  const tried: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import scipy, numpy; print(scipy.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) {
      python = candidate;
      return candidate;
    }
    tried.push(`${candidate}: ${(probe.error?.message ?? probe.stderr.trim().split('\n').at(-1)) || `exit ${probe.status}`}`);
  }
  throw new Error(
    `The drift tests compare the engine with SciPy and need python3 with SciPy (Debian: apt-get install -y python3-scipy). Tried:\n  ${tried.join('\n  ')}`,
  );
}

/** Encodes a number for the oracle's JSON (NaN and infinities as strings). */
export function wire(x: number): Wire {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  return x;
}

export function wireArray(xs: ArrayLike<number>): Wire[] {
  return Array.from(xs, wire);
}

export function unwire(x: Wire | undefined): number {
  if (x === undefined) throw new Error('oracle answer is missing a field');
  return typeof x === 'string' ? Number.parseFloat(x === 'inf' ? 'Infinity' : x === '-inf' ? '-Infinity' : x) : x;
}

export function oracle(requests: OracleRequest[]): OracleAnswer[] {
  const result = spawnSync(findPython(), [SCRIPT], {
    input: JSON.stringify(requests),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`SciPy oracle failed (exit ${result.status}): ${result.stderr}`);
  const answers = JSON.parse(result.stdout) as { ok: boolean; result?: OracleAnswer; error?: string }[];
  return answers.map((answer, i) => {
    if (!answer.ok || !answer.result) throw new Error(`SciPy oracle rejected request ${i} (${requests[i]?.op}): ${answer.error}`);
    return answer.result;
  });
}
