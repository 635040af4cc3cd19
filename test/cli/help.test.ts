import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram, type CommandRunner } from '../../electron/cli/program';
import { captureIo, cli } from '../helpers/cli';
import { makeTempDir, removeTempDirs } from '../helpers/temp';

const home = makeTempDir('quorum-cli-home-');
afterAll(removeTempDirs);

/** The CLI contract of DESIGN.md: every command, its sub-commands and its flags. */
const CONTRACT: Record<string, string[]> = {
  serve: ['--host', '--port', '--demo'],
  connect: ['--name', '--url', '--token-env'],
  sync: ['--connection'],
  models: ['--query'],
  'lineage ingest': [],
  'lineage show': ['--upstream', '--downstream', '--depth'],
  drift: ['--reference', '--current', '--model'],
  'identity create': ['--name', '--email'],
  'identity list': [],
  'identity show': [],
  'role grant': [],
  'role revoke': [],
  request: ['--stage', '--note'],
  approve: ['--role', '--comment'],
  reject: ['--role', '--comment'],
  gate: ['--stage'],
  report: ['--format', '--out', '--from', '--to'],
  'ledger verify': [],
  'team connect': ['--url'],
  'team sync': [],
  'team status': [],
  doctor: [],
  version: [],
};

/** Every command path of the real program, walked without running anything. */
function commandPaths(): string[][] {
  const noop: CommandRunner = () => async () => {};
  const program = createProgram(captureIo().io, noop);
  const walk = (command: Command, path: string[]): string[][] =>
    command.commands.flatMap((sub) => [[...path, sub.name()], ...walk(sub, [...path, sub.name()])]);
  return walk(program, []);
}

describe('quorum --help', () => {
  it('lists every command of the contract and the global flags', async () => {
    const { code, stdout, stderr } = await cli(['--help'], home);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: quorum /);
    const topLevel = new Set(Object.keys(CONTRACT).map((path) => path.split(' ')[0] ?? ''));
    for (const command of topLevel) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    for (const flag of ['--data-dir', '--json', '--identity', '--version', '--help']) expect(stdout).toContain(flag);
  });

  it('registers every command of the contract', () => {
    const registered = new Set(commandPaths().map((p) => p.join(' ')));
    for (const path of Object.keys(CONTRACT)) expect(registered, `missing: quorum ${path}`).toContain(path);
  });

  it.each(Object.entries(CONTRACT))('quorum %s --help documents its flags', async (path, flags) => {
    const { code, stdout } = await cli([...path.split(' '), '--help'], home);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: quorum ${path}\\b`));
    for (const flag of flags) expect(stdout).toContain(flag);
  });

  it('answers --help for every registered command, with a description', async () => {
    const paths = commandPaths();
    expect(paths.length).toBeGreaterThanOrEqual(Object.keys(CONTRACT).length);
    for (const path of paths) {
      const { code, stdout, stderr } = await cli([...path, '--help'], home);
      expect(code, `quorum ${path.join(' ')} --help`).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(new RegExp(`^Usage: quorum ${path.join(' ')}\\b`));
      // A description line follows the usage line.
      expect(stdout.split('\n')[2]?.trim().length ?? 0).toBeGreaterThan(10);
    }
  });

  it('prints the version with --version', async () => {
    const { code, stdout } = await cli(['--version'], home);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
