import { z } from 'zod';

/** Risk tiers drive which sign-offs a release needs (see the governance policy). */
export const RISK_TIERS = ['high', 'medium', 'low'] as const;
export const riskTierSchema = z.enum(RISK_TIERS);
export type RiskTier = z.infer<typeof riskTierSchema>;

export const tagSchema = z.object({ key: z.string(), value: z.string() });
export type Tag = z.infer<typeof tagSchema>;

export const aliasSchema = z.object({ alias: z.string(), version: z.number().int() });
export type Alias = z.infer<typeof aliasSchema>;

/** `prometheus` connections are monitoring backends: they share the name space, credentials and tests, never the catalog. */
export const connectionKindSchema = z.enum(['mlflow', 'recording', 'prometheus']);
export type ConnectionKind = z.infer<typeof connectionKindSchema>;

export const connectionSchema = z.object({
  name: z.string(),
  kind: connectionKindSchema,
  url: z.string(),
  createdAt: z.number(),
  lastSyncAt: z.number().nullable(),
  status: z.enum(['never-synced', 'ok', 'error']),
  statusMessage: z.string().nullable(),
});
export type Connection = z.infer<typeof connectionSchema>;

/** A registered model as one row of the catalog, across every connection. */
export const modelSummarySchema = z.object({
  connection: z.string(),
  name: z.string(),
  description: z.string(),
  team: z.string().nullable(),
  owner: z.string().nullable(),
  riskTier: riskTierSchema.nullable(),
  latestVersion: z.number().int().nullable(),
  versionCount: z.number().int(),
  aliases: z.array(aliasSchema),
  tags: z.array(tagSchema),
  createdAt: z.number(),
  lastUpdatedAt: z.number(),
  deletedOnServerAt: z.number().nullable(),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const runStatusSchema = z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);

export const datasetInputSchema = z.object({
  name: z.string(),
  digest: z.string(),
  sourceType: z.string().nullable(),
  source: z.string().nullable(),
  context: z.string().nullable(),
});
export type DatasetInput = z.infer<typeof datasetInputSchema>;

export const runSchema = z.object({
  connection: z.string(),
  runId: z.string(),
  experimentId: z.string(),
  experimentName: z.string().nullable(),
  runName: z.string().nullable(),
  user: z.string().nullable(),
  status: runStatusSchema,
  startTime: z.number().nullable(),
  endTime: z.number().nullable(),
  gitCommit: z.string().nullable(),
  sourceName: z.string().nullable(),
  params: z.array(tagSchema),
  metrics: z.array(z.object({ key: z.string(), value: z.number(), step: z.number().int(), timestamp: z.number() })),
  tags: z.array(tagSchema),
  datasetInputs: z.array(datasetInputSchema),
});
export type Run = z.infer<typeof runSchema>;

export const versionSummarySchema = z.object({
  connection: z.string(),
  modelName: z.string(),
  version: z.number().int(),
  status: z.string(),
  stage: z.string(),
  source: z.string().nullable(),
  runId: z.string().nullable(),
  user: z.string().nullable(),
  description: z.string(),
  aliases: z.array(z.string()),
  tags: z.array(tagSchema),
  createdAt: z.number(),
  lastUpdatedAt: z.number(),
  deletedOnServerAt: z.number().nullable(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

export const versionDetailSchema = versionSummarySchema.extend({
  model: modelSummarySchema,
  run: runSchema.nullable(),
});
export type VersionDetail = z.infer<typeof versionDetailSchema>;

/** What a sync saw change in a registry between two looks; kept as history. */
export const observedChangeKindSchema = z.enum([
  'model-created',
  'version-created',
  'alias-moved',
  'alias-removed',
  'tag-changed',
  'stage-changed',
  'description-changed',
  'deleted-on-server',
]);

export const observedChangeSchema = z.object({
  id: z.number().int(),
  connection: z.string(),
  modelName: z.string(),
  version: z.number().int().nullable(),
  kind: observedChangeKindSchema,
  subject: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  observedAt: z.number(),
});
export type ObservedChange = z.infer<typeof observedChangeSchema>;
