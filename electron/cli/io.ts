import type { ErrorCode, ErrorInfo } from '@shared/contract';

/** Exit codes of the CLI contract (DESIGN.md). */
export const EXIT = { ok: 0, negative: 1, usage: 2, backend: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Input and local-state problems are the user's to fix (2); a backend or Quorum itself failing is 3. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  switch (code) {
    case 'backend':
    case 'unavailable':
    case 'cancelled':
    case 'internal':
      return EXIT.backend;
    default:
      return EXIT.usage;
  }
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** A failure that ends the command with a message and an exit code. */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly info?: ErrorInfo,
  ) {
    super(message);
  }
}
