import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { GateResult, WriteBackResult } from '@shared/domain/governance';
import type { CommandContext } from '../context';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';
import { actorOf, parseSubject } from './identity';

const MARK = { pass: '✓', fail: '✗', waived: '! WAIVED', skipped: '–' } as const;

/** The checklist as a person reads it; `--json` prints the same GateResult the UI uses. */
export function renderGate(gate: GateResult): string {
  const s = gate.subject;
  const lines = [
    `${gate.status === 'pass' ? 'PASS' : 'BLOCKED'}  ${s.connection}/${s.model} v${s.version} → ${s.stage}  (${gate.tier} risk, policy ${gate.policyHash.slice(0, 12)})`,
  ];
  if (gate.request)
    lines.push(
      `request ${gate.request.id.slice(0, 12)} by ${gate.request.requestedByName}${gate.request.note ? `: ${gate.request.note}` : ''}`,
    );
  for (const r of gate.signoffs) {
    lines.push(
      `${r.missing === 0 && r.rejected.length === 0 ? '✓' : '✗'} ${r.role}: ${r.valid.length}/${r.required}${r.valid.length > 0 ? ` (${r.valid.map((v) => v.name).join(', ')})` : ''}`,
    );
    for (const v of r.valid) if (v.conditions.length > 0) lines.push(`    conditions from ${v.name}: ${v.conditions.join('; ')}`);
    for (const i of r.invalid) lines.push(`    ${i.name}'s approval does not count: ${i.invalidReason}`);
    for (const x of r.rejected) lines.push(`    rejected by ${x.name}: ${x.comment}`);
  }
  for (const c of gate.checks)
    lines.push(`${MARK[c.status]} ${c.label}: ${c.message}${c.waiver ? ` — waived by ${c.waiver.byName}: ${c.waiver.justification}` : ''}`);
  if (gate.reasons.length > 0) lines.push('', 'Blocked because:', ...gate.reasons.map((r) => `  - ${r}`));
  if (gate.notes.length > 0) lines.push('', ...gate.notes.map((n) => `  note: ${n}`));
  if (gate.recordedEventId) lines.push(`recorded as ledger event ${gate.recordedEventId.slice(0, 12)}`);
  return lines.join('\n');
}

/** What a write-back did, as a person reads it, after the gate's checklist. */
export function renderWriteBack(result: WriteBackResult): string {
  const s = result.subject;
  const lines = [renderGate(result.gate), '', `Written back to ${s.connection}:`];
  if (result.alias === null) lines.push(`  no alias moved (the policy names no alias for ${s.stage})`);
  else if (result.previousVersion === s.version) lines.push(`  @${result.alias} already pointed at v${s.version}`);
  else lines.push(`  @${result.alias} → v${s.version}${result.previousVersion === null ? '' : ` (was v${result.previousVersion})`}`);
  for (const tag of result.tags) lines.push(`  tag ${tag.key} = ${tag.value}`);
  lines.push(
    `recorded as ledger event ${result.eventId.slice(0, 12)} (write-back) after ${result.gate.recordedEventId?.slice(0, 12) ?? '?'} (gate)`,
  );
  return lines.join('\n');
}

export function registerGate(program: Command, run: CommandRunner): void {
  program
    .command('gate <model@version>')
    .description(
      "Evaluate the release gate. Exit 0 pass, 1 blocked, 2 bad input, 3 backend error. With --write-back, a passing gate also sets the version's quorum.approval tags and moves the governed alias in the registry (signed into the ledger).",
    )
    .option('--stage <stage>', 'target stage', 'production')
    .option('--record', 'sign the evaluation into the ledger (for a release)')
    .option(
      '--write-back',
      "when the gate passes, set the version's quorum.approval tags and move the stage's governed alias on the registry, and record it (implies --record; the connection needs write-back on: quorum connect mlflow --write-back)",
    )
    .action(
      run(async (context, options: { stage: string; record?: boolean; writeBack?: boolean }, subject: string) => {
        if (options.writeBack) return writeBack(context, subject, options.stage);
        const gate = await context.call('governance.gate.evaluate', {
          ...parseSubject(subject),
          stage: options.stage,
          record: options.record === true,
          ...(options.record ? actorOf(context) : {}),
        });
        context.result(gate, () => renderGate(gate));
        return gate.status === 'pass' ? EXIT.ok : EXIT.negative;
      }),
    );

  const policy = program.command('policy').description('The release policy (YAML, signed by an admin).');
  policy
    .command('show')
    .description('Print the policy in force (or a past version with --hash).')
    .option('--hash <hash>', 'a past version')
    .action(
      run(async (context, options: { hash?: string }) => {
        const result = await context.call('governance.policy.get', options.hash ? { hash: options.hash } : {});
        context.result(result, () => `# policy ${result.hash}${result.current ? ' (in force)' : ''}\n${result.yaml}`);
        return EXIT.ok;
      }),
    );
  policy
    .command('validate <file>')
    .description('Check a policy file; every error names its line and field. Exit 1 when invalid.')
    .action(
      run(async (context, _options: unknown, file: string) => {
        const result = await context.call('governance.policy.validate', { yaml: readText(file) });
        context.result(result, () =>
          result.valid
            ? `Valid policy ${result.hash}`
            : result.errors.map((e) => `${file}:${e.line ?? '?'}${e.field ? ` ${e.field}` : ''}: ${e.message}`).join('\n'),
        );
        return result.valid ? EXIT.ok : EXIT.negative;
      }),
    );
  policy
    .command('set <file>')
    .description('Record a new policy (admin only; signed).')
    .option('--message <text>', 'why it changed', '')
    .action(
      run(async (context, options: { message: string }, file: string) => {
        const version = await context.call('governance.policy.set', {
          yaml: readText(file),
          message: options.message,
          ...actorOf(context),
        });
        context.result(version, () => `Policy ${version.hash} set by ${version.setByName}.`);
        return EXIT.ok;
      }),
    );
  policy
    .command('diff <from> [to]')
    .description('Show what changed between two policy versions (by hash; TO defaults to the one in force).')
    .action(
      run(async (context, _options: unknown, from: string, to?: string) => {
        const diff = await context.call('governance.policy.diff', to ? { from, to } : { from });
        context.result(diff, () => diff.unified);
        return EXIT.ok;
      }),
    );
}

/**
 * `quorum gate --write-back`. A blocked gate is the same negative answer as a plain
 * `quorum gate` (exit 1, the reasons in the error on stdout with --json), not a usage error.
 */
async function writeBack(context: CommandContext, subject: string, stage: string): Promise<number> {
  try {
    const result = await context.call('governance.gate.writeBack', { ...parseSubject(subject), stage, ...actorOf(context) });
    context.result(result, () => renderWriteBack(result));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliFailure && error.info?.details?.['status'] === 'blocked') {
      throw new CliFailure(EXIT.negative, error.message, error.info);
    }
    throw error;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliFailure(EXIT.usage, `Cannot read ${file}: ${(error as Error).message}`);
  }
}
