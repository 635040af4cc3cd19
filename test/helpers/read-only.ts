import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Ways to make a directory really read-only for a child process. Root ignores permission
 * bits (CAP_DAC_OVERRIDE), so as root the child runs as `nobody`; a read-only bind mount
 * in a private mount namespace is a second way that holds even for root.
 */
export const IS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

function works(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0;
}

/**
 * Makes `dir` read-only for the child and returns the command prefix that runs the child
 * so that the permission bits apply to it. Throws when this machine offers no honest way.
 */
export function readOnlyByPermissions(dir: string, parents: string[]): { prefix: string[]; how: string } {
  for (const parent of parents) chmodSync(parent, 0o755);
  chmodSync(dir, 0o555);
  if (!IS_ROOT) return { prefix: [], how: 'chmod 0555 (tests run unprivileged)' };
  const setpriv = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];
  if (works(setpriv[0] as string, [...setpriv.slice(1), 'true']))
    return { prefix: setpriv, how: 'chmod 0555, child as nobody via setpriv' };
  const runuser = ['runuser', '-u', 'nobody', '--'];
  if (works(runuser[0] as string, [...runuser.slice(1), 'true']))
    return { prefix: runuser, how: 'chmod 0555, child as nobody via runuser' };
  throw new Error('Running as root without setpriv or runuser: there is no honest way to make a directory read-only for the check.');
}

/** A prefix that runs the child with `dir` bind-mounted read-only in its own mount namespace. */
export function readOnlyMountPrefix(dir: string): string[] {
  return ['unshare', '--mount', '--', 'sh', '-c', 'mount --bind -o ro "$1" "$1" && shift && exec "$@"', 'sh', dir];
}

/** Whether this machine lets us make private read-only bind mounts (root with CAP_SYS_ADMIN, no seccomp veto). */
export function canMountReadOnly(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'quorum-mount-probe-'));
  try {
    const [command, ...args] = readOnlyMountPrefix(probe) as [string, ...string[]];
    return works(command, [...args, 'sh', '-c', `! touch "${probe}/x" 2>/dev/null`]);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
