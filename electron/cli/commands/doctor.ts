import type { Command } from 'commander';
import { EXIT } from '../io';
import type { CommandRunner } from '../program';

const MARK = { ok: '✓', warning: '!', error: '✗' } as const;

export function registerDoctor(program: Command, run: CommandRunner): void {
  program
    .command('doctor')
    .description('Check the data directory, schema version, database integrity and connections. Exit 1 when something is wrong.')
    .action(
      run(async (context) => {
        const report = await context.call('system.doctor', {});
        context.result(report, () =>
          [
            ...report.checks.map((c) => `${MARK[c.status]} ${c.name.padEnd(14)} ${c.message}`),
            report.healthy ? 'Workspace is healthy.' : 'Workspace has problems.',
          ].join('\n'),
        );
        return report.healthy ? EXIT.ok : EXIT.negative;
      }),
    );
}
