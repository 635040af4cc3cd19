import { z } from 'zod';
import { riskTierSchema } from './catalog';

/**
 * Governance vocabulary shared by the core, the renderer and the CLI: identities, roles,
 * the release policy, the gate's verdict, requests and their sign-offs, ledger
 * verification and findings. Everything here is derived from the signed ledger.
 */

export const BUILT_IN_ROLES = ['admin', 'data-science', 'ml-engineering', 'ops', 'compliance'] as const;

/** Role and stage names are identifiers, never free text: they appear in signed events. */
export const roleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a role is 1-40 lower-case letters, digits or dashes, starting with a letter');
export const stageNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'a stage is 1-40 letters, digits, _ or -, starting with a letter');

/** An identity's public key: the raw 32 ed25519 bytes, base64url. It is the author field of every event. */
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not an ed25519 public key (43 base64url characters)');

export const identitySchema = z.object({
  publicKey: publicKeySchema,
  /** Short, human-comparable form of the key (hex of its SHA-256, grouped). */
  fingerprint: z.string(),
  name: z.string(),
  email: z.string(),
  /** Registry user names that are this person (for independence: author vs validator). */
  handles: z.array(z.string()),
  roles: z.array(z.string()),
  createdAt: z.number(),
  /** The private key is kept on this machine, so this workspace can act as this identity. */
  local: z.boolean(),
  /** The identity the desktop app acts as (CLI: `--identity NAME` overrides). */
  active: z.boolean(),
  /** The private key needs a passphrase to sign. */
  protected: z.boolean(),
});
export type Identity = z.infer<typeof identitySchema>;

export const roleEventSchema = z.object({
  eventId: z.string(),
  subject: z.string(),
  subjectName: z.string(),
  role: z.string(),
  granted: z.boolean(),
  by: z.string(),
  byName: z.string(),
  at: z.number(),
});
export type RoleChange = z.infer<typeof roleEventSchema>;

// ---------------------------------------------------------------------------------------
// Policy as code
// ---------------------------------------------------------------------------------------

export const metricRuleSchema = z
  .object({
    key: z.string().min(1).max(200),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict()
  .refine((rule) => rule.min !== undefined || rule.max !== undefined, { message: 'a metric rule needs min or max' });
export type MetricRule = z.infer<typeof metricRuleSchema>;

export const signoffRuleSchema = z
  .object({
    role: roleNameSchema,
    /** N distinct people holding the role must approve (N-of-M, M being everyone with the role). */
    count: z.number().int().min(1).max(20).default(1),
  })
  .strict();

export const evidenceRulesSchema = z
  .object({
    /** The training run must have finished (not FAILED, KILLED or still RUNNING). */
    runFinished: z.boolean().default(true),
    /** Thresholds on the training run's final metric values. */
    metrics: z.array(metricRuleSchema).max(100).default([]),
    /** Training data with a known version: dataset inputs with a digest, in these contexts. */
    trainingData: z
      .object({ required: z.boolean().default(true), contexts: z.array(z.string().min(1)).max(20).default(['training']) })
      .strict()
      .prefault({}),
    /** Model-card fields: `description` (version or model), or tag keys on the version or model. */
    modelCard: z
      .object({ fields: z.array(z.string().min(1).max(200)).max(50).default([]) })
      .strict()
      .prefault({}),
    /** Drift within bounds over a window, checked when drift results exist (or always when required). */
    drift: z
      .object({
        maxDriftShare: z.number().min(0).max(1),
        windowDays: z.number().int().min(1).max(3650),
        required: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Data-quality assertions must all pass, checked when results exist (or always when required). */
    dataQuality: z
      .object({ required: z.boolean().default(false) })
      .strict()
      .optional(),
  })
  .strict();
export type EvidenceRules = z.infer<typeof evidenceRulesSchema>;

export const tierPolicySchema = z
  .object({
    /** Stages a release of this tier must pass the gate for; other stages are not governed. */
    stages: z.array(stageNameSchema).max(20),
    approvalValidityDays: z.number().int().min(1).max(3650),
    signoffs: z.array(signoffRuleSchema).max(20),
    independence: z
      .object({
        /** The version's author (training-run user, registry user) cannot sign off. */
        authorMayNotSign: z.boolean().default(true),
        /** One person cannot fill two required roles. */
        onePersonOneRole: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    evidence: evidenceRulesSchema.prefault({}),
    waivers: z
      .object({ allowedRoles: z.array(roleNameSchema).max(20).default(['admin', 'compliance']) })
      .strict()
      .prefault({}),
  })
  .strict();
export type TierPolicy = z.infer<typeof tierPolicySchema>;

export const governedStageSchema = z
  .object({
    /** Registry aliases that mean "released to this stage". */
    aliases: z.array(z.string().min(1).max(200)).max(20).default([]),
    /** Registry stages (MLflow's legacy stages) that mean the same. */
    registryStages: z.array(z.string().min(1).max(200)).max(20).default([]),
  })
  .strict();

export const policySchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1).max(200),
    roles: z.array(roleNameSchema).min(1).max(50),
    /** Tier of a model that carries no `risk_tier` tag. */
    defaultTier: riskTierSchema,
    governs: z.record(stageNameSchema, governedStageSchema),
    tiers: z.object({ high: tierPolicySchema, medium: tierPolicySchema, low: tierPolicySchema }).strict(),
    /** Per-model overrides by registered model name: tier and metric thresholds. */
    models: z
      .record(
        z.string().min(1).max(200),
        z.object({ tier: riskTierSchema.optional(), metrics: z.array(metricRuleSchema).max(100).optional() }).strict(),
      )
      .default({}),
    findings: z
      .object({
        /** Who sees promotions outside Quorum. */
        visibleTo: z.array(roleNameSchema).max(20).default(['admin', 'compliance', 'ops']),
        /**
         * Who sees drift threshold crossings on deployed versions; when absent, everyone who sees
         * findings plus DRIFT_FINDING_AUDIENCE (the model's data scientists too, who can act on
         * drift, unlike on a promotion).
         */
        drift: z
          .object({ visibleTo: z.array(roleNameSchema).max(20) })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type Policy = z.infer<typeof policySchema>;

export const policyErrorSchema = z.object({
  /** Dotted path of the field, e.g. `tiers.high.signoffs.0.count`; empty for the document. */
  field: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  message: z.string(),
});
export type PolicyError = z.infer<typeof policyErrorSchema>;

export const policyVersionSchema = z.object({
  hash: z.string(),
  eventId: z.string(),
  setAt: z.number(),
  setBy: z.string(),
  setByName: z.string(),
  message: z.string(),
});
export type PolicyVersion = z.infer<typeof policyVersionSchema>;

// ---------------------------------------------------------------------------------------
// Gate
// ---------------------------------------------------------------------------------------

export const checkStatusSchema = z.enum(['pass', 'fail', 'waived', 'skipped']);

export const waiverSchema = z.object({
  eventId: z.string(),
  by: z.string(),
  byName: z.string(),
  at: z.number(),
  justification: z.string(),
});
export type Waiver = z.infer<typeof waiverSchema>;

export const evidenceCheckSchema = z.object({
  /** Stable id a waiver names, e.g. `metric:auc`, `training-data`, `model-card:intended_use`. */
  id: z.string(),
  label: z.string(),
  status: checkStatusSchema,
  actual: z.string().nullable(),
  threshold: z.string().nullable(),
  message: z.string(),
  waiver: waiverSchema.nullable(),
});
export type EvidenceCheck = z.infer<typeof evidenceCheckSchema>;

export const signoffSchema = z.object({
  eventId: z.string(),
  person: z.string(),
  name: z.string(),
  role: z.string(),
  decision: z.enum(['approved', 'rejected']),
  at: z.number(),
  comment: z.string(),
  conditions: z.array(z.string()),
  /** Why this sign-off no longer counts (expired, artifact/policy/evidence changed, role revoked, independence), or null. */
  invalidReason: z.string().nullable(),
});
export type Signoff = z.infer<typeof signoffSchema>;

export const roleRequirementSchema = z.object({
  role: z.string(),
  required: z.number().int(),
  valid: z.array(signoffSchema),
  invalid: z.array(signoffSchema),
  rejected: z.array(signoffSchema),
  missing: z.number().int(),
});
export type RoleRequirement = z.infer<typeof roleRequirementSchema>;

export const gateResultSchema = z.object({
  subject: z.object({ connection: z.string(), model: z.string(), version: z.number().int(), stage: z.string() }),
  status: z.enum(['pass', 'blocked']),
  governed: z.boolean(),
  tier: riskTierSchema,
  tierSource: z.enum(['tag', 'policy-override', 'policy-default']),
  policyHash: z.string(),
  evidenceHash: z.string(),
  artifact: z.object({ source: z.string().nullable(), runId: z.string().nullable() }),
  request: z.object({ id: z.string(), requestedBy: z.string(), requestedByName: z.string(), at: z.number(), note: z.string() }).nullable(),
  authors: z.array(z.string()),
  signoffs: z.array(roleRequirementSchema),
  checks: z.array(evidenceCheckSchema),
  /** Every reason the gate is blocked, in plain words; empty when it passes. */
  reasons: z.array(z.string()),
  /** Notes that do not block (waived checks, skipped checks, ungoverned stage). */
  notes: z.array(z.string()),
  evaluatedAt: z.number(),
  /** The ledger event recording this evaluation, when it was recorded for a release. */
  recordedEventId: z.string().nullable(),
});
export type GateResult = z.infer<typeof gateResultSchema>;

/**
 * A release written back to the registry after a passing gate (governance.gate.writeBack):
 * the gate that allowed it (recorded: `gate.recordedEventId`), the version tags set, the
 * governed alias moved, and the `writeback.performed` ledger event that records both.
 */
export const writeBackResultSchema = z.object({
  gate: gateResultSchema,
  eventId: z.string(),
  subject: z.object({ connection: z.string(), model: z.string(), version: z.number().int(), stage: z.string() }),
  /** The registry alias moved to this version; null when the policy names no alias for the stage (tags only). */
  alias: z.string().nullable(),
  /** The version the alias pointed at before, as of the last sync; null when it pointed nowhere. */
  previousVersion: z.number().int().nullable(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
});
export type WriteBackResult = z.infer<typeof writeBackResultSchema>;

/**
 * The version header's one status word, for many versions at once (governance.gate.summaries):
 * Ready to release, Blocked, Released, Invalidated, Not requested, Not governed; "not-evaluated"
 * when the version cannot be evaluated (e.g. deleted on the registry). A gate that passes only
 * because a failing check was waived is told apart, so it is never shown as plain green.
 */
export const GATE_SUMMARY_STATUSES = [
  'ready',
  'ready-with-waiver',
  'blocked',
  'released',
  'released-with-waiver',
  'invalidated',
  'not-requested',
  'not-governed',
  'not-evaluated',
] as const;
export const gateSummaryStatusSchema = z.enum(GATE_SUMMARY_STATUSES);
export type GateSummaryStatus = z.infer<typeof gateSummaryStatusSchema>;

export const gateSummaryItemSchema = z.object({
  subject: z.object({ connection: z.string(), model: z.string(), version: z.number().int(), stage: z.string() }),
  status: gateSummaryStatusSchema,
  /** One line: why the version has that status (the first invalid approval, every blocking reason…). */
  reason: z.string(),
  /** The gate's own verdict; null when it could not be evaluated. */
  gate: z.enum(['pass', 'blocked']).nullable(),
  missingSignoffs: z.number().int(),
  failingChecks: z.number().int(),
});
export type GateSummaryItem = z.infer<typeof gateSummaryItemSchema>;

// ---------------------------------------------------------------------------------------
// Requests and the inbox
// ---------------------------------------------------------------------------------------

export const INBOX_BOXES = ['waiting-for-me', 'my-role', 'mine', 'decided', 'open'] as const;
export const inboxBoxSchema = z.enum(INBOX_BOXES);
export type InboxBox = z.infer<typeof inboxBoxSchema>;

export const requestStatusSchema = z.enum(['open', 'signed-off', 'rejected', 'cancelled']);

export const requestSummarySchema = z.object({
  id: z.string(),
  connection: z.string(),
  model: z.string(),
  version: z.number().int(),
  stage: z.string(),
  note: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string(),
  at: z.number(),
  status: requestStatusSchema,
  tier: riskTierSchema,
  /** Roles still missing a valid sign-off (ignoring evidence; the gate tells the rest). */
  missingRoles: z.array(z.string()),
  approvals: z.number().int(),
  rejections: z.number().int(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

// ---------------------------------------------------------------------------------------
// Ledger verification
// ---------------------------------------------------------------------------------------

export const TAMPER_KINDS = [
  'malformed',
  'edited',
  'deleted',
  'reordered',
  'bad-signature',
  're-signed',
  'unknown-key',
  'unauthorized',
  'replayed',
  'future-dated',
] as const;
export const tamperKindSchema = z.enum(TAMPER_KINDS);
export type TamperKind = z.infer<typeof tamperKindSchema>;

export const ledgerProblemSchema = z.object({
  kind: tamperKindSchema,
  /** Storage position of the row (null when the row itself is gone). */
  seq: z.number().int().nullable(),
  eventId: z.string().nullable(),
  message: z.string(),
});
export type LedgerProblem = z.infer<typeof ledgerProblemSchema>;

export const verifyReportSchema = z.object({
  intact: z.boolean(),
  events: z.number().int(),
  heads: z.array(z.string()),
  genesis: z.string().nullable(),
  problems: z.array(ledgerProblemSchema),
  /** Problems beyond this many are counted, not listed. */
  truncated: z.number().int(),
  elapsedMs: z.number(),
  workers: z.number().int(),
});
export type VerifyReport = z.infer<typeof verifyReportSchema>;

export const ledgerEntrySchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  kind: z.string(),
  author: z.string(),
  authorName: z.string(),
  at: z.number(),
  parents: z.array(z.string()),
  summary: z.string(),
  body: z.record(z.string(), z.unknown()),
  signature: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

// ---------------------------------------------------------------------------------------
// Findings and point-in-time
// ---------------------------------------------------------------------------------------

/**
 * What a finding is about: a governed alias or stage moved outside Quorum, or a deployed
 * version's drift crossed its threshold (a drift result says "dataset drift" where the
 * previous one did not).
 */
export const FINDING_KINDS = ['promotion-outside-quorum', 'drift-threshold'] as const;
export const findingKindSchema = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof findingKindSchema>;

/** The kind as a person reads it, in the Audit list, reports and the CLI. */
export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  'promotion-outside-quorum': 'Promotion outside Quorum',
  'drift-threshold': 'Drift threshold crossed',
};

/** Who sees drift findings, beside `findings.visibleTo`, when the policy does not say (`findings.drift.visibleTo`). */
export const DRIFT_FINDING_AUDIENCE = ['ops', 'data-science', 'compliance'] as const;

/** The roles that see drift findings under a policy's `findings` section. */
export function driftFindingAudience(findings: {
  visibleTo: readonly string[];
  drift?: { visibleTo: readonly string[] } | undefined;
}): string[] {
  return findings.drift ? [...findings.drift.visibleTo] : [...new Set([...findings.visibleTo, ...DRIFT_FINDING_AUDIENCE])];
}

export const findingSchema = z.object({
  id: z.string(),
  severity: z.enum(['high', 'medium', 'low']),
  kind: findingKindSchema,
  connection: z.string(),
  model: z.string(),
  version: z.number().int().nullable(),
  /** The governed stage: the one moved to, or (drift) the one the drifting version is deployed to. */
  stage: z.string(),
  /** The alias or registry stage that moved; for drift, the governed alias or stage the version holds. */
  subject: z.string(),
  /** Promotion: the alias's or stage's previous value; null for drift. */
  from: z.string().nullable(),
  /** Promotion: the new value; null for drift. */
  to: z.string().nullable(),
  /** When a sync observed the move; for drift, when the result that crossed was computed. */
  observedAt: z.number(),
  message: z.string(),
  visibleTo: z.array(z.string()),
  state: z.enum(['open', 'acknowledged', 'resolved']),
  /** Signed acts on this finding, oldest first. */
  history: z.array(
    z.object({ eventId: z.string(), act: z.string(), by: z.string(), byName: z.string(), at: z.number(), comment: z.string() }),
  ),
});
export type Finding = z.infer<typeof findingSchema>;

export const pointInTimeSchema = z.object({
  connection: z.string(),
  model: z.string(),
  alias: z.string(),
  at: z.number(),
  version: z.number().int().nullable(),
  /** When Quorum observed the alias reach that version (observation granularity: one sync). */
  since: z.number().nullable(),
  approved: z.boolean(),
  explanation: z.string(),
  evidence: z.array(z.string()),
});
export type PointInTime = z.infer<typeof pointInTimeSchema>;
