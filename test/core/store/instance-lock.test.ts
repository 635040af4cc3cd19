import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QuorumError } from '../../../electron/core/errors';
import { acquireInstanceLock, LOCK_FILE } from '../../../electron/core/workspace/instance-lock';
import { exitOf, helperScript, spawnTsx, waitForLine } from '../../helpers/child';
import { listDir, makeTempDir, removeTempDirs } from '../../helpers/temp';

function conflictOf(work: () => unknown): QuorumError {
  try {
    work();
  } catch (error) {
    if (error instanceof QuorumError) return error;
    throw error;
  }
  throw new Error('expected a conflict, but the lock was taken');
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('acquireInstanceLock', () => {
  afterEach(removeTempDirs);

  it('writes who holds the lock, and removes the file on release (twice is harmless)', () => {
    const dir = makeTempDir();
    const lock = acquireInstanceLock(dir, 'quorum serve');
    const holder = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; description: string };
    expect(holder).toMatchObject({ pid: process.pid, description: 'quorum serve' });
    expect(listDir(dir)).toEqual([LOCK_FILE]);
    lock.release();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireInstanceLock(dir, 'again').release();
  });

  it('refuses a second instance in the same process with a conflict naming the holder', () => {
    const dir = makeTempDir();
    const lock = acquireInstanceLock(dir, 'the desktop app');
    const error = conflictOf(() => acquireInstanceLock(dir, 'quorum serve'));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      `Another Quorum (the desktop app, pid ${process.pid}) already has ${dir} open. Use that one, or pass another --data-dir.`,
    );
    lock.release();
  });

  it('refuses while another live process holds it, and succeeds once that process lets go', async () => {
    const dir = makeTempDir();
    const child = spawnTsx(helperScript('hold-instance-lock.ts'), [dir]);
    try {
      await waitForLine(child, /^locked$/);
      const error = conflictOf(() => acquireInstanceLock(dir, 'second'));
      expect(error.code).toBe('conflict');
      expect(error.details).toMatchObject({ pid: child.pid });
      expect(error.message).toContain('test holder');
    } finally {
      child.stdin?.end();
      await exitOf(child);
    }
    acquireInstanceLock(dir, 'second').release();
  });

  it('reclaims a stale lock left by a process that died', () => {
    const dir = makeTempDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, description: 'crashed serve', startedAt: '2020-01-01T00:00:00Z' }));
    const lock = acquireInstanceLock(dir, 'fresh');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, description: 'fresh' });
    lock.release();
  });

  it('reclaims a lock file that holds no readable owner', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    const lock = acquireInstanceLock(dir, 'fresh');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('reports a data directory it cannot write the lock into as a storage error', () => {
    const missing = join(makeTempDir(), 'does-not-exist');
    const error = conflictOf(() => acquireInstanceLock(missing, 'x'));
    expect(error.code).toBe('storage');
    expect(error.message).toContain(`Cannot lock the data directory ${missing}`);
  });
});
