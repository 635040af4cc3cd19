import type { Policy } from '@shared/domain/governance';
import { operationQuery } from '../../platform/operation-query';

/** Enough daily windows for a month's trend without shipping a model's whole history. */
export const TREND_WINDOWS = 30;
/** The version page charts up to this many windows (a season of daily results). */
export const VERSION_WINDOWS = 120;

/** What "deployed" means: every alias and registry stage the policy governs. */
export function deployedMarkers(policy: Pick<Policy, 'governs'>): { aliases: string[]; registryStages: string[] } {
  const specs = Object.values(policy.governs);
  return {
    aliases: [...new Set(specs.flatMap((spec) => spec.aliases))].sort(),
    registryStages: [...new Set(specs.flatMap((spec) => spec.registryStages))].sort(),
  };
}

export const driftOverviewQuery = (markers: { aliases: string[]; registryStages: string[] }) =>
  operationQuery('drift.overview', { ...markers, windows: TREND_WINDOWS });

export const driftResultsQuery = (connection: string, model: string, version: number) =>
  operationQuery('drift.results', { connection, model, version, limit: VERSION_WINDOWS });

export const alertsQuery = (connection: string, model: string, version: number) =>
  operationQuery('monitoring.alerts', { connection, model, version, includePending: true });
