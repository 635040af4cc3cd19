import type { Command } from 'commander';
import type { OperationInput, OperationOutput } from '@shared/contract';
import type { TeamStatus, TeamSyncResult } from '@shared/domain/teamsync';
import type { CommandContext } from '../context';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';
import { table } from '../table';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `quorum team connect|sync|status`: replicate the governance ledger through the team's
 * PostgreSQL database. The password is never a command-line value: it comes from an
 * environment variable named by --password-env (its name is stored, not its value), or from
 * the URL, in which case it is moved to the workspace's secret store and the stored URL has none.
 * Exit 3 when the database cannot be reached or refuses this user (local work continues offline),
 * 2 for bad input.
 */
export function registerTeam(program: Command, run: CommandRunner): void {
  const team = program.command('team').description('Team sync: sign-offs made on different machines converge through a shared PostgreSQL.');

  team
    .command('connect')
    .description('Connect this workspace to a team PostgreSQL database: migrate its schema, store the settings, sync once.')
    .requiredOption('--url <url>', 'postgres://user@host:5432/db (add ?sslmode=require for TLS)')
    .option('--ca <file>', 'PEM CA bundle to trust for the server (enables verified TLS)')
    .option('--password-env <var>', 'environment variable holding the password (e.g. PGPASSWORD)')
    .option('--workspace <id>', 'the team ledger to join when the database holds several')
    .addHelpText(
      'after',
      '\nExamples:\n  TEAM_DB_PASSWORD=… quorum team connect --url postgres://ada@db.example:5432/quorum?sslmode=require --password-env TEAM_DB_PASSWORD\n  quorum team connect --url postgres://ada@db.example/quorum --ca ./team-ca.pem',
    )
    .action(
      run(async (context, options: { url: string; ca?: string; passwordEnv?: string; workspace?: string }) => {
        if (options.passwordEnv !== undefined && !ENV_NAME.test(options.passwordEnv))
          throw new CliFailure(EXIT.usage, '--password-env takes the name of a variable (e.g. PGPASSWORD), not its value.');
        const result = await callTeam(context, 'team.connect', {
          url: options.url,
          ...(options.ca ? { caFile: options.ca } : {}),
          ...(options.passwordEnv ? { password: `env:${options.passwordEnv}` } : {}),
          ...(options.workspace ? { workspace: options.workspace } : {}),
        });
        context.result(result, () =>
          [
            `Connected to ${result.status.url ?? ''} (schema v${result.schemaVersion}${result.migrated.length > 0 ? `, migrated ${result.migrated.join(', ')}` : ''}).`,
            result.memberRole === 'not-allowed'
              ? 'The least-privilege role quorum_member was not created (this user may not create roles); see `quorum team --help`.'
              : `Least-privilege role quorum_member: ${result.memberRole}.`,
            result.sync ? describeSync(result.sync) : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
        return EXIT.ok;
      }),
    );

  team
    .command('sync')
    .description('Push local ledger events and pull, verify and apply the others now. Exit 3 when offline.')
    .option('--audit', 're-read the whole team table: detect rows edited on the server and re-send events it lost')
    .action(
      run(async (context, options: { audit?: boolean }) => {
        const result = await callTeam(context, 'team.sync', { audit: options.audit === true });
        context.result(result, () => describeSync(result));
        return result.tampered > 0 ? EXIT.negative : EXIT.ok;
      }),
    );

  team
    .command('status')
    .description('Connected / offline / syncing, queue and replica counts, last sync, quarantined events.')
    .action(
      run(async (context) => {
        const status = await context.call('team.status', { limit: 50 });
        context.result(status, () => describeStatus(status));
        return EXIT.ok;
      }),
    );
  team.addHelpText(
    'after',
    '\nLeast privilege: Quorum creates the NOLOGIN role quorum_member (SELECT + INSERT on quorum_events only) when the\nconnecting user may create roles; give each person a login role and `GRANT quorum_member TO alice`.\nThe events table refuses UPDATE, DELETE and TRUNCATE; every pulled event is verified, and invalid ones are quarantined.',
  );
}

/**
 * What the team database itself answered — it refused the password or the user, has no such
 * database, cannot be reached or failed — is a backend error, exit 3, as when a registry
 * rejects a token. Problems found before reaching it (a malformed URL, an unreadable CA file,
 * not connected, an unset variable) stay input errors, exit 2. explainPgError marks the
 * server's answers with the `target` they name.
 */
async function callTeam<K extends 'team.connect' | 'team.sync'>(
  context: CommandContext,
  operation: K,
  input: OperationInput<K>,
): Promise<OperationOutput<K>> {
  try {
    return await context.call(operation, input);
  } catch (error) {
    if (error instanceof CliFailure && error.exitCode !== EXIT.backend && typeof error.info?.details?.target === 'string')
      throw new CliFailure(EXIT.backend, error.message, error.info);
    throw error;
  }
}

function describeSync(r: TeamSyncResult): string {
  const parts = [`pushed ${r.pushed}`, `pulled ${r.pulled}`, `applied ${r.applied}`];
  if (r.quarantined > 0) parts.push(`QUARANTINED ${r.quarantined}`);
  if (r.tampered > 0) parts.push(`TAMPERED ON SERVER ${r.tampered}`);
  if (r.restored > 0) parts.push(`re-sent ${r.restored} the server had lost`);
  return `Team sync: ${parts.join(', ')} in ${r.elapsedMs} ms.`;
}

function describeStatus(s: TeamStatus): string {
  if (s.state === 'not-configured') return 'Not connected to a team database. Run `quorum team connect --url postgres://…`.';
  const lines = [
    `${s.state.toUpperCase()}  ${s.url ?? ''}${s.caFile ? ` (CA ${s.caFile})` : ''}`,
    `workspace ${s.workspace ?? '(none yet)'}`,
    `local events ${s.localEvents}, on the team database ${s.replicated}, waiting to push ${s.pending}`,
    `last sync ${s.lastSyncAt === null ? 'never' : new Date(s.lastSyncAt).toISOString()}${s.lastError ? `; last error: ${s.lastError}` : ''}`,
  ];
  if (s.quarantinedCount > 0) {
    lines.push(`QUARANTINED ${s.quarantinedCount} event(s), never applied:`);
    lines.push(
      table(
        ['EVENT', 'PROBLEM', 'KIND', 'WHY'],
        s.quarantined.map((q) => [q.id.slice(0, 12), q.problem, q.kind ?? '?', q.reason]),
      ),
    );
  }
  return lines.join('\n');
}
