import type { Command } from 'commander';
import { EXIT } from '../io';
import type { CommandRunner } from '../program';
import { table } from '../table';
import { actorOf } from './identity';

export function registerRole(program: Command, run: CommandRunner): void {
  const role = program.command('role').description('Roles, granted and revoked by signed admin events.');
  for (const [verb, grant] of [
    ['grant', true],
    ['revoke', false],
  ] as const) {
    role
      .command(`${verb} <person> <role>`)
      .description(`${grant ? 'Grant' : 'Revoke'} a role (admin only; signed). PERSON: name, e-mail or fingerprint.`)
      .action(
        run(async (context, _options: unknown, person: string, roleName: string) => {
          const change = await context.call(grant ? 'governance.roles.grant' : 'governance.roles.revoke', {
            ...actorOf(context),
            person,
            role: roleName,
          });
          context.result(
            change,
            () =>
              `${change.byName} ${grant ? 'granted' : 'revoked'} ${change.role} ${grant ? 'to' : 'from'} ${change.subjectName} (event ${change.eventId.slice(0, 12)}).`,
          );
          return EXIT.ok;
        }),
      );
  }
  role
    .command('list')
    .description('List who holds which role.')
    .action(
      run(async (context) => {
        const roles = await context.call('governance.roles.list', {});
        context.result(roles, () =>
          table(
            ['NAME', 'E-MAIL', 'ROLES'],
            roles.members.map((m) => [m.name, m.email, m.roles.join(', ') || '—']),
          ),
        );
        return EXIT.ok;
      }),
    );
}
