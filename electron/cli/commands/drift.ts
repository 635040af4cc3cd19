import { Option, type Command } from 'commander';
import { DRIFT_COLUMN_TYPES, DRIFT_CORRECTIONS, DRIFT_METHODS } from '@shared/domain/drift';
import { DriftInputError } from '../../core/drift/errors';
import { DriftCancelledError, driftFromFiles } from '../../core/drift/service';
import type { ColumnType, DatasetDriftResult, DriftMethod, FeatureDrift } from '../../core/drift/types';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';
import { table } from '../table';

interface DriftCliOptions {
  reference: string;
  current: string;
  model?: string;
  connection?: string;
  columnType: string[];
  method?: DriftMethod;
  featureMethod: string[];
  threshold?: string;
  featureThreshold: string[];
  correction?: (typeof DRIFT_CORRECTIONS)[number];
  driftShare?: string;
  windowStart?: string;
  windowEnd?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerDrift(program: Command, run: CommandRunner): void {
  program
    .command('drift')
    .description(
      'Compute drift between a reference and a current sample (CSV or Parquet) with Evidently-compatible tests. ' +
        'Exit 0 no dataset drift, 1 dataset drift, 2 bad input.',
    )
    .requiredOption('--reference <file>', 'reference sample (.csv or .parquet)')
    .requiredOption('--current <file>', 'current sample (.csv or .parquet)')
    .option('--model <model@version>', 'attach and store the result for this model version (needs the workspace)')
    .option('--connection <name>', 'the connection of --model, when several registries have it')
    .option('--column-type <name=type>', `column type override, repeatable (${DRIFT_COLUMN_TYPES.join(' | ')})`, collect, [])
    .addOption(new Option('--method <method>', 'one test for every feature it applies to').choices(DRIFT_METHODS))
    .option('--feature-method <name=method>', 'test for one feature, repeatable', collect, [])
    .option('--threshold <value>', 'one threshold for every feature')
    .option('--feature-threshold <name=value>', 'threshold for one feature, repeatable', collect, [])
    .addOption(new Option('--correction <kind>', 'multiple-testing correction of p-values (default none)').choices(DRIFT_CORRECTIONS))
    .option('--drift-share <share>', 'dataset drift when drifted/tested features reach this share (default 0.5)')
    .option('--window-start <date>', 'start of the time window the current sample covers (ISO date or ms)')
    .option('--window-end <date>', 'end of that window (default: now)')
    .action(
      run(async (context, options: DriftCliOptions) => {
        const columnTypes = pairs(options.columnType, '--column-type', (v) => oneOf(v, DRIFT_COLUMN_TYPES, '--column-type') as ColumnType);
        const methods = pairs(options.featureMethod, '--feature-method', (v) => oneOf(v, DRIFT_METHODS, '--feature-method') as DriftMethod);
        const thresholds = pairs(options.featureThreshold, '--feature-threshold', (v) => number(v, '--feature-threshold'));
        const engineOptions = {
          ...(options.method ? { method: options.method } : {}),
          ...(Object.keys(methods).length ? { methods } : {}),
          ...(options.threshold !== undefined ? { threshold: number(options.threshold, '--threshold') } : {}),
          ...(Object.keys(thresholds).length ? { thresholds } : {}),
          ...(options.correction ? { correction: options.correction } : {}),
          ...(options.driftShare !== undefined ? { driftShare: number(options.driftShare, '--drift-share') } : {}),
        };

        let result: DatasetDriftResult;
        let runId: number | null = null;
        let model: { name: string; version: number } | null = null;
        if (options.model) {
          model = parseModel(options.model);
          const out = await context.call('drift.compute', {
            reference: options.reference,
            current: options.current,
            model: { ...model, ...(options.connection ? { connection: options.connection } : {}) },
            ...(options.windowStart ? { windowStart: time(options.windowStart, '--window-start') } : {}),
            ...(options.windowEnd ? { windowEnd: time(options.windowEnd, '--window-end') } : {}),
            ...(Object.keys(columnTypes).length ? { columnTypes } : {}),
            ...engineOptions,
          });
          result = out.result as DatasetDriftResult;
          runId = out.runId;
        } else {
          // Nothing to store: compute without opening a workspace.
          const abort = new AbortController();
          const onSigint = (): void => abort.abort();
          process.once('SIGINT', onSigint);
          try {
            result = await driftFromFiles({
              reference: options.reference,
              current: options.current,
              ...(Object.keys(columnTypes).length ? { columnTypes } : {}),
              options: engineOptions,
              signal: abort.signal,
              // The CLI's thread has nothing else to do: it analyzes features alongside the workers.
              useCallingThread: true,
            });
          } catch (error) {
            if (error instanceof DriftInputError)
              throw new CliFailure(EXIT.usage, error.message, { code: 'invalid_input', message: error.message, details: error.details });
            if (error instanceof DriftCancelledError)
              throw new CliFailure(EXIT.backend, error.message, { code: 'cancelled', message: error.message });
            throw error;
          } finally {
            process.off('SIGINT', onSigint);
          }
        }

        for (const warning of result.warnings) context.message(`warning: ${warning}`);
        for (const f of result.features) for (const warning of f.warnings) context.message(`warning: ${f.name}: ${warning}`);
        context.result({ ...result, runId, model }, () => human(result, runId, model));
        return result.datasetDrift ? EXIT.negative : EXIT.ok;
      }),
    );
}

function human(result: DatasetDriftResult, runId: number | null, model: { name: string; version: number } | null): string {
  const rows = result.features.map((f) => [
    f.name,
    f.type,
    f.method,
    fmt(f.statistic),
    f.pValue === null ? '—' : fmt(f.pValueAdjusted ?? f.pValue),
    `${rule(f)}${fmt(f.threshold)}`,
    !f.tested ? 'not tested' : f.drifted ? 'DRIFT' : 'ok',
    fmt(f.psi),
    `${f.referenceRows}/${f.currentRows}`,
  ]);
  const verdict = result.datasetDrift ? 'Dataset drift' : 'No dataset drift';
  const share = `${result.driftedFeatures} of ${result.testedFeatures} features drifted (${(result.driftShare * 100).toFixed(1)}%, threshold ${(result.driftShareThreshold * 100).toFixed(0)}%)`;
  const stored = runId !== null && model ? `\nStored as result ${runId} for ${model.name}@${model.version}.` : '';
  return `${table(['FEATURE', 'TYPE', 'METHOD', 'STATISTIC', 'P-VALUE', 'THRESHOLD', 'VERDICT', 'PSI', 'ROWS REF/CUR'], rows)}\n${verdict}: ${share}.${stored}`;
}

function rule(f: FeatureDrift): string {
  return f.verdictRule === 'p<=threshold' ? 'p≤' : f.verdictRule === 'p<threshold' ? 'p<' : '≥';
}

function fmt(x: number | null): string {
  if (x === null) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

function parseModel(text: string): { name: string; version: number } {
  const at = text.lastIndexOf('@');
  const version = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(version) || version <= 0) {
    throw new CliFailure(EXIT.usage, `--model must be MODEL@VERSION with a positive version number, not "${text}".`);
  }
  return { name: text.slice(0, at), version };
}

function pairs<T>(items: string[], flag: string, convert: (value: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const item of items) {
    const eq = item.lastIndexOf('=');
    if (eq <= 0) throw new CliFailure(EXIT.usage, `${flag} takes NAME=VALUE, not "${item}".`);
    out[item.slice(0, eq)] = convert(item.slice(eq + 1));
  }
  return out;
}

function oneOf(value: string, allowed: readonly string[], flag: string): string {
  if (!allowed.includes(value)) throw new CliFailure(EXIT.usage, `${flag}: "${value}" is not one of ${allowed.join(', ')}.`);
  return value;
}

function number(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliFailure(EXIT.usage, `${flag} needs a number, not "${value}".`);
  return n;
}

function time(value: string, flag: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw new CliFailure(EXIT.usage, `${flag} needs an ISO date or milliseconds since the epoch, not "${value}".`);
  return n;
}
