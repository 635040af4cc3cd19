import type { Command } from 'commander';
import type { PollResult } from '@shared/domain/monitoring';
import type { CommandContext } from '../context';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';

interface PollOptions {
  connection?: string;
  model?: string;
}

interface AlertsOptions {
  connection?: string;
  version?: string;
  pending?: boolean;
}

const MARK = { stored: '✓', 'no-data': '–', error: '✗' } as const;

/**
 * `quorum monitoring poll`: reads the drift scores of every deployed model (a model holding
 * a deployed alias, `champion` by default) from Prometheus and stores them in the drift
 * history, beside the engine's results. Exit 0 when every connection answered and no
 * deployed model drifts; 1 when one drifts (a negative answer, like `quorum drift`); 3 when
 * a backend failed — what earlier polls stored is kept.
 *
 * `quorum monitoring alerts MODEL`: the Prometheus alerts firing for one model.
 */
export function registerMonitoring(program: Command, run: CommandRunner): void {
  const group = program.command('monitoring').description('Monitoring backends (Prometheus): poll drift scores, show alerts.');

  group
    .command('poll')
    .description(
      'Read drift scores of deployed models from Prometheus into the drift history. Exit 1 when a deployed model drifts, 3 when a backend fails.',
    )
    .option('--connection <name>', 'only this Prometheus connection (default: all)')
    .option('--model <name>', 'only this model')
    .addHelpText(
      'after',
      '\nA model is deployed when it holds a deployed alias (default: champion) in the catalog; run `quorum sync` first.\n' +
        'The drift template (default model_feature_drift_score{model="{{model}}", version="{{version}}"}) is run as an\n' +
        'instant query; a feature drifts when its score is ≥ the threshold (default 0.1), the model when half its features do.\n' +
        'Each stored result keeps the exact PromQL and evaluation time. Results show in `drift.results` with source "prometheus".',
    )
    .action(
      run(async (context, options: PollOptions) => {
        const results = await context.call('monitoring.poll', {
          ...(options.connection ? { connection: options.connection } : {}),
          ...(options.model ? { model: options.model } : {}),
        });
        context.result(results, () => describe(results));
        if (results.length === 0) {
          context.message('No Prometheus connections. Add one with `quorum connect prometheus --name NAME --url URL`.');
          return EXIT.ok;
        }
        for (const r of results.filter((r) => r.outcome !== 'ok')) {
          context.message(`quorum: poll of "${r.connection}" ${r.outcome === 'partial' ? 'was partial' : 'failed'}: ${r.message}`);
        }
        if (results.some((r) => r.outcome !== 'ok')) return EXIT.backend;
        return results.some((r) => r.entries.some((e) => e.datasetDrift === true)) ? EXIT.negative : EXIT.ok;
      }),
    );

  group
    .command('alerts')
    .argument('<model>', "registered model name (matched against the alerts' model label)")
    .description('Show the Prometheus alerts firing for one model. Exit 1 when any fires.')
    .option('--connection <name>', 'the Prometheus connection (required when there are several)')
    .option('--version <n>', 'only alerts of this model version (label version="N" or "vN")')
    .option('--pending', 'include pending alerts')
    .action(
      run(async (context, options: AlertsOptions, model?: string) => {
        if (!model) throw new CliFailure(EXIT.usage, 'Give the model name.');
        const version = options.version === undefined ? undefined : Number(options.version);
        if (version !== undefined && (!Number.isInteger(version) || version <= 0)) {
          throw new CliFailure(EXIT.usage, `--version must be a positive whole number, not "${options.version}".`);
        }
        const connection = options.connection ?? (await onlyPrometheus(context));
        const answer = await context.call('monitoring.alerts', {
          connection,
          model,
          ...(version !== undefined ? { version } : {}),
          includePending: options.pending === true,
        });
        context.result(answer, () =>
          answer.alerts.length === 0
            ? `No alerts firing for ${model} on ${connection}.`
            : answer.alerts
                .map((a) => `${a.state === 'firing' ? '!' : '?'} ${a.name} (${a.state}) ${a.annotations.summary ?? ''}`.trimEnd())
                .join('\n'),
        );
        return answer.alerts.some((a) => a.state === 'firing') ? EXIT.negative : EXIT.ok;
      }),
    );
}

/** The one Prometheus connection, when there is exactly one. */
async function onlyPrometheus(context: CommandContext): Promise<string> {
  const prometheus = (await context.call('connections.list', {})).filter((c) => c.kind === 'prometheus');
  if (prometheus.length === 1 && prometheus[0]) return prometheus[0].name;
  throw new CliFailure(
    EXIT.usage,
    prometheus.length === 0
      ? 'No Prometheus connection. Add one with `quorum connect prometheus --name NAME --url URL`.'
      : `Several Prometheus connections (${prometheus.map((c) => c.name).join(', ')}); choose one with --connection.`,
  );
}

function describe(results: PollResult[]): string {
  return results
    .map((r) => {
      const lines = [`${r.outcome === 'ok' ? '✓' : '✗'} ${r.connection}: ${r.message}`];
      for (const e of r.entries) {
        const verdict = e.datasetDrift === null ? '' : e.datasetDrift ? ' DRIFT' : ' ok';
        const worst = e.worstFeature ? ` (worst ${e.worstFeature.name} ${e.worstFeature.score})` : '';
        lines.push(`  ${MARK[e.outcome]} ${e.model} v${e.version} [${e.alias}]${verdict}${worst}: ${e.message}`);
        for (const w of e.warnings.slice(0, 5)) lines.push(`      ! ${w}`);
      }
      return lines.join('\n');
    })
    .join('\n');
}
