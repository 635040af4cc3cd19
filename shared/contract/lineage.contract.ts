import { z } from 'zod';
import { defineOperation } from './operation';
import {
  identityRulesSchema,
  lineageGraphSchema,
  lineageImpactSchema,
  lineageImportResultSchema,
  lineageNodeDetailSchema,
  lineageNodeSchema,
  lineagePathSchema,
  lineageSummarySchema,
  LINEAGE_NODE_KINDS,
  rejectedEventSchema,
} from '../domain/lineage';

/**
 * A node is addressed as the CLI does: MODEL@VERSION, MODEL@ALIAS, dataset:NS:NAME[@VERSION],
 * job:NS:NAME, run:RUN_ID, commit:SHA, model:CONNECTION:MODEL@VERSION — or by its numeric id.
 */
export const nodeRefSchema = z.union([z.string().trim().min(1, 'node is required').max(2_000), z.number().int().positive()]);

/** A past moment as milliseconds since the epoch or an ISO 8601 date-time. */
const asOfSchema = z
  .union([z.number().int().nonnegative(), z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'asOf must be an ISO 8601 date-time')])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)))
  .optional();

export const lineageGraphInputSchema = z
  .object({
    node: nodeRefSchema,
    direction: z.enum(['upstream', 'downstream', 'both']).default('both'),
    depth: z.number().int().min(1).max(50).default(5),
    asOf: asOfSchema,
    includeColumns: z.boolean().default(false),
    maxNodes: z.number().int().min(1).max(20_000).default(2_000),
  })
  .strict();
export type LineageGraphInput = z.input<typeof lineageGraphInputSchema>;

/**
 * The port the receiver listens on until someone picks another. Not 5000: MLflow's server,
 * Marquez and macOS's AirPlay Receiver all take that one on developer machines.
 */
export const DEFAULT_RECEIVER_PORT = 5099;

/** A host name or IP literal to bind, as `listen()` takes it (no scheme, no port). */
const receiverHostSchema = z
  .string()
  .trim()
  .min(1, 'host is required')
  .max(253)
  .regex(/^(\[?[0-9A-Fa-f:.]+\]?|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)$/, {
    message: 'host must be an IP address or a host name, without a scheme or port (e.g. 127.0.0.1)',
  })
  .transform((h) => h.replace(/^\[(.*)\]$/, '$1'));

/** The receiver as the workspace is configured to run it; the API key is never part of it. */
export const lineageReceiverSettingsSchema = z.object({
  enabled: z.boolean(),
  host: z.string(),
  /** 0 picks a free port at every start (tests); pipelines need a fixed one. */
  port: z.number().int().min(0).max(65_535),
  /** Binding anything but loopback must be asked for explicitly; see lineage.receiver.configure. */
  allowNonLoopback: z.boolean(),
});
export type LineageReceiverSettings = z.infer<typeof lineageReceiverSettingsSchema>;

export const RECEIVER_STATES = ['disabled', 'not-hosted', 'starting', 'listening', 'failed'] as const;

export const lineageReceiverStatusSchema = z.object({
  settings: lineageReceiverSettingsSchema,
  /**
   * disabled: off in the settings; not-hosted: on, but this process (a one-shot CLI command)
   * does not run receivers — the desktop app and `quorum serve` do; starting; listening;
   * failed: it could not start (see lastError), everything else keeps working.
   */
  state: z.enum(RECEIVER_STATES),
  /** Where it listens (OPENLINEAGE_URL) and the full endpoint, while listening. */
  url: z.string().nullable(),
  endpoint: z.string().nullable(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  /** settings, or `quorum serve --lineage-port`, which overrides host and port for that process. */
  source: z.enum(['settings', 'serve-override']),
  key: z.object({
    /** False until the receiver is first enabled or the key rotated on this machine. */
    present: z.boolean(),
    /** workspace: the SecretStore's key; environment: QUORUM_LINEAGE_API_KEY given to `quorum serve`. */
    source: z.enum(['workspace', 'environment']),
    /** The first and last characters, to tell keys apart; never the key. */
    hint: z.string().nullable(),
    /** Where the key is kept (the OS keychain on the desktop, a 0600 file headless). */
    storedIn: z.string(),
  }),
  /** Counted since this Quorum process started, across restarts of the receiver. */
  counts: z.object({
    requests: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    unauthorized: z.number().int(),
    busy: z.number().int(),
  }),
  startedAt: z.number().nullable(),
  lastEventAt: z.number().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
});
export type LineageReceiverStatus = z.infer<typeof lineageReceiverStatusSchema>;

export const lineageReceiverConfigureInputSchema = z
  .object({
    enabled: z.boolean().optional(),
    host: receiverHostSchema.optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    allowNonLoopback: z.boolean().optional(),
  })
  .strict();
export type LineageReceiverConfigureInput = z.input<typeof lineageReceiverConfigureInputSchema>;

export const lineageOperations = {
  /** Upstream and/or downstream of one node to a depth, optionally as the graph was at a past time. */
  'lineage.graph': defineOperation({
    doc: 'Lineage around one node (MODEL@VERSION, dataset:NS:NAME, job:NS:NAME…): upstream, downstream or both, to a depth, as of a time.',
    input: lineageGraphInputSchema,
    output: lineageGraphSchema,
  }),
  /** One node with its facets, schema, run state and data-quality assertions, for a side panel. */
  'lineage.node': defineOperation({
    doc: 'One lineage node with facets, schema, run state, versions and data-quality assertions.',
    input: z.object({ node: nodeRefSchema }).strict(),
    output: lineageNodeDetailSchema,
  }),
  /** Which model versions and deployments consumed a dataset — any version, or one. */
  'lineage.impact': defineOperation({
    doc: 'Impact analysis: the model versions and deployments downstream of a dataset (any version, or the given one).',
    input: z.object({ dataset: nodeRefSchema, version: z.string().min(1).optional(), asOf: asOfSchema }).strict(),
    output: lineageImpactSchema,
  }),
  /** The shortest path between two nodes, in whichever direction data flows between them. */
  'lineage.path': defineOperation({
    doc: 'The shortest lineage path between two nodes, downstream from the first or upstream to it.',
    input: z.object({ from: nodeRefSchema, to: nodeRefSchema, asOf: asOfSchema, includeColumns: z.boolean().default(false) }).strict(),
    output: lineagePathSchema,
  }),
  /** Nodes whose name matches, for pickers and for "did you mean". */
  'lineage.search': defineOperation({
    doc: 'Finds lineage nodes by name, namespace or qualifier.',
    input: z
      .object({
        query: z.string().max(200).default(''),
        kind: z.enum(LINEAGE_NODE_KINDS).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: z.array(lineageNodeSchema),
  }),
  /**
   * Imports dropped documents (OpenLineage JSON, JSON arrays, JSON Lines; dvc.yaml + dvc.lock),
   * and files or folders of Quorum's own bundled resources (the demo's lineage). Other paths are
   * refused on purpose: over HTTP they would let a browser-mode caller read the machine's files
   * through the rejected list. `quorum lineage ingest PATH...` reads any path, in its own process.
   */
  'lineage.import': defineOperation({
    doc: "Imports dropped OpenLineage documents and dvc.yaml + dvc.lock, or files of Quorum's bundled resources.",
    input: z
      .object({
        paths: z.array(z.string().min(1)).max(1_000).default([]),
        documents: z
          .array(z.object({ name: z.string().min(1).max(500), text: z.string() }).strict())
          .max(100)
          .default([]),
      })
      .strict()
      .refine((v) => v.paths.length + v.documents.length > 0, 'give at least one document or path'),
    output: lineageImportResultSchema,
  }),
  /** Events that were refused, with why — nothing is dropped silently. */
  'lineage.rejected': defineOperation({
    doc: 'Lists rejected lineage events with their reasons, newest first.',
    input: z.object({ limit: z.number().int().min(1).max(1_000).default(100), offset: z.number().int().min(0).default(0) }).strict(),
    output: z.object({ total: z.number().int(), items: z.array(rejectedEventSchema) }),
  }),
  /** How big the graph is and how fresh. */
  'lineage.summary': defineOperation({
    doc: 'Counts of lineage nodes by kind, edges by confidence, stored and rejected events.',
    input: z.object({}).strict(),
    output: lineageSummarySchema,
  }),
  /** The identity resolution rules across tools. */
  'lineage.rules.get': defineOperation({
    doc: 'The identity resolution rules that infer links between MLflow, OpenLineage and DVC datasets.',
    input: z.object({}).strict(),
    output: identityRulesSchema,
  }),
  /** Changes the identity rules and re-derives every inferred edge. */
  'lineage.rules.set': defineOperation({
    doc: 'Sets the identity resolution rules; inferred edges are re-derived at once.',
    input: identityRulesSchema.strict(),
    output: z.object({ rules: identityRulesSchema, inferredEdges: z.number().int() }),
  }),
  /** The OpenLineage receiver of this workspace: settings, where it listens, counts, last error. */
  'lineage.receiver.status': defineOperation({
    doc: 'Status of the OpenLineage receiver (POST /api/v1/lineage): settings, listening address, events accepted and rejected, last error.',
    input: z.object({}).strict(),
    output: lineageReceiverStatusSchema,
  }),
  /**
   * Changes the receiver's settings (only the fields given) and restarts it where it runs. Binding
   * a non-loopback host is refused unless `allowNonLoopback` is true: the receiver speaks plain
   * HTTP, so the key would cross the network readable, and anyone who has it can write to this
   * workspace's lineage. The first enable makes an API key and returns it in `apiKey`, once.
   */
  'lineage.receiver.configure': defineOperation({
    doc: 'Sets the OpenLineage receiver settings (enabled, host, port, allowNonLoopback); returns the new API key once when one was made.',
    input: lineageReceiverConfigureInputSchema,
    output: z.object({ status: lineageReceiverStatusSchema, apiKey: z.string().nullable() }),
  }),
  /** A new API key; the old one stops working at once. Shown once: copy it into OPENLINEAGE_API_KEY. */
  'lineage.receiver.rotateKey': defineOperation({
    doc: 'Makes a new API key for the OpenLineage receiver; the old key is refused from then on. The key is returned once.',
    input: z.object({}).strict(),
    output: z.object({ status: lineageReceiverStatusSchema, apiKey: z.string() }),
  }),
} as const;
