import { z } from 'zod';
import { defineOperation } from './operation';
import {
  connectionSchema,
  modelSummarySchema,
  observedChangeSchema,
  riskTierSchema,
  versionDetailSchema,
  versionSummarySchema,
} from '../domain/catalog';

const modelKeySchema = z.object({
  connection: z.string().min(1, 'connection is required'),
  name: z.string().min(1, 'model name is required'),
});

export const MODEL_SORT_FIELDS = ['name', 'connection', 'team', 'riskTier', 'latestVersion', 'lastUpdatedAt'] as const;

export const modelListInputSchema = z
  .object({
    query: z.string().max(200).optional(),
    connection: z.string().optional(),
    team: z.string().optional(),
    riskTier: riskTierSchema.optional(),
    alias: z.string().optional(),
    tag: z.string().optional(),
    sortBy: z.enum(MODEL_SORT_FIELDS).default('name'),
    sortDirection: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(20_000).default(5_000),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export type ModelListInput = z.input<typeof modelListInputSchema>;

export const catalogOperations = {
  /** Every registered model across every connection, filtered and sorted. */
  'models.list': defineOperation({
    doc: 'Lists registered models across connections, with search, filters and sort.',
    input: modelListInputSchema,
    output: z.object({ total: z.number().int(), items: z.array(modelSummarySchema) }),
  }),
  /** One registered model with its versions (newest first) and what was observed to change. */
  'models.get': defineOperation({
    doc: 'One registered model with its versions and observed changes.',
    input: modelKeySchema.strict(),
    output: z.object({
      model: modelSummarySchema,
      versions: z.array(versionSummarySchema),
      activity: z.array(observedChangeSchema),
    }),
  }),
  /** One model version with its training run. */
  'versions.get': defineOperation({
    doc: 'One model version with its training run, params, metrics and dataset inputs.',
    input: modelKeySchema.extend({ version: z.number().int().positive() }).strict(),
    output: versionDetailSchema,
  }),
  /** The registries this workspace reads from. */
  'connections.list': defineOperation({
    doc: 'Lists the registry connections of this workspace and their sync status.',
    input: z.object({}).strict(),
    output: z.array(connectionSchema),
  }),
} as const;
