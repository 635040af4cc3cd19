import type { Command } from 'commander';
import type { Envelope, OperationInput, OperationName, OperationOutput } from '@shared/contract';
import { createCore, type Core } from '../core/create-core';
import { isQuorumError } from '../core/errors';
import { defaultDataDir } from '../core/workspace/data-dir';
import { CliFailure, exitCodeFor, type CliIo } from './io';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  identity?: string;
}

/** What a command needs: its options, where to write, and the core of its workspace. */
export class CommandContext {
  private core: Core | null = null;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {}

  static from(command: Command, io: CliIo): CommandContext {
    return new CommandContext(io, command.optsWithGlobals<GlobalOptions>());
  }

  get dataDir(): string {
    return this.options.dataDir ?? defaultDataDir(this.io.env);
  }

  get json(): boolean {
    return this.options.json === true;
  }

  openCore(overrides: { dataDir?: string; workspaceKind?: 'user' | 'demo' } = {}): Core {
    if (this.core) return this.core;
    try {
      this.core = createCore({
        dataDir: overrides.dataDir ?? this.dataDir,
        workspaceKind: overrides.workspaceKind ?? 'user',
        // `env:` credential references (--token-env, --password-env) are read from the environment the CLI was given.
        registry: { env: this.io.env },
      });
    } catch (error) {
      if (isQuorumError(error)) throw new CliFailure(exitCodeFor(error.code), error.message, error.toInfo());
      throw error;
    }
    return this.core;
  }

  /** Calls an operation through the same dispatch as every other face, and unwraps it. */
  async call<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
    const envelope = (await this.openCore().dispatch(operation, input)) as Envelope<OperationOutput<K>>;
    if (!envelope.ok) throw new CliFailure(exitCodeFor(envelope.error.code), envelope.error.message, envelope.error);
    return envelope.data;
  }

  /** Data goes to stdout: JSON with --json, the human rendering otherwise. */
  result(data: unknown, human: () => string): void {
    this.io.stdout(this.json ? `${JSON.stringify(data, null, 2)}\n` : ensureNewline(human()));
  }

  /** Messages go to stderr so stdout stays parseable. */
  message(text: string): void {
    this.io.stderr(ensureNewline(text));
  }

  close(): void {
    this.core?.close();
    this.core = null;
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
