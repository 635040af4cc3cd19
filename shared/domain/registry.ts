import { z } from 'zod';
import { connectionSchema } from './catalog';

/**
 * Registry connections: how Quorum reaches a registry (URL, credentials by reference, TLS
 * choices, write-back) and what it learnt about it (server version, API features, sync
 * state). Credentials themselves never appear here — only where to find them.
 */

/** `env:VARIABLE` (read at use, as CI does) or `secret:NAME` (the workspace's secret store). */
export const SECRET_REF_PATTERN = /^(env:[A-Za-z_][A-Za-z0-9_]*|secret:[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199})$/;
export const secretRefSchema = z
  .string()
  .regex(SECRET_REF_PATTERN, 'must be a reference such as env:MLFLOW_TRACKING_TOKEN or secret:NAME, never the secret itself');
export type SecretRef = z.infer<typeof secretRefSchema>;

/** How the connector authenticates, as MLflow's own clients do (MLFLOW_TRACKING_TOKEN / _USERNAME + _PASSWORD). */
export const authSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('bearer'), token: secretRefSchema }).strict(),
  z.object({ kind: z.literal('basic'), username: secretRefSchema, password: secretRefSchema }).strict(),
]);
export type AuthSpec = z.infer<typeof authSpecSchema>;

/** What a connection keeps beside its name and URL (stored as JSON on the connection). */
export const connectionSettingsSchema = z.object({
  auth: authSpecSchema,
  /** PEM bundle that replaces the system trust store, like MLFLOW_TRACKING_SERVER_CERT_PATH. */
  caFile: z.string().nullable(),
  /** "Don't verify TLS": only ever an explicit, visible choice. */
  insecureSkipVerify: z.boolean(),
  /** Quorum may set/delete version tags and aliases on this registry (after a gate passes). */
  writeBack: z.boolean(),
  /** Scheduled sync while the app or `quorum serve` runs; 0 turns it off. */
  syncIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
});
export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;

export const DEFAULT_SYNC_INTERVAL_MINUTES = 15;

/** Optional API features found by "Test connection"; null when it could not tell. */
export const registryFeaturesSchema = z.object({
  aliases: z.boolean().nullable(),
  datasetInputs: z.boolean().nullable(),
  loggedModels: z.boolean().nullable(),
  webhooks: z.boolean().nullable(),
});
export type RegistryFeatures = z.infer<typeof registryFeaturesSchema>;

/** Why talking to a backend failed, in words a person can act on. */
export const BACKEND_PROBLEM_KINDS = [
  'dns',
  'refused',
  'tls',
  'timeout',
  'network',
  'auth',
  'forbidden',
  'endpoint-missing',
  'not-found',
  'rate-limited',
  'server',
  'bad-request',
  'malformed',
  'schema',
  'credentials',
  'config',
  'cancelled',
] as const;
export const backendProblemSchema = z.object({ kind: z.enum(BACKEND_PROBLEM_KINDS), message: z.string() });
export type BackendProblem = z.infer<typeof backendProblemSchema>;

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  reachable: z.boolean(),
  /** null when the server could not be reached, so auth was never tried. */
  authenticated: z.boolean().nullable(),
  serverVersion: z.string().nullable(),
  features: registryFeaturesSchema,
  problem: backendProblemSchema.nullable(),
  checkedAt: z.number(),
  latencyMs: z.number().int().min(0),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const syncCountsSchema = z.object({
  experiments: z.number().int().min(0),
  runs: z.number().int().min(0),
  models: z.number().int().min(0),
  versions: z.number().int().min(0),
  changes: z.number().int().min(0),
  deleted: z.number().int().min(0),
});
export type SyncCounts = z.infer<typeof syncCountsSchema>;

/** A connection as Settings shows it: the catalog's view plus how it is reached and synced. */
export const registryConnectionSchema = connectionSchema.extend({
  settings: connectionSettingsSchema,
  lastSuccessAt: z.number().nullable(),
  lastFullSyncAt: z.number().nullable(),
  serverVersion: z.string().nullable(),
  features: registryFeaturesSchema.nullable(),
});
export type RegistryConnection = z.infer<typeof registryConnectionSchema>;

export const syncModeSchema = z.enum(['full', 'incremental']);
export type SyncMode = z.infer<typeof syncModeSchema>;

export const syncResultSchema = z.object({
  connection: z.string(),
  mode: syncModeSchema,
  /** ok: everything fetched; partial: some parts failed, the rest is kept; error: nothing new; cancelled. */
  outcome: z.enum(['ok', 'partial', 'error', 'cancelled']),
  message: z.string(),
  problem: backendProblemSchema.nullable(),
  warnings: z.array(z.string()),
  counts: syncCountsSchema,
  startedAt: z.number(),
  finishedAt: z.number(),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

export const metricPointSchema = z.object({ step: z.number().int(), value: z.number(), timestamp: z.number() });
export type MetricPoint = z.infer<typeof metricPointSchema>;
