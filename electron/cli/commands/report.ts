import type { Command } from 'commander';
import type { OperationInput } from '@shared/contract';
import { REPORT_FORMATS, type GeneratedReport, type ReportFormat, type ReportVerification } from '@shared/domain/reports';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';
import type { CommandContext } from '../context';
import { actorOf, parseSubject } from './identity';

/**
 * quorum report MODEL@VERSION --format pdf|html|md|json --out FILE
 * quorum report audit --from DATE --to DATE --format … --out FILE
 * quorum report verify FILE
 *
 * Every report is written with FILE.manifest.json (signed) and, except for json, the evidence
 * bundle FILE.evidence.json beside it. verify exits 0 valid, 1 not valid, 2 bad input
 * (no such file, no manifest beside it).
 */

interface ReportOptions {
  format?: string;
  out?: string;
  from?: string;
  to?: string;
}

function format(options: ReportOptions): ReportFormat {
  const f = options.format ?? 'pdf';
  if (!(REPORT_FORMATS as readonly string[]).includes(f))
    throw new CliFailure(EXIT.usage, `--format must be one of ${REPORT_FORMATS.join(', ')} (got "${f}").`);
  return f as ReportFormat;
}

function out(options: ReportOptions): string {
  if (!options.out) throw new CliFailure(EXIT.usage, 'Give the output file: --out FILE.');
  return options.out;
}

function renderGenerated(r: GeneratedReport): string {
  const missing = r.sections.filter((s) => s.status !== 'present');
  return [
    `${r.record.title} → ${r.record.path}${r.pages !== null ? ` (${r.pages} pages)` : ''}`,
    ...r.files.map((f) => `  ${f.role.padEnd(8)} ${f.name}  sha256 ${f.sha256}`),
    `  manifest ${r.record.manifestPath}`,
    `  signed by ${r.record.issuedBy}; ledger event ${r.record.ledgerEvent.slice(0, 16)}…`,
    ...(missing.length > 0 ? [`  sections without full evidence: ${missing.map((s) => `${s.title} (${s.status})`).join(', ')}`] : []),
    `  frameworks: ${r.frameworks.map((f) => `${f.id} ${f.clauses - f.missing}/${f.clauses} clauses evidenced`).join('; ')}`,
  ].join('\n');
}

export function renderVerification(v: ReportVerification): string {
  return [
    `${v.valid ? 'VALID' : 'NOT VALID'}  ${v.file}`,
    ...(v.title ? [`  ${v.title}`] : []),
    ...v.checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.message}`),
  ].join('\n');
}

async function generate(context: CommandContext, input: OperationInput<'reports.generate'>): Promise<number> {
  const result = await context.call('reports.generate', input);
  context.result(result, () => renderGenerated(result));
  return EXIT.ok;
}

export function registerReport(program: Command, run: CommandRunner): void {
  const report = program
    .command('report')
    .description('Compliance reports: a release dossier (MODEL@VERSION), a period audit report (audit), or verify a report (verify FILE).')
    .argument('<subject>', 'MODEL@VERSION (or CONNECTION/MODEL@VERSION)')
    .option('--format <format>', 'pdf | html | md | json', 'pdf')
    .option('--out <file>', 'output file (its signed manifest is written to FILE.manifest.json)')
    .option('--from <date>', 'audit period start, with `report audit` (YYYY-MM-DD or ISO 8601)')
    .option('--to <date>', 'audit period end, inclusive, with `report audit`')
    .action(
      run(async (context, options: ReportOptions, subject: string) => {
        const parsed = parseSubject(subject);
        if (parsed.version === undefined) throw new CliFailure(EXIT.usage, `A dossier needs a version number: ${parsed.model}@N.`);
        return generate(context, {
          kind: 'dossier',
          ...(parsed.connection ? { connection: parsed.connection } : {}),
          model: parsed.model,
          version: parsed.version,
          format: format(options),
          out: out(options),
          ...actorOf(context),
        });
      }),
    );
  report
    .command('audit')
    .description(
      'Period audit report: every release, approval, rejection, waiver, finding and policy change between two dates (--to inclusive).',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD or ISO 8601)')
    .option('--to <date>', 'last day, inclusive (YYYY-MM-DD or ISO 8601)')
    .option('--format <format>', 'pdf | html | md | json')
    .option('--out <file>', 'output file')
    .action(
      run(async (context, own: ReportOptions) => {
        // Commander hands --format/--out to `report` itself when they come before or beside `audit`.
        const options = { ...report.opts<ReportOptions>(), ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) };
        return generate(context, {
          kind: 'audit',
          from: options.from as string,
          to: options.to as string,
          format: format(options),
          out: out(options),
          ...actorOf(context),
        });
      }),
    );
  report
    .command('verify <file>')
    .description(
      'Verify a report against its signed manifest (FILE.manifest.json). Exit 0 valid, 1 not valid, 2 no such file or no manifest.',
    )
    .action(
      run(async (context, _options: unknown, file: string) => {
        const result = await context.call('reports.verify', { file });
        context.result(result, () => renderVerification(result));
        return result.valid ? EXIT.ok : EXIT.negative;
      }),
    );
  report
    .command('list')
    .description('Reports issued from this workspace, newest first, each verified again now.')
    .option('--limit <n>', 'how many', '50')
    .action(
      run(async (context, options: { limit: string }) => {
        const list = await context.call('reports.list', { limit: Number(options.limit) || 50 });
        context.result(list, () =>
          list.length === 0
            ? 'No reports issued yet.'
            : list
                .map((r) => `${r.verification.status.padEnd(7)} ${new Date(r.issuedAt).toISOString()}  ${r.title} (${r.format})  ${r.path}`)
                .join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
