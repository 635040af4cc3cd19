import type { Command } from 'commander';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';

/**
 * Commands of the CLI contract whose features land in later issues. They are listed in
 * --help with their real arguments, so scripts can be written against them now, and
 * refuse to run with a plain statement rather than pretending.
 */
interface Planned {
  path: string[];
  args?: string;
  description: string;
  options?: [string, string][];
  arrives: string;
}

const PLANNED: Planned[] = [
  {
    path: ['connect'],
    args: '<kind>',
    description: 'Add a connection to an MLflow or Prometheus server (kind: mlflow | prometheus).',
    options: [
      ['--name <name>', 'connection name'],
      ['--url <url>', 'server URL'],
      ['--token-env <var>', 'environment variable that holds the token'],
    ],
    arrives: 'the model registry connector',
  },
  {
    path: ['sync'],
    description: 'Sync connections from their backends.',
    options: [['--connection <name>', 'only this connection']],
    arrives: 'the model registry connector',
  },
  {
    path: ['lineage', 'ingest'],
    args: '<paths...>',
    description: 'Ingest OpenLineage JSON / JSON array / JSON Lines files and dvc.lock files.',
    arrives: 'lineage',
  },
  {
    path: ['lineage', 'show'],
    args: '<node>',
    description: 'Show lineage of MODEL@VERSION, dataset:NS:NAME or job:NS:NAME.',
    options: [
      ['--upstream', 'walk upstream'],
      ['--downstream', 'walk downstream'],
      ['--depth <n>', 'how many hops'],
    ],
    arrives: 'lineage',
  },
  {
    path: ['drift'],
    description: 'Compute drift between a reference and a current sample (CSV or Parquet).',
    options: [
      ['--reference <file>', 'reference sample'],
      ['--current <file>', 'current sample'],
      ['--model <model@version>', 'attach the result to a model version'],
    ],
    arrives: 'drift and monitoring',
  },
  {
    path: ['identity', 'create'],
    description: 'Create your signing identity (ed25519).',
    options: [
      ['--name <name>', 'your name'],
      ['--email <email>', 'your e-mail'],
    ],
    arrives: 'governance',
  },
  { path: ['identity', 'list'], description: 'List identities known to this workspace.', arrives: 'governance' },
  { path: ['identity', 'show'], description: 'Show the identity in use.', arrives: 'governance' },
  { path: ['role', 'grant'], args: '<person> <role>', description: 'Grant a role (admin only, signed).', arrives: 'governance' },
  { path: ['role', 'revoke'], args: '<person> <role>', description: 'Revoke a role (admin only, signed).', arrives: 'governance' },
  {
    path: ['request'],
    args: '<model@version>',
    description: 'Request a release of a model version to a stage.',
    options: [
      ['--stage <stage>', 'target stage'],
      ['--note <text>', 'note for reviewers'],
    ],
    arrives: 'governance',
  },
  {
    path: ['approve'],
    args: '<model@version>',
    description: 'Sign off a release in a role.',
    options: [
      ['--role <role>', 'role you sign in'],
      ['--comment <text>', 'comment'],
    ],
    arrives: 'governance',
  },
  {
    path: ['reject'],
    args: '<model@version>',
    description: 'Reject a release in a role.',
    options: [
      ['--role <role>', 'role you sign in'],
      ['--comment <text>', 'comment (required)'],
    ],
    arrives: 'governance',
  },
  {
    path: ['gate'],
    args: '<model@version>',
    description: 'Evaluate the release gate. Exit 0 pass, 1 blocked.',
    options: [['--stage <stage>', 'target stage']],
    arrives: 'governance',
  },
  { path: ['ledger', 'verify'], description: 'Verify the signed ledger. Exit 0 intact, 1 tampered.', arrives: 'governance' },
  {
    path: ['report'],
    args: '<subject> [file]',
    description:
      'Generate a release dossier (subject MODEL@VERSION), a period audit report (subject audit), or verify a report (subject verify FILE).',
    options: [
      ['--format <format>', 'pdf | html | md | json'],
      ['--out <file>', 'output file'],
      ['--from <date>', 'audit period start'],
      ['--to <date>', 'audit period end'],
    ],
    arrives: 'compliance reports',
  },
  {
    path: ['team', 'connect'],
    description: 'Connect this workspace to a team PostgreSQL database.',
    options: [
      ['--url <url>', 'postgres:// URL'],
      ['--ca <file>', 'CA bundle'],
    ],
    arrives: 'team sync',
  },
  { path: ['team', 'sync'], description: 'Push and pull governance events now.', arrives: 'team sync' },
  { path: ['team', 'status'], description: 'Show team database status.', arrives: 'team sync' },
];

export function registerPlanned(program: Command, run: CommandRunner): void {
  const groups = new Map<string, Command>();
  for (const planned of PLANNED) {
    let parent = program;
    const [first, second] = planned.path;
    if (second !== undefined && first !== undefined) {
      let group = groups.get(first);
      if (!group) {
        group = program.command(first).description(`${first} commands`);
        groups.set(first, group);
      }
      parent = group;
    }
    const name = planned.path.at(-1) ?? '';
    const command = parent
      .command(planned.args ? `${name} ${planned.args}` : name)
      .description(`${planned.description} (not yet available)`);
    for (const [flags, description] of planned.options ?? []) command.option(flags, description);
    command.action(
      run(async () => {
        throw new CliFailure(
          EXIT.usage,
          `\`quorum ${planned.path.join(' ')}\` is not available in this build yet; it arrives with ${planned.arrives}.`,
        );
      }),
    );
  }
}
