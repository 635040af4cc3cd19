import type { Command } from 'commander';
import { EXIT } from '../io';
import type { CommandRunner } from '../program';
import { actorOf, parseSubject } from './identity';

interface SignOptions {
  role: string;
  stage: string;
  comment?: string;
  conditions?: string[];
}

export function registerApprove(program: Command, run: CommandRunner): void {
  program
    .command('approve <model@version>')
    .description('Sign off a release in a role (signed; binds to artifact, policy and evidence).')
    .requiredOption('--role <role>', 'the role you sign in')
    .option('--stage <stage>', 'target stage', 'production')
    .option('--comment <text>', 'comment', '')
    .option('--conditions <text...>', 'approve with conditions (one or more)')
    .action(
      run(async (context, options: SignOptions, subject: string) => {
        const signoff = await context.call('governance.signoff.approve', {
          ...parseSubject(subject),
          ...actorOf(context),
          stage: options.stage,
          role: options.role,
          comment: options.comment ?? '',
          conditions: options.conditions ?? [],
        });
        context.result(
          signoff,
          () =>
            `${signoff.name} approved as ${signoff.role}${signoff.conditions.length > 0 ? ` with conditions: ${signoff.conditions.join('; ')}` : ''} (event ${signoff.eventId.slice(0, 12)}).`,
        );
        return EXIT.ok;
      }),
    );

  program
    .command('reject <model@version>')
    .description('Reject a release in a role (signed; a comment is required).')
    .requiredOption('--role <role>', 'the role you sign in')
    .requiredOption('--comment <text>', 'why (required)')
    .option('--stage <stage>', 'target stage', 'production')
    .action(
      run(async (context, options: SignOptions, subject: string) => {
        const signoff = await context.call('governance.signoff.reject', {
          ...parseSubject(subject),
          ...actorOf(context),
          stage: options.stage,
          role: options.role,
          comment: options.comment ?? '',
        });
        context.result(
          signoff,
          () => `${signoff.name} rejected as ${signoff.role}: ${signoff.comment} (event ${signoff.eventId.slice(0, 12)}).`,
        );
        return EXIT.ok;
      }),
    );

  program
    .command('withdraw <model@version>')
    .description('Withdraw your approval or rejection in a role (signed).')
    .requiredOption('--role <role>', 'the role you signed in')
    .option('--stage <stage>', 'target stage', 'production')
    .option('--comment <text>', 'why', '')
    .action(
      run(async (context, options: SignOptions, subject: string) => {
        const result = await context.call('governance.signoff.withdraw', {
          ...parseSubject(subject),
          ...actorOf(context),
          stage: options.stage,
          role: options.role,
          comment: options.comment ?? '',
        });
        context.result(result, () => `Withdrawn (sign-off ${result.withdrawn.slice(0, 12)}).`);
        return EXIT.ok;
      }),
    );

  program
    .command('waive <model@version>')
    .description('Waive a failing evidence check (admin or compliance; justification required; shown in red everywhere).')
    .requiredOption('--check <id>', 'the check id, e.g. metric:auc, training-data, model-card:owner_team')
    .requiredOption('--justification <text>', 'why it is acceptable')
    .option('--stage <stage>', 'target stage', 'production')
    .action(
      run(async (context, options: { check: string; justification: string; stage: string }, subject: string) => {
        const waiver = await context.call('governance.signoff.waive', {
          ...parseSubject(subject),
          ...actorOf(context),
          stage: options.stage,
          check: options.check,
          justification: options.justification,
        });
        context.result(waiver, () => `WAIVED ${waiver.check} by ${waiver.byName}: ${waiver.justification}`);
        return EXIT.ok;
      }),
    );
}
