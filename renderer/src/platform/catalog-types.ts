import type { OperationInput, OperationOutput } from '@shared/contract';

/**
 * The catalog as the renderer receives it: every type is read off an operation's output, so
 * screens depend on what the contract returns, not on the core's domain modules.
 */
export type ModelSummary = OperationOutput<'models.list'>['items'][number];
export type ModelListInput = OperationInput<'models.list'>;
export type ModelDetail = OperationOutput<'models.get'>;
export type VersionSummary = ModelDetail['versions'][number];
export type ObservedChange = ModelDetail['activity'][number];
export type VersionDetail = OperationOutput<'versions.get'>;
export type Run = NonNullable<VersionDetail['run']>;
export type RunMetric = Run['metrics'][number];
export type Tag = ModelSummary['tags'][number];
export type DatasetInput = Run['datasetInputs'][number];
export type RiskTier = NonNullable<ModelSummary['riskTier']>;
export type Connection = OperationOutput<'connections.list'>[number];
export type DoctorCheck = OperationOutput<'system.doctor'>['checks'][number];

/** Highest first, as the policy ranks them; a record so a new tier fails the type check here. */
const TIER_RANK: Record<RiskTier, number> = { high: 0, medium: 1, low: 2 };
export const RISK_TIERS = (Object.keys(TIER_RANK) as RiskTier[]).sort((a, b) => TIER_RANK[a] - TIER_RANK[b]);
