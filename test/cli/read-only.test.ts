import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openWorkspaceStore } from '../../electron/core/store/open-store';
import { TSX_NODE } from '../helpers/child';
import { readOnlyByPermissions } from '../helpers/read-only';
import { listDir, makeTempDir, removeTempDirs, REPO_ROOT, sha256File } from '../helpers/temp';

afterAll(removeTempDirs);

describe('quorum on a read-only data directory (real process)', () => {
  it('exits 2 with a message naming the directory, and leaves the workspace as it was', () => {
    const base = makeTempDir('quorum-cli-ro-');
    const dataDir = join(base, 'workspace');
    mkdirSync(dataDir);
    openWorkspaceStore({ dataDir }).close();
    const hash = sha256File(join(dataDir, DATABASE_FILE));
    const { prefix } = readOnlyByPermissions(dataDir, [base]);

    const command: string[] = [...prefix, ...TSX_NODE, 'electron/cli/main.ts', 'doctor', '--data-dir', dataDir];
    const [file = '', ...args] = command;
    const result = spawnSync(file, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`quorum: The data directory ${dataDir} is read-only. Quorum needs to write its workspace there.\n`);
    expect(sha256File(join(dataDir, DATABASE_FILE))).toBe(hash);
    expect(listDir(dataDir)).toEqual([DATABASE_FILE]);
  });
});
