import { z } from 'zod';

/**
 * The lineage graph as the renderer, the CLI and reports see it: one graph from dataset
 * versions through pipeline jobs and runs to model versions and their deployments, built
 * from OpenLineage events, DVC lock files and the MLflow catalog.
 */

export const LINEAGE_NODE_KINDS = [
  'dataset',
  'dataset_version',
  'job',
  'run',
  'model_version',
  'deployment',
  'code_commit',
  'column',
] as const;
export const lineageNodeKindSchema = z.enum(LINEAGE_NODE_KINDS);
export type LineageNodeKind = z.infer<typeof lineageNodeKindSchema>;

/**
 * Edges point downstream (the way data flows):
 * input      dataset|dataset_version → run   (or → job for a JobEvent's declared inputs)
 * output     run → dataset|dataset_version  (or job → …)
 * version_of dataset_version → dataset
 * executes   job → run
 * parent     parent run (or parent job) → child run
 * code       code_commit → run | job
 * produced   run → model_version
 * deploys    model_version → deployment
 * same_as    one tool's dataset (version) → the same data as another tool names it (identity rules)
 * column     column → column (or column → dataset for dataset-wide column dependencies; with the
 *            lineage facet also dataset|job → column)
 * feeds      dataset → dataset or job → job with no run in between: the OpenLineage `lineage`
 *            facet (static lineage). Dataset → job and job → dataset from it are input / output.
 */
export const LINEAGE_EDGE_KINDS = [
  'input',
  'output',
  'version_of',
  'executes',
  'parent',
  'code',
  'produced',
  'deploys',
  'same_as',
  'column',
  'feeds',
] as const;
export const lineageEdgeKindSchema = z.enum(LINEAGE_EDGE_KINDS);
export type LineageEdgeKind = z.infer<typeof lineageEdgeKindSchema>;

/** observed: an event or lock file said so; declared: a user or tag said so; inferred: a matching rule. */
export const CONFIDENCES = ['observed', 'declared', 'inferred'] as const;
export const confidenceSchema = z.enum(CONFIDENCES);
export type Confidence = z.infer<typeof confidenceSchema>;

export const RUN_STATES = ['new', 'running', 'completed', 'failed', 'aborted'] as const;
export const runStateSchema = z.enum(RUN_STATES);
export type RunState = z.infer<typeof runStateSchema>;

export const lineageRunInfoSchema = z.object({
  runId: z.string(),
  origin: z.string(),
  state: runStateSchema,
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  firstEventAt: z.number().nullable(),
  lastEventAt: z.number().nullable(),
  jobRef: z.string().nullable(),
  parentRunId: z.string().nullable(),
  rootRunId: z.string().nullable(),
  errorMessage: z.string().nullable(),
});
export type LineageRunInfo = z.infer<typeof lineageRunInfoSchema>;

export const lineageNodeSchema = z.object({
  /** Stable within one workspace; use `ref` across workspaces and in scripts. */
  id: z.number().int(),
  /** How the CLI and operations address this node (dataset:NS:NAME, job:NS:NAME, model:CONN:MODEL@VERSION…). */
  ref: z.string(),
  kind: lineageNodeKindSchema,
  namespace: z.string(),
  name: z.string(),
  /** Dataset version, column name, alias or model version; null when the kind has none. */
  qualifier: z.string().nullable(),
  label: z.string(),
  /** The source that first named this node: openlineage, dvc, mlflow or user. */
  origin: z.string(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  run: lineageRunInfoSchema.nullable(),
  /** Hops from the queried node; null outside a traversal. */
  depth: z.number().int().nullable(),
});
export type LineageNode = z.infer<typeof lineageNodeSchema>;

export const lineageEdgeSchema = z.object({
  id: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
  kind: lineageEdgeKindSchema,
  confidence: confidenceSchema,
  /** openlineage | dvc | mlflow | user | rule:<rule id> */
  origin: z.string(),
  /** Which event (content hash), file, connection or rule said so. */
  sourceRef: z.string(),
  validFrom: z.number(),
  validTo: z.number().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type LineageEdge = z.infer<typeof lineageEdgeSchema>;

export const lineageGraphSchema = z.object({
  root: lineageNodeSchema,
  direction: z.enum(['upstream', 'downstream', 'both']),
  depth: z.number().int(),
  asOf: z.number().nullable(),
  nodes: z.array(lineageNodeSchema),
  edges: z.array(lineageEdgeSchema),
  /** True when maxNodes cut the walk short. */
  truncated: z.boolean(),
  /** Cycles found in the returned subgraph, each as node ids; a well-formed lineage has none. */
  cycles: z.array(z.array(z.number().int())),
});
export type LineageGraph = z.infer<typeof lineageGraphSchema>;

export const schemaFieldSchema = z.object({ name: z.string(), type: z.string().nullable(), description: z.string().nullable() });

export const qualityAssertionSchema = z.object({
  assertion: z.string(),
  success: z.boolean(),
  column: z.string().nullable(),
  runId: z.string().nullable(),
  at: z.number(),
});

export const lineageNodeDetailSchema = z.object({
  node: lineageNodeSchema,
  facets: z.record(z.string(), z.unknown()),
  schema: z.array(schemaFieldSchema),
  qualityAssertions: z.array(qualityAssertionSchema),
  versions: z.array(lineageNodeSchema),
  upstreamCount: z.number().int(),
  downstreamCount: z.number().int(),
});
export type LineageNodeDetail = z.infer<typeof lineageNodeDetailSchema>;

export const impactHitSchema = z.object({
  node: lineageNodeSchema,
  /** definite: reached from the dataset version itself; possible: only through consumers that did not say which version they read. */
  certainty: z.enum(['definite', 'possible']),
  /** The weakest edge on the strongest path that reaches it. */
  confidence: confidenceSchema,
  distance: z.number().int(),
});
export type ImpactHit = z.infer<typeof impactHitSchema>;

export const lineageImpactSchema = z.object({
  dataset: lineageNodeSchema,
  version: z.string().nullable(),
  asOf: z.number().nullable(),
  modelVersions: z.array(impactHitSchema),
  deployments: z.array(impactHitSchema),
  truncated: z.boolean(),
});
export type LineageImpact = z.infer<typeof lineageImpactSchema>;

export const lineagePathSchema = z.object({
  found: z.boolean(),
  /** downstream: data flows from `from` to `to`; upstream: from `to` to `from`. */
  direction: z.enum(['downstream', 'upstream']).nullable(),
  nodes: z.array(lineageNodeSchema),
  edges: z.array(lineageEdgeSchema),
});
export type LineagePath = z.infer<typeof lineagePathSchema>;

export const validationIssueSchema = z.object({ code: z.string(), path: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const rejectedEventSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  sourceRef: z.string(),
  firstReceivedAt: z.number(),
  lastReceivedAt: z.number(),
  times: z.number().int(),
  reasons: z.array(validationIssueSchema),
  /** The start of what was received, for the list; the full text is kept in the workspace. */
  preview: z.string(),
});
export type RejectedEvent = z.infer<typeof rejectedEventSchema>;

export const importFileResultSchema = z.object({
  path: z.string(),
  format: z.enum(['openlineage', 'dvc', 'unknown']),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ ref: z.string(), reasons: z.array(validationIssueSchema) })),
  warnings: z.array(z.object({ ref: z.string(), issues: z.array(validationIssueSchema) })),
  /** Set when the whole file was refused (unreadable, or a dvc.lock that does not match its dvc.yaml). */
  error: z.string().nullable(),
});
export type ImportFileResult = z.infer<typeof importFileResultSchema>;

export const lineageImportResultSchema = z.object({
  files: z.array(importFileResultSchema),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  failedFiles: z.number().int(),
});
export type LineageImportResult = z.infer<typeof lineageImportResultSchema>;

/** Identity resolution across tools; every rule produces inferred `same_as` edges. */
export const identityRulesSchema = z.object({
  /** An MLflow dataset digest equals an OpenLineage `version` facet or a DVC content hash. */
  digestMatchesVersion: z.object({
    enabled: z.boolean(),
    /** MLflow digests are usually an 8-hex-digit prefix of an md5; accept a prefix match of at least minPrefixLength. */
    allowPrefix: z.boolean(),
    minPrefixLength: z.number().int().min(6).max(64),
  }),
  /** An MLflow dataset source URI names the same location as an OpenLineage or DVC dataset (namespace + name). */
  sourceUriMatchesDataset: z.object({ enabled: z.boolean() }),
  /** An MLflow dataset name equals another tool's dataset name, or its last path segment. Off by default: names collide. */
  nameMatchesDataset: z.object({ enabled: z.boolean() }),
});
export type IdentityRules = z.infer<typeof identityRulesSchema>;

export const DEFAULT_IDENTITY_RULES: IdentityRules = {
  digestMatchesVersion: { enabled: true, allowPrefix: true, minPrefixLength: 8 },
  sourceUriMatchesDataset: { enabled: true },
  nameMatchesDataset: { enabled: false },
};

export const lineageSummarySchema = z.object({
  nodes: z.record(z.string(), z.number().int()),
  edges: z.record(z.string(), z.number().int()),
  events: z.number().int(),
  rejected: z.number().int(),
  lastEventAt: z.number().nullable(),
});
export type LineageSummary = z.infer<typeof lineageSummarySchema>;
