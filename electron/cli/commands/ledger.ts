import type { Command } from 'commander';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';
import { table } from '../table';
import { actorOf } from './identity';

export function registerLedger(program: Command, run: CommandRunner): void {
  const ledger = program.command('ledger').description('The signed, append-only governance ledger.');

  ledger
    .command('verify')
    .description('Verify every event (content address, signature, links, order, authority). Exit 0 intact, 1 tampered.')
    .action(
      run(async (context) => {
        const report = await context.call('governance.ledger.verify', {});
        context.result(report, () =>
          report.intact
            ? `Ledger intact: ${report.events} events verified in ${report.elapsedMs} ms${report.workers > 0 ? ` on ${report.workers} workers` : ''}.`
            : [
                `LEDGER TAMPERED: ${report.problems.length + report.truncated} problem(s) in ${report.events} events.`,
                ...report.problems.map(
                  (p) => `  [${p.kind}] seq ${p.seq ?? '?'}${p.eventId ? ` event ${p.eventId.slice(0, 12)}` : ''}: ${p.message}`,
                ),
                report.truncated > 0 ? `  … and ${report.truncated} more` : '',
              ]
                .filter(Boolean)
                .join('\n'),
        );
        return report.intact ? EXIT.ok : EXIT.negative;
      }),
    );

  ledger
    .command('log')
    .description('The ledger timeline, newest first.')
    .option('--model <name>', 'only events about this model')
    .option('--limit <n>', 'how many', '50')
    .action(
      run(async (context, options: { model?: string; limit: string }) => {
        const result = await context.call('governance.ledger.list', {
          ...(options.model ? { model: options.model } : {}),
          limit: Math.max(1, Math.min(1000, Number.parseInt(options.limit, 10) || 50)),
        });
        context.result(result, () =>
          table(
            ['SEQ', 'WHEN', 'EVENT', 'WHAT'],
            result.items.map((e) => [String(e.seq), new Date(e.at).toISOString(), e.id.slice(0, 12), e.summary]),
          ),
        );
        return EXIT.ok;
      }),
    );

  ledger
    .command('findings')
    .description('Promotions outside Quorum: governed aliases or stages moved without a passing gate.')
    .option('--all', 'include findings your roles are not meant to see')
    .action(
      run(async (context, options: { all?: boolean }) => {
        const findings = await context.call('governance.findings.list', {
          all: options.all === true,
          ...(context.options.identity ? { actor: context.options.identity } : {}),
        });
        context.result(findings, () =>
          findings.length === 0
            ? 'No findings.'
            : table(
                ['FINDING', 'SEVERITY', 'STATE', 'MODEL', 'WHAT'],
                findings.map((f) => [f.id.slice(0, 12), f.severity, f.state, `${f.connection}/${f.model}`, f.message]),
              ),
        );
        return findings.some((f) => f.state === 'open') ? EXIT.negative : EXIT.ok;
      }),
    );

  for (const [verb, act] of [
    ['ack', 'acknowledge'],
    ['resolve', 'resolve'],
  ] as const) {
    ledger
      .command(`${verb} <finding>`)
      .description(
        `${act === 'resolve' ? 'Resolve (admin or compliance)' : 'Acknowledge'} a finding (signed). FINDING: its id or an unambiguous prefix.`,
      )
      .option('--comment <text>', act === 'resolve' ? 'how it was resolved (required)' : 'comment', '')
      .action(
        run(async (context, options: { comment: string }, prefix: string) => {
          const all = await context.call('governance.findings.list', { all: true });
          const matches = all.filter((f) => f.id.startsWith(prefix.toLowerCase()));
          if (matches.length !== 1)
            throw new CliFailure(
              EXIT.usage,
              matches.length === 0 ? `No finding ${prefix}.` : `"${prefix}" matches ${matches.length} findings; give more of the id.`,
            );
          const id = (matches[0] as { id: string }).id;
          const finding = await context.call(act === 'resolve' ? 'governance.findings.resolve' : 'governance.findings.acknowledge', {
            finding: id,
            comment: options.comment,
            ...actorOf(context),
          });
          context.result(finding, () => `Finding ${finding.id.slice(0, 12)} is now ${finding.state}.`);
          return EXIT.ok;
        }),
      );
  }

  ledger
    .command('at <model>')
    .description('What a governed alias pointed at on a date, and whether that was approved. MODEL may be CONNECTION/MODEL.')
    .requiredOption('--alias <alias>', 'e.g. champion')
    .requiredOption('--date <date>', 'an ISO date or date-time')
    .action(
      run(async (context, options: { alias: string; date: string }, model: string) => {
        const at = Date.parse(options.date);
        if (Number.isNaN(at))
          throw new CliFailure(EXIT.usage, `"${options.date}" is not a date (use e.g. 2025-06-30 or 2025-06-30T12:00:00Z).`);
        const slash = model.indexOf('/');
        const answer = await context.call('governance.pointInTime', {
          ...(slash > 0 ? { connection: model.slice(0, slash), model: model.slice(slash + 1) } : { model }),
          alias: options.alias.replace(/^@/, ''),
          at,
        });
        context.result(answer, () => answer.explanation);
        return answer.approved ? EXIT.ok : EXIT.negative;
      }),
    );
}
