import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { QuorumError } from '../errors';

/**
 * A small JSON file only its owner may read: the shape secrets are kept in on disk.
 * Reading refuses a file that others can read (like ssh does for private keys), because
 * by then the secret may already have leaked and silently using it would hide that.
 * Writing goes through a 0600 temp file and a rename, so a crash never leaves half a file.
 */

/** POSIX permission bits only mean something off Windows; there the user profile's ACLs protect the file. */
const CHECK_MODE = process.platform !== 'win32';

export interface PrivateFileOptions {
  /** What the file holds, for messages ("secrets file"). */
  label: string;
}

/** The parsed file, or null when it does not exist. */
export function readPrivateJson(path: string, options: PrivateFileOptions): unknown {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new QuorumError('storage', `Cannot read the ${options.label} ${path}: ${(error as Error).message}`, { path });
  }
  if (!stat.isFile()) throw new QuorumError('storage', `The ${options.label} ${path} is not a regular file.`, { path });
  if (CHECK_MODE) assertPrivate(path, stat.mode, stat.uid, options.label);

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new QuorumError('storage', `Cannot read the ${options.label} ${path}: ${(error as Error).message}`, { path });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new QuorumError(
      'storage',
      `The ${options.label} ${path} is not valid JSON (${(error as Error).message}). It was not changed; fix it, or move it away to start with no secrets.`,
      { path },
    );
  }
}

/** Replaces the file atomically with `value` as JSON, readable by its owner only. */
export function writePrivateJson(path: string, value: unknown, options: PrivateFileOptions): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // 'wx' never follows or reuses an existing path; mode 0600 is applied at creation, before any byte is written.
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new QuorumError('storage', `Cannot write the ${options.label} ${path}: ${(error as Error).message}`, { path });
  }
  syncDirectory(dir);
}

function assertPrivate(path: string, mode: number, uid: number, label: string): void {
  if ((mode & 0o077) !== 0) {
    throw new QuorumError(
      'storage',
      `The ${label} ${path} can be read or changed by other users (mode ${(mode & 0o777).toString(8).padStart(3, '0')}). Quorum will not use it: run \`chmod 600 ${path}\`, and replace any secret in it that may have leaked.`,
      { path, mode: mode & 0o777 },
    );
  }
  const me = process.getuid?.();
  if (me !== undefined && me !== 0 && uid !== me) {
    throw new QuorumError('storage', `The ${label} ${path} belongs to another user (uid ${uid}). Quorum will not use it.`, { path, uid });
  }
}

/** Makes the rename durable on POSIX; directories cannot be opened for fsync on Windows. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Durability of the directory entry is best effort; the file itself was synced.
  }
}
