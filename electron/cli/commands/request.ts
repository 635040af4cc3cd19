import { Option, type Command } from 'commander';
import { INBOX_BOXES, type InboxBox } from '@shared/domain/governance';
import { EXIT } from '../io';
import type { CommandRunner } from '../program';
import { table } from '../table';
import { actorOf, parseSubject } from './identity';

export function registerRequest(program: Command, run: CommandRunner): void {
  program
    .command('request <model@version>')
    .description('Request a release of a model version to a stage (signed). MODEL@VERSION may be CONNECTION/MODEL@VERSION or MODEL@ALIAS.')
    .requiredOption('--stage <stage>', 'target stage (e.g. production)')
    .option('--note <text>', 'note for reviewers', '')
    .action(
      run(async (context, options: { stage: string; note: string }, subject: string) => {
        const request = await context.call('governance.requests.create', {
          ...parseSubject(subject),
          stage: options.stage,
          note: options.note,
          ...actorOf(context),
        });
        context.result(request, () =>
          [
            `Requested ${request.model} v${request.version} → ${request.stage} (${request.tier} risk), request ${request.id.slice(0, 12)}.`,
            request.missingRoles.length > 0 ? `Waiting for: ${request.missingRoles.join(', ')}.` : 'No sign-off required.',
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );

  program
    .command('inbox')
    .description('Approvals inbox of the acting identity.')
    .addOption(new Option('--box <box>', 'which box').choices(INBOX_BOXES).default('waiting-for-me'))
    .option('--limit <n>', 'how many', '100')
    .action(
      run(async (context, options: { box: InboxBox; limit: string }) => {
        const result = await context.call('governance.requests.inbox', {
          box: options.box,
          limit: Math.max(1, Math.min(1000, Number.parseInt(options.limit, 10) || 100)),
          ...(context.options.identity ? { actor: context.options.identity } : {}),
        });
        context.result(result, () =>
          [
            INBOX_BOXES.map((b) => `${b}: ${result.counts[b]}`).join('  '),
            result.items.length === 0
              ? 'Nothing here.'
              : table(
                  ['REQUEST', 'MODEL', 'VERSION', 'STAGE', 'TIER', 'STATUS', 'MISSING', 'BY'],
                  result.items.map((r) => [
                    r.id.slice(0, 12),
                    `${r.connection}/${r.model}`,
                    `v${r.version}`,
                    r.stage,
                    r.tier,
                    r.status,
                    r.missingRoles.join(',') || '—',
                    r.requestedByName,
                  ]),
                ),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
