import type { Command } from 'commander';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';

/**
 * Commands of the CLI contract whose features land in later issues. They are listed in
 * --help with their real arguments, so scripts can be written against them now, and
 * refuse to run with a plain statement rather than pretending.
 */
interface Planned {
  path: string[];
  args?: string;
  description: string;
  options?: [string, string][];
  arrives: string;
}

const PLANNED: Planned[] = [];

export function registerPlanned(program: Command, run: CommandRunner): void {
  const groups = new Map<string, Command>();
  for (const planned of PLANNED) {
    let parent = program;
    const [first, second] = planned.path;
    if (second !== undefined && first !== undefined) {
      let group = groups.get(first);
      if (!group) {
        group = program.command(first).description(`${first} commands`);
        groups.set(first, group);
      }
      parent = group;
    }
    const name = planned.path.at(-1) ?? '';
    const command = parent
      .command(planned.args ? `${name} ${planned.args}` : name)
      .description(`${planned.description} (not yet available)`);
    for (const [flags, description] of planned.options ?? []) command.option(flags, description);
    command.action(
      run(async () => {
        throw new CliFailure(
          EXIT.usage,
          `\`quorum ${planned.path.join(' ')}\` is not available in this build yet; it arrives with ${planned.arrives}.`,
        );
      }),
    );
  }
}
