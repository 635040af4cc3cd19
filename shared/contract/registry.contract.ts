import { z } from 'zod';
import { defineOperation } from './operation';
import { connectionTestSchema, metricPointSchema, registryConnectionSchema, secretRefSchema, syncResultSchema } from '../domain/registry';

/**
 * A credential as a caller hands it over: a reference (`env:VAR`, `secret:NAME`), or the
 * secret itself (`{ value }`), which the core moves into the workspace's secret store at
 * once and replaces by a `secret:` reference. The database only ever sees references.
 */
export const secretInputSchema = z.union([secretRefSchema, z.object({ value: z.string().min(1, 'the secret is empty') }).strict()]);
export type SecretInput = z.infer<typeof secretInputSchema>;

export const authInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('bearer'), token: secretInputSchema }).strict(),
  z.object({ kind: z.literal('basic'), username: secretInputSchema, password: secretInputSchema }).strict(),
]);
export type AuthInput = z.infer<typeof authInputSchema>;

export const CONNECTION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const connectionName = z
  .string()
  .regex(CONNECTION_NAME_PATTERN, 'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
const url = z.string().min(1, 'url is required').max(2000);
const interval = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60);

const tlsAndAuth = {
  auth: authInputSchema.optional(),
  caFile: z.string().min(1).nullable().optional(),
  insecureSkipVerify: z.boolean().optional(),
};

export const connectionAddInputSchema = z
  .object({
    name: connectionName,
    /** `prometheus` adds a monitoring backend (see monitoring.contract.ts); it is tested the same way and never synced. */
    kind: z.enum(['mlflow', 'prometheus']),
    url,
    ...tlsAndAuth,
    writeBack: z.boolean().optional(),
    syncIntervalMinutes: interval.optional(),
    /** Test before storing (default). The connection is stored either way; the test says whether it works. */
    test: z.boolean().default(true),
  })
  .strict();
export type ConnectionAddInput = z.input<typeof connectionAddInputSchema>;

export const connectionUpdateInputSchema = z
  .object({
    name: connectionName,
    url: url.optional(),
    ...tlsAndAuth,
    writeBack: z.boolean().optional(),
    syncIntervalMinutes: interval.optional(),
  })
  .strict();

/** Test a stored connection by name, or a draft (Settings' "Test" before "Save"). */
export const connectionTestInputSchema = z.union([
  z.object({ name: z.string().min(1) }).strict(),
  z.object({ kind: z.enum(['mlflow', 'prometheus']), url, ...tlsAndAuth }).strict(),
]);

export const registryOperations = {
  /** Adds a registry connection (MLflow), tests it unless told not to, and stores it either way. */
  'connections.add': defineOperation({
    doc: 'Adds a registry connection, tests it, and stores it (with its test status).',
    input: connectionAddInputSchema,
    output: z.object({ connection: registryConnectionSchema, test: connectionTestSchema.nullable() }),
  }),
  /** One connection with its settings (credential references only), features and sync state. */
  'connections.get': defineOperation({
    doc: 'One registry connection with its settings, features and sync state.',
    input: z.object({ name: z.string().min(1) }).strict(),
    output: registryConnectionSchema,
  }),
  /** Reachability, authentication and API features of a stored or draft connection. */
  'connections.test': defineOperation({
    doc: 'Tests a connection: server reachable, credentials accepted, API features found.',
    input: connectionTestInputSchema,
    output: connectionTestSchema,
  }),
  /** Changes how a connection is reached or synced; its name (the catalog key) stays. */
  'connections.update': defineOperation({
    doc: 'Changes the URL, credentials, TLS, write-back or schedule of a connection.',
    input: connectionUpdateInputSchema,
    output: registryConnectionSchema,
  }),
  /** Removes a connection, its catalog data and the secrets Quorum stored for it. */
  'connections.remove': defineOperation({
    doc: 'Removes a connection with its catalog data and stored secrets.',
    input: z.object({ name: z.string().min(1) }).strict(),
    output: z.object({ removed: z.literal(true), secretsDeleted: z.number().int().min(0) }),
  }),
  /**
   * Syncs one connection or all of them. Returns a job id at once; progress arrives as
   * `job.progress` events and `data.changed` (catalog, connections) at the end. With `wait`,
   * answers when the job ends, with one result per connection.
   */
  'sync.start': defineOperation({
    doc: 'Starts syncing one connection (or all); progress via job.progress events.',
    input: z
      .object({
        connection: z.string().min(1).optional(),
        /** A complete listing of runs too, not only what changed (deletions and backdated runs). */
        full: z.boolean().default(false),
        wait: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ jobId: z.string(), results: z.array(syncResultSchema).nullable() }),
  }),
  /** Cancels a running sync job; what it already fetched is kept. */
  'sync.cancel': defineOperation({
    doc: 'Cancels a running sync job, keeping what it already fetched.',
    input: z.object({ jobId: z.string().min(1) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  /** The full history of one metric of one run, for charts; cached once the run has ended. */
  'metrics.history': defineOperation({
    doc: "One metric's full history for a run (for charts), fetched from the registry on demand.",
    input: z.object({ connection: z.string().min(1), runId: z.string().min(1), key: z.string().min(1) }).strict(),
    output: z.object({
      connection: z.string(),
      runId: z.string(),
      key: z.string(),
      points: z.array(metricPointSchema),
      source: z.enum(['server', 'cache']),
      fetchedAt: z.number(),
      /** Set when the server could not be asked and the cached copy is shown instead. */
      staleReason: z.string().nullable(),
    }),
  }),
} as const;
