import type { Command } from 'commander';
import type { AuthInput } from '@shared/contract/registry.contract';
import { DEFAULT_POLL_INTERVAL_MINUTES } from '@shared/domain/monitoring';
import type { ConnectionTest, RegistryConnection, RegistryFeatures } from '@shared/domain/registry';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';

interface ConnectOptions {
  name?: string;
  url?: string;
  tokenEnv?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  ca?: string;
  insecure?: boolean;
  writeBack?: boolean;
  syncInterval?: string;
  pollInterval?: string;
  test: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `quorum connect mlflow|prometheus`: adds a registry (MLflow) or monitoring (Prometheus)
 * connection, tests it, and stores it.
 *
 * The connection is stored even when the test fails (exit 3): the server may simply be
 * down right now, and `quorum sync` will say so until it is back. Input mistakes (a bad URL,
 * a name already taken, a credential variable that is not set) store nothing (exit 2).
 * Credentials are never passed on the command line, only the names of the environment
 * variables that hold them; the variable names (not values) are stored.
 */
export function registerConnect(program: Command, run: CommandRunner): void {
  program
    .command('connect')
    .argument('<kind>', 'mlflow (model registry) or prometheus (monitoring backend)')
    .description(
      'Add a connection to an MLflow server or a Prometheus server: test it and store it. Exit 3 when the server cannot be reached (it is stored anyway).',
    )
    .option('--name <name>', 'connection name (the catalog key; letters, digits, . _ -)')
    .option('--url <url>', 'server URL, e.g. https://mlflow.example.com')
    .option('--token-env <var>', 'environment variable holding a bearer token (like MLFLOW_TRACKING_TOKEN, or a Prometheus proxy token)')
    .option('--username-env <var>', 'environment variable holding the basic-auth user name (like MLFLOW_TRACKING_USERNAME)')
    .option('--password-env <var>', 'environment variable holding the basic-auth password (like MLFLOW_TRACKING_PASSWORD)')
    .option('--ca <file>', "PEM CA bundle to trust for this server (replaces the system's, like MLFLOW_TRACKING_SERVER_CERT_PATH)")
    .option('--insecure', 'do not verify the TLS certificate (explicit and shown; prefer --ca)')
    .option('--write-back', 'allow Quorum to set version tags and aliases on this server after a release gate passes')
    .option('--sync-interval <minutes>', 'sync every N minutes while the app or `quorum serve` runs (0: never)', '15')
    .option(
      '--poll-interval <minutes>',
      'Prometheus: poll drift scores every N minutes while the app or `quorum serve` runs (default 5; 0: never)',
    )
    .option('--no-test', 'store the connection without testing it')
    .addHelpText(
      'after',
      '\nExamples:\n  MLFLOW_TRACKING_TOKEN=… quorum connect mlflow --name prod --url https://mlflow.example.com --token-env MLFLOW_TRACKING_TOKEN\n  quorum connect mlflow --name local --url http://127.0.0.1:5000\n  PROM_TOKEN=… quorum connect prometheus --name metrics --url https://prometheus.example.com --token-env PROM_TOKEN\n\nA Prometheus connection is tested with /api/v1/status/buildinfo (the version is shown) and polled with\n`quorum monitoring poll` (and every --poll-interval minutes while the app or `quorum serve` runs); its PromQL\ntemplates are shown and edited with `quorum monitoring queries`.',
    )
    .action(
      run(async (context, options: ConnectOptions, kind?: string) => {
        if (kind !== 'mlflow' && kind !== 'prometheus') {
          throw new CliFailure(EXIT.usage, `Unknown connection kind "${kind ?? ''}"; use mlflow or prometheus.`);
        }
        if (kind === 'prometheus' && options.writeBack) {
          throw new CliFailure(EXIT.usage, '--write-back applies to registries; a Prometheus connection has nothing to write back to.');
        }
        if (kind === 'mlflow' && options.pollInterval !== undefined) {
          throw new CliFailure(EXIT.usage, '--poll-interval applies to Prometheus connections; an MLflow connection has --sync-interval.');
        }
        const pollInterval = options.pollInterval === undefined ? undefined : Number(options.pollInterval);
        if (pollInterval !== undefined && (!Number.isInteger(pollInterval) || pollInterval < 0)) {
          throw new CliFailure(
            EXIT.usage,
            `--poll-interval must be a whole number of minutes (0 turns scheduled polls off), not "${options.pollInterval}".`,
          );
        }
        if (!options.name) throw new CliFailure(EXIT.usage, '--name is required.');
        if (!options.url) throw new CliFailure(EXIT.usage, '--url is required.');
        const auth = authFrom(options, context.io.env);
        const interval = Number(options.syncInterval ?? '15');
        if (!Number.isInteger(interval) || interval < 0) {
          throw new CliFailure(
            EXIT.usage,
            `--sync-interval must be a whole number of minutes (0 turns it off), not "${options.syncInterval}".`,
          );
        }
        if (options.insecure) {
          context.message(
            `Warning: TLS verification is off for "${options.name}": anyone on the network path can read and change its traffic.`,
          );
        }
        const added = await context.call('connections.add', {
          name: options.name,
          kind,
          url: options.url,
          auth,
          ...(options.ca ? { caFile: options.ca } : {}),
          insecureSkipVerify: options.insecure === true,
          writeBack: options.writeBack === true,
          syncIntervalMinutes: interval,
          test: options.test,
        });
        // Monitoring keeps the poll interval with the connection's templates; the connection exists now, so it can be set.
        if (pollInterval !== undefined) {
          await context.call('monitoring.queries.set', { connection: added.connection.name, pollIntervalMinutes: pollInterval });
        }
        context.result(added, () => describeAdded(added.connection, added.test, pollInterval ?? DEFAULT_POLL_INTERVAL_MINUTES));
        if (added.test && !added.test.ok) {
          context.message(
            `quorum: connection "${added.connection.name}" was stored, but the test failed: ${added.test.problem?.message ?? 'unknown problem'}\n` +
              `Fix it, then run \`${nextCommand(added.connection)}\`.`,
          );
          return EXIT.backend;
        }
        return EXIT.ok;
      }),
    );
}

function authFrom(options: ConnectOptions, env: NodeJS.ProcessEnv): AuthInput {
  if (options.tokenEnv && (options.usernameEnv || options.passwordEnv)) {
    throw new CliFailure(EXIT.usage, 'Use either --token-env or --username-env with --password-env, not both.');
  }
  if (Boolean(options.usernameEnv) !== Boolean(options.passwordEnv)) {
    throw new CliFailure(EXIT.usage, 'Basic auth needs both --username-env and --password-env.');
  }
  const variables = [options.tokenEnv, options.usernameEnv, options.passwordEnv].filter((v): v is string => v !== undefined);
  for (const variable of variables) {
    if (!ENV_NAME.test(variable)) {
      throw new CliFailure(
        EXIT.usage,
        'Pass the name of the environment variable (e.g. --token-env MLFLOW_TRACKING_TOKEN), not its value.',
      );
    }
    // Testing needs the secret now; without a test, CI may set it only where `quorum sync` runs.
    if (options.test && !env[variable]) {
      throw new CliFailure(
        EXIT.usage,
        `The environment variable ${variable} is not set (or empty). Set it, or add --no-test to store the connection untested.`,
      );
    }
  }
  if (options.tokenEnv) return { kind: 'bearer', token: `env:${options.tokenEnv}` };
  if (options.usernameEnv && options.passwordEnv) {
    return { kind: 'basic', username: `env:${options.usernameEnv}`, password: `env:${options.passwordEnv}` };
  }
  return { kind: 'none' };
}

function describeAdded(connection: RegistryConnection, test: ConnectionTest | null, pollInterval: number): string {
  const lines = [`Connection "${connection.name}" → ${connection.url}`];
  const auth = connection.settings.auth;
  lines.push(
    `  auth: ${auth.kind === 'none' ? 'none' : auth.kind === 'bearer' ? `bearer token from ${refText(auth.token)}` : `basic, user from ${refText(auth.username)}, password from ${refText(auth.password)}`}`,
  );
  if (connection.settings.caFile) lines.push(`  CA bundle: ${connection.settings.caFile}`);
  if (connection.settings.insecureSkipVerify) lines.push('  TLS verification: OFF');
  if (connection.kind !== 'prometheus') lines.push(`  write-back: ${connection.settings.writeBack ? 'on' : 'off'}`);
  if (connection.kind === 'prometheus') {
    lines.push(
      pollInterval > 0
        ? `  polled every ${pollInterval} min while the app or \`quorum serve\` runs`
        : '  polled only when asked (poll interval 0)',
    );
  }
  if (test === null) {
    lines.push('  not tested (--no-test)');
  } else if (test.ok && connection.kind === 'prometheus') {
    lines.push(`  server: Prometheus ${test.serverVersion ?? '(version unknown)'}, credentials accepted (${test.latencyMs} ms)`);
    lines.push(`Run \`${nextCommand(connection)}\` to read drift scores of the deployed models.`);
  } else if (test.ok) {
    lines.push(`  server: MLflow ${test.serverVersion ?? '(version unknown)'}, credentials accepted (${test.latencyMs} ms)`);
    lines.push(`  features: ${describeFeatures(test.features)}`);
    lines.push(`Run \`quorum sync --connection ${connection.name}\` to fetch its models.`);
  } else {
    lines.push(`  test failed: ${test.problem?.message ?? 'unknown problem'}`);
  }
  return lines.join('\n');
}

function nextCommand(connection: RegistryConnection): string {
  return connection.kind === 'prometheus'
    ? `quorum monitoring poll --connection ${connection.name}`
    : `quorum sync --connection ${connection.name}`;
}

function refText(ref: string): string {
  return ref.startsWith('env:') ? `$${ref.slice(4)}` : `the secret store (${ref.slice(7)})`;
}

export function describeFeatures(features: RegistryFeatures): string {
  const mark = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');
  return `aliases ${mark(features.aliases)}, dataset inputs ${mark(features.datasetInputs)}, logged models ${mark(features.loggedModels)}, webhooks ${mark(features.webhooks)}`;
}
