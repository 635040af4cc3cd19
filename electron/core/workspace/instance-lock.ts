import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QuorumError } from '../errors';

export const LOCK_FILE = 'quorum.lock';

export interface InstanceLock {
  release(): void;
}

/**
 * One long-running Quorum (desktop app or `quorum serve`) per data directory: two would
 * each believe their view is current, and sync jobs would race. One-shot CLI commands do
 * not take the lock; SQLite's own locking keeps them safe alongside a running instance.
 */
export function acquireInstanceLock(dataDir: string, description: string): InstanceLock {
  const path = join(dataDir, LOCK_FILE);
  // The lock appears with its content in one step (write a private file, then hard-link it
  // into place, which fails if the lock exists), so another instance never reads an empty
  // lock file and mistakes a starting instance for a stale one.
  const staging = join(dataDir, `${LOCK_FILE}.${process.pid}.tmp`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createAtomically(staging, path, JSON.stringify({ pid: process.pid, description, startedAt: new Date().toISOString() }));
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new QuorumError('storage', `Cannot lock the data directory ${dataDir}: ${(error as Error).message}`, { dataDir });
      }
      const holder = readHolder(path);
      if (holder && isAlive(holder.pid)) {
        throw new QuorumError(
          'conflict',
          `Another Quorum (${holder.description}, pid ${holder.pid}) already has ${dataDir} open. Use that one, or pass another --data-dir.`,
          { dataDir, pid: holder.pid },
        );
      }
      // The holder died without cleaning up: the lock is stale.
      rmSync(path, { force: true });
    }
  }
  throw new QuorumError('conflict', `Could not take the lock on ${dataDir}; another Quorum is starting there.`, { dataDir });
}

function createAtomically(staging: string, path: string, content: string): void {
  writeFileSync(staging, content, { mode: 0o600 });
  try {
    linkSync(staging, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links (FAT, some network shares): exclusive create instead.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
    } else {
      throw error;
    }
  } finally {
    rmSync(staging, { force: true });
  }
}

function readHolder(path: string): { pid: number; description: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; description?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, description: String(parsed.description ?? 'unknown') } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
