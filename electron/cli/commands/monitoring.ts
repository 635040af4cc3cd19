import type { Command } from 'commander';
import {
  MONITORING_QUERY_INFO,
  MONITORING_QUERY_NAMES,
  TEMPLATE_PLACEHOLDER_INFO,
  type MonitoringQueryName,
  type MonitoringStatus,
  type PollResult,
} from '@shared/domain/monitoring';
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

interface StatusOptions {
  connection?: string;
}

interface QueriesOptions {
  connection?: string;
  model?: string;
  set: string[];
  default: string[];
  pollInterval?: string;
}

const MARK = { stored: '✓', 'no-data': '–', error: '✗' } as const;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `quorum monitoring poll`: reads the drift scores of every deployed model (a model holding
 * a deployed alias, `champion` by default) from Prometheus and stores them in the drift
 * history, beside the engine's results. Exit 0 when every connection answered and no
 * deployed model drifts; 1 when one drifts (a negative answer, like `quorum drift`); 3 when
 * a backend failed — what earlier polls stored is kept.
 *
 * `quorum monitoring alerts MODEL`: the Prometheus alerts firing for one model.
 *
 * `quorum monitoring status`: scheduled polling per connection. `quorum monitoring queries`:
 * the PromQL templates and poll interval, shown or changed (checked by the core first).
 */
export function registerMonitoring(program: Command, run: CommandRunner): void {
  const group = program
    .command('monitoring')
    .description('Monitoring backends (Prometheus): poll drift scores, show alerts, polling status and PromQL templates.');

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

  group
    .command('status')
    .description(
      'Show scheduled polling per Prometheus connection: last poll, next poll, and what failed. Exit 3 when the latest poll failed.',
    )
    .option('--connection <name>', 'only this Prometheus connection (default: all)')
    .addHelpText(
      'after',
      '\nThe desktop app and `quorum serve` poll each connection every N minutes (see `quorum monitoring queries --poll-interval`);\n' +
        'a one-shot command such as this one does not, so it shows no next poll.',
    )
    .action(
      run(async (context, options: StatusOptions) => {
        const statuses = await context.call('monitoring.status', options.connection ? { connection: options.connection } : {});
        context.result(statuses, () =>
          statuses.length === 0
            ? 'No Prometheus connections. Add one with `quorum connect prometheus --name NAME --url URL`.'
            : statuses.map(describeStatus).join('\n'),
        );
        return statuses.some((s) => s.status === 'error') ? EXIT.backend : EXIT.ok;
      }),
    );

  group
    .command('queries')
    .description("Show or change a Prometheus connection's PromQL templates (or one model's overrides) and its poll interval.")
    .option('--connection <name>', 'the Prometheus connection (required when there are several)')
    .option('--model <name>', "one model's overrides instead of the connection's templates")
    .option('--set <name=promql>', `set a template, repeatable (${MONITORING_QUERY_NAMES.join(' | ')})`, collect, [])
    .option('--default <name>', "put a template back (a model: the connection's; the connection: Quorum's), repeatable", collect, [])
    .option('--poll-interval <minutes>', 'minutes between scheduled polls while the app or `quorum serve` runs (0: only when asked)')
    .addHelpText(
      'after',
      `\nPlaceholders, only inside double-quoted label values (their values are escaped):\n${Object.entries(TEMPLATE_PLACEHOLDER_INFO)
        .map(([name, text]) => `  {{${name}}}  ${text}`)
        .join(
          '\n',
        )}\n\nExample:\n  quorum monitoring queries --set 'drift=model_feature_drift_score{model="{{model}}", version="v{{version}}"}'`,
    )
    .action(
      run(async (context, options: QueriesOptions) => {
        const connection = options.connection ?? (await onlyPrometheus(context));
        const queries: Partial<Record<MonitoringQueryName, string | null>> = {};
        for (const pair of options.set) {
          const at = pair.indexOf('=');
          const name = at > 0 ? pair.slice(0, at) : pair;
          if (at <= 0)
            throw new CliFailure(EXIT.usage, `--set takes NAME=PROMQL, e.g. --set 'accuracy=model_accuracy{model="{{model}}"}'.`);
          queries[queryName(name)] = pair.slice(at + 1);
        }
        for (const name of options.default) queries[queryName(name)] = null;
        let pollIntervalMinutes: number | undefined;
        if (options.pollInterval !== undefined) {
          pollIntervalMinutes = Number(options.pollInterval);
          if (!Number.isInteger(pollIntervalMinutes) || pollIntervalMinutes < 0) {
            throw new CliFailure(
              EXIT.usage,
              `--poll-interval must be a whole number of minutes (0: only when asked), not "${options.pollInterval}".`,
            );
          }
        }
        const changing = Object.keys(queries).length > 0 || pollIntervalMinutes !== undefined;
        const view = changing
          ? await context.call('monitoring.queries.set', {
              connection,
              ...(options.model ? { model: options.model } : {}),
              ...(Object.keys(queries).length > 0 ? { queries } : {}),
              ...(pollIntervalMinutes !== undefined ? { pollIntervalMinutes } : {}),
            })
          : await context.call('monitoring.queries.get', { connection, ...(options.model ? { model: options.model } : {}) });
        context.result(view, () => {
          const lines = [
            `${view.connection}${view.model ? ` › ${view.model}` : ''}: poll every ${view.connectionSettings.pollIntervalMinutes} min` +
              `, drift threshold ${view.effective.driftThreshold}, dataset drift at ${view.effective.driftShare} of features`,
          ];
          for (const name of MONITORING_QUERY_NAMES) {
            const own = view.model
              ? view.overrides?.queries?.[name] !== undefined
              : view.connectionSettings.queries[name] !== view.defaults[name];
            const origin = view.model ? (own ? 'model override' : 'from the connection') : own ? 'edited' : 'default';
            lines.push(`  ${name} (${MONITORING_QUERY_INFO[name].label}, ${origin}):`, `    ${view.effective.queries[name]}`);
          }
          return lines.join('\n');
        });
        return EXIT.ok;
      }),
    );
}

function queryName(name: string): MonitoringQueryName {
  if ((MONITORING_QUERY_NAMES as readonly string[]).includes(name)) return name as MonitoringQueryName;
  throw new CliFailure(EXIT.usage, `Unknown query "${name}"; the queries are ${MONITORING_QUERY_NAMES.join(', ')}.`);
}

function describeStatus(status: MonitoringStatus): string {
  const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());
  const mark = status.status === 'error' ? '✗' : status.problems.length > 0 ? '!' : status.status === 'ok' ? '✓' : '–';
  const next =
    status.pollIntervalMinutes === 0
      ? 'only when asked (interval 0)'
      : status.polling
        ? 'polling now'
        : status.scheduled && status.nextPollAt !== null
          ? when(status.nextPollAt)
          : `every ${status.pollIntervalMinutes} min while the app or \`quorum serve\` runs`;
  const lines = [
    `${mark} ${status.connection}: last poll ${when(status.lastPollAt)}, next ${next}`,
    ...(status.message ? [`  ${status.message}`] : []),
  ];
  for (const p of status.problems) lines.push(`  ✗ ${p.model} v${p.version} (${when(p.at)}): ${p.message}`);
  return lines.join('\n');
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
