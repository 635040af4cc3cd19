import type { ModelSummary } from '../../platform/catalog-types';

export interface ModelFacets {
  connections: string[];
  teams: string[];
  aliases: string[];
}

const byText = (a: string, b: string) => a.localeCompare(b);

/** The values the filters offer, taken from the models themselves so no choice leads to nothing. */
export function modelFacets(models: readonly ModelSummary[]): ModelFacets {
  const connections = new Set<string>();
  const teams = new Set<string>();
  const aliases = new Set<string>();
  for (const model of models) {
    connections.add(model.connection);
    if (model.team) teams.add(model.team);
    for (const alias of model.aliases) aliases.add(alias.alias);
  }
  return { connections: [...connections].sort(byText), teams: [...teams].sort(byText), aliases: [...aliases].sort(byText) };
}
