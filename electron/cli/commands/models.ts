import { Option, type Command } from 'commander';
import { MODEL_SORT_FIELDS } from '@shared/contract/catalog.contract';
import { RISK_TIERS } from '@shared/domain/catalog';
import type { CommandRunner } from '../program';
import { table } from '../table';

interface ModelsOptions {
  query?: string;
  connection?: string;
  team?: string;
  tier?: (typeof RISK_TIERS)[number];
  alias?: string;
  sort?: (typeof MODEL_SORT_FIELDS)[number];
  desc?: boolean;
}

export function registerModels(program: Command, run: CommandRunner): void {
  program
    .command('models')
    .description('List registered models across every connection.')
    .option('--query <text>', 'match name, description, team or tag values')
    .option('--connection <name>', 'only this connection')
    .option('--team <team>', 'only this owner team')
    .addOption(new Option('--tier <tier>', 'only this risk tier').choices(RISK_TIERS))
    .option('--alias <alias>', 'only models that have this alias')
    .addOption(new Option('--sort <field>', 'sort by').choices(MODEL_SORT_FIELDS).default('name'))
    .option('--desc', 'sort descending')
    .action(
      run(async (context, options: ModelsOptions) => {
        const { total, items } = await context.call('models.list', {
          ...(options.query ? { query: options.query } : {}),
          ...(options.connection ? { connection: options.connection } : {}),
          ...(options.team ? { team: options.team } : {}),
          ...(options.tier ? { riskTier: options.tier } : {}),
          ...(options.alias ? { alias: options.alias } : {}),
          sortBy: options.sort ?? 'name',
          sortDirection: options.desc ? 'desc' : 'asc',
        });
        context.result({ total, models: items }, () =>
          items.length === 0
            ? 'No models. Add a connection with `quorum connect mlflow`, or try `quorum serve --demo`.'
            : table(
                ['MODEL', 'CONNECTION', 'TEAM', 'TIER', 'LATEST', 'ALIASES'],
                items.map((m) => [
                  m.name,
                  m.connection,
                  m.team ?? '—',
                  m.riskTier ?? '—',
                  m.latestVersion === null ? '—' : `v${m.latestVersion}`,
                  m.aliases.map((a) => `@${a.alias}→v${a.version}`).join(' '),
                ]),
              ) + `\n${total} model${total === 1 ? '' : 's'}`,
        );
        return 0;
      }),
    );
}
