import type { CliIo } from '../../electron/cli/io';
import { runCli } from '../../electron/cli/program';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in-process. QUORUM_DATA_DIR points at `home` so a test that forgets
 * --data-dir can never touch the user's real workspace.
 */
export async function cli(argv: string[], home: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { QUORUM_DATA_DIR: home, XDG_CONFIG_HOME: home, HOME: home },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

export function captureIo(): { io: CliIo; stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: {},
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
