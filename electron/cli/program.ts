import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../core/version';
import { registerConnect } from './commands/connect';
import { registerApprove } from './commands/approve';
import { registerDoctor } from './commands/doctor';
import { registerDrift } from './commands/drift';
import { registerGate } from './commands/gate';
import { registerIdentity } from './commands/identity';
import { registerLedger } from './commands/ledger';
import { registerLineage } from './commands/lineage';
import { registerRequest } from './commands/request';
import { registerRole } from './commands/role';
import { registerModels } from './commands/models';
import { registerMonitoring } from './commands/monitoring';
import { registerPlanned } from './commands/planned';
import { registerReport } from './commands/report';
import { registerServe } from './commands/serve';
import { registerSync } from './commands/sync';
import { registerTeam } from './commands/team';
import { registerVersion } from './commands/version';
import { CommandContext } from './context';
import { CliFailure, EXIT, type CliIo } from './io';

type Action<O> = (context: CommandContext, options: O, ...args: string[]) => Promise<number>;
export type CommandRunner = <O>(action: Action<O>) => (...commanderArgs: unknown[]) => Promise<void>;

/**
 * Runs one CLI invocation and returns its exit code, so tests drive the real program
 * in-process; `main.ts` is the only place that touches process.exit.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const contexts: CommandContext[] = [];

  const run: CommandRunner =
    (action) =>
    async (...commanderArgs) => {
      // Commander passes positional args, then the options object, then the command.
      const command = commanderArgs.at(-1) as Command;
      const options = commanderArgs.at(-2) as Parameters<typeof action>[1];
      const positional = commanderArgs.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
      const context = CommandContext.from(command, io);
      contexts.push(context);
      try {
        exitCode = await action(context, options, ...positional);
      } catch (error) {
        if (!(error instanceof CliFailure)) throw error;
        if (context.json && error.info) io.stdout(`${JSON.stringify({ error: error.info }, null, 2)}\n`);
        io.stderr(`quorum: ${error.message}\n`);
        exitCode = error.exitCode;
      }
    };

  const program = createProgram(io, run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; everything else Commander rejects is usage.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`quorum: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.backend;
  } finally {
    for (const context of contexts) context.close();
  }
  return exitCode;
}

/**
 * The whole command tree, wired to `run` but not run: `runCli` parses argv with it, and
 * tests walk it to check that every command documents itself.
 */
export function createProgram(io: CliIo, run: CommandRunner): Command {
  const program = new Command('quorum')
    .description('Quorum: team MLOps governance — lineage, cross-team sign-off, drift and audit reports.')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .option('--data-dir <dir>', "workspace data directory (default: the desktop app's, or $QUORUM_DATA_DIR)")
    .option('--json', 'machine-readable output on stdout; messages on stderr')
    .option('--identity <name>', 'act as one of the identities kept in this data directory')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  registerServe(program, run);
  registerVersion(program, run);
  registerDoctor(program, run);
  registerModels(program, run);
  registerConnect(program, run);
  registerSync(program, run);
  registerIdentity(program, run);
  registerRole(program, run);
  registerRequest(program, run);
  registerApprove(program, run);
  registerGate(program, run);
  registerLedger(program, run);
  registerDrift(program, run);
  registerMonitoring(program, run);
  registerLineage(program, run);
  registerReport(program, run);
  registerTeam(program, run);
  registerPlanned(program, run);
  applyToAll(program, (command) => command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  return program;
}

function applyToAll(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const sub of command.commands) applyToAll(sub, apply);
}
