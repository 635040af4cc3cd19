import { z } from 'zod';
import { defineOperation } from './operation';
import {
  findingSchema,
  gateResultSchema,
  gateSummaryItemSchema,
  identitySchema,
  inboxBoxSchema,
  INBOX_BOXES,
  ledgerEntrySchema,
  pointInTimeSchema,
  policyErrorSchema,
  policySchema,
  policyVersionSchema,
  requestSummarySchema,
  roleEventSchema,
  roleNameSchema,
  signoffSchema,
  stageNameSchema,
  verifyReportSchema,
  waiverSchema,
  writeBackResultSchema,
} from '../domain/governance';

/**
 * Who acts. Every operation that signs a ledger event names its actor explicitly:
 * `actor` is an identity whose private key is kept in this data directory (its name,
 * e-mail, fingerprint or public key). When omitted, the workspace's active identity acts
 * (Settings → Identity in the desktop app; `quorum identity use`). The CLI fills it from
 * the global `--identity NAME`. `passphrase` unlocks a passphrase-protected key; the CLI
 * reads it from $QUORUM_PASSPHRASE so it never appears in shell history.
 */
const actorFields = {
  actor: z.string().min(1).max(320).optional(),
  passphrase: z.string().min(1).max(1024).optional(),
};

const text = (max: number) => z.string().max(max);

/**
 * A model version. `connection` may be omitted when only one connection has a model of
 * that name; otherwise the call fails and lists the connections (CLI: `conn/model@version`).
 * Give `version`, or `alias` to mean the version an alias points at now.
 */
const subjectFields = {
  connection: z.string().min(1).max(200).optional(),
  model: z.string().min(1, 'model is required').max(500),
  version: z.number().int().positive().optional(),
  alias: z.string().min(1).max(200).optional(),
};
const subjectSchema = z
  .object({ ...subjectFields, stage: stageNameSchema.default('production') })
  .strict()
  .refine((s) => (s.version === undefined) !== (s.alias === undefined), { message: 'give either version or alias', path: ['version'] });

const oneOfVersionOrAlias = (s: { version?: unknown; alias?: unknown }): boolean => (s.version === undefined) !== (s.alias === undefined);

const subjectWithActor = <E extends z.ZodRawShape>(extra: E) =>
  z
    .object({ ...subjectFields, stage: stageNameSchema.default('production'), ...actorFields, ...extra })
    .strict()
    .refine((s) => oneOfVersionOrAlias(s as { version?: unknown; alias?: unknown }), {
      message: 'give either version or alias',
      path: ['version'],
    });

const publicKeyExportSchema = z.object({
  name: z.string(),
  email: z.string(),
  publicKey: z.string(),
  fingerprint: z.string(),
  pem: z.string(),
});

export const governanceOperations = {
  /** Everyone known to the ledger, with roles; `local` marks identities this data directory can act as. */
  'governance.identities.list': defineOperation({
    doc: 'Lists identities known to the workspace ledger, their roles, and which ones can sign on this machine.',
    input: z.object({}).strict(),
    output: z.array(identitySchema),
  }),
  /** Makes an ed25519 key pair on this machine and records the identity; the first one founds the workspace as admin. */
  'governance.identities.create': defineOperation({
    doc: 'Creates a signing identity (ed25519). The first identity of a workspace becomes its admin.',
    input: z
      .object({
        name: z.string().trim().min(1, 'name is required').max(200),
        email: z.string().trim().email('not an e-mail address').max(320),
        handles: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
        passphrase: z.string().min(8, 'a passphrase needs at least 8 characters').max(1024).optional(),
        activate: z.boolean().default(true),
      })
      .strict(),
    output: identitySchema,
  }),
  /** Chooses the identity the desktop app acts as. */
  'governance.identities.activate': defineOperation({
    doc: 'Sets the active identity of this workspace (one whose private key is on this machine).',
    input: z.object({ identity: z.string().min(1).max(320) }).strict(),
    output: identitySchema,
  }),
  /** Public key of an identity, to hand to an auditor or a colleague. */
  'governance.identities.export': defineOperation({
    doc: 'Exports the public key of an identity (PEM and raw), with its fingerprint.',
    input: z.object({ identity: z.string().min(1).max(320).optional() }).strict(),
    output: publicKeyExportSchema,
  }),
  /** Records someone's public key as known to this machine (for offline verification); grants nothing. */
  'governance.identities.import': defineOperation({
    doc: "Imports a colleague's or auditor's public key (PEM or raw base64url). It grants no role.",
    input: z
      .object({ name: z.string().trim().min(1).max(200), email: z.string().trim().email().max(320), key: z.string().min(43).max(2000) })
      .strict(),
    output: publicKeyExportSchema,
  }),
  /** Who holds which role, and every grant and revocation. */
  'governance.roles.list': defineOperation({
    doc: 'Lists role holders and the signed history of grants and revocations.',
    input: z.object({}).strict(),
    output: z.object({
      roles: z.array(z.string()),
      members: z.array(z.object({ publicKey: z.string(), name: z.string(), email: z.string(), roles: z.array(z.string()) })),
      history: z.array(roleEventSchema),
    }),
  }),
  'governance.roles.grant': defineOperation({
    doc: 'Grants a role to a person (admin only; a signed ledger event).',
    input: z.object({ ...actorFields, person: z.string().min(1).max(320), role: roleNameSchema }).strict(),
    output: roleEventSchema,
  }),
  'governance.roles.revoke': defineOperation({
    doc: 'Revokes a role from a person (admin only; a signed ledger event).',
    input: z.object({ ...actorFields, person: z.string().min(1).max(320), role: roleNameSchema }).strict(),
    output: roleEventSchema,
  }),
  /** The policy in force (or an earlier version by hash) and every version's history. */
  'governance.policy.get': defineOperation({
    doc: 'The release policy in force (or a past version by hash), as YAML and parsed, with its history.',
    input: z
      .object({
        hash: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      })
      .strict(),
    output: z.object({
      hash: z.string(),
      yaml: z.string(),
      policy: policySchema,
      current: z.boolean(),
      versions: z.array(policyVersionSchema),
    }),
  }),
  /** Checks a policy without recording it; errors name the line and field. */
  'governance.policy.validate': defineOperation({
    doc: 'Validates a policy YAML; every error names its line and field.',
    input: z.object({ yaml: z.string().max(1_000_000) }).strict(),
    output: z.object({ valid: z.boolean(), hash: z.string().nullable(), errors: z.array(policyErrorSchema) }),
  }),
  'governance.policy.set': defineOperation({
    doc: 'Records a new release policy (admin only; a signed ledger event).',
    input: z.object({ ...actorFields, yaml: z.string().max(1_000_000), message: text(2000).default('') }).strict(),
    output: policyVersionSchema,
  }),
  'governance.policy.diff': defineOperation({
    doc: 'The difference between two policy versions (by hash; `to` defaults to the one in force).',
    input: z
      .object({
        from: z.string().regex(/^[0-9a-f]{64}$/),
        to: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      })
      .strict(),
    output: z.object({
      from: z.string(),
      to: z.string(),
      unified: z.string(),
      changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })),
    }),
  }),
  /** Asks for a release of a model version to a stage. */
  'governance.requests.create': defineOperation({
    doc: 'Requests a release of MODEL@VERSION to a stage (a signed ledger event).',
    input: subjectWithActor({ note: text(5000).default('') }),
    output: requestSummarySchema,
  }),
  /** The approvals inbox of the acting identity. */
  'governance.requests.inbox': defineOperation({
    doc: 'Approvals inbox: waiting for me, for my role, requested by me, decided, or all open.',
    input: z
      .object({
        actor: z.string().min(1).max(320).optional(),
        box: inboxBoxSchema.default('waiting-for-me'),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({
      box: inboxBoxSchema,
      counts: z.object(
        Object.fromEntries(INBOX_BOXES.map((b) => [b, z.number().int()])) as Record<(typeof INBOX_BOXES)[number], z.ZodNumber>,
      ),
      total: z.number().int(),
      items: z.array(requestSummarySchema),
    }),
  }),
  'governance.requests.get': defineOperation({
    doc: 'One release request with every sign-off, rejection and waiver.',
    input: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    output: z.object({
      request: requestSummarySchema,
      signoffs: z.array(signoffSchema),
      waivers: z.array(waiverSchema.extend({ check: z.string() })),
    }),
  }),
  'governance.requests.cancel': defineOperation({
    doc: 'Cancels an open release request (its requester or an admin; a signed ledger event).',
    input: z.object({ ...actorFields, id: z.string().regex(/^[0-9a-f]{64}$/), comment: text(5000).default('') }).strict(),
    output: requestSummarySchema,
  }),
  'governance.signoff.approve': defineOperation({
    doc: 'Approves a release in a role, optionally with conditions. Binds to artifact, policy and evidence.',
    input: subjectWithActor({
      role: roleNameSchema,
      comment: text(5000).default(''),
      conditions: z.array(text(2000).min(1)).max(20).default([]),
    }),
    output: signoffSchema,
  }),
  'governance.signoff.reject': defineOperation({
    doc: 'Rejects a release in a role; a comment is required.',
    input: subjectWithActor({ role: roleNameSchema, comment: z.string().trim().min(1, 'a rejection needs a comment').max(5000) }),
    output: signoffSchema,
  }),
  'governance.signoff.withdraw': defineOperation({
    doc: 'Withdraws my approval or rejection in a role.',
    input: subjectWithActor({ role: roleNameSchema, comment: text(5000).default('') }),
    output: z.object({ withdrawn: z.string() }),
  }),
  'governance.signoff.waive': defineOperation({
    doc: 'Waives a failing evidence check for a release (admin or compliance; justification required).',
    input: subjectWithActor({
      check: z.string().min(1).max(300),
      justification: z.string().trim().min(1, 'a waiver needs a justification').max(5000),
    }),
    output: waiverSchema.extend({ check: z.string() }),
  }),
  /** policy × version × stage → pass / blocked with every reason; the same verdict the UI and reports show. */
  'governance.gate.evaluate': defineOperation({
    doc: 'Evaluates the release gate for MODEL@VERSION and a stage. `record` signs the evaluation into the ledger.',
    input: subjectWithActor({ record: z.boolean().default(false) }),
    output: gateResultSchema,
  }),
  /**
   * Release through the registry: evaluate the gate and, only when it passes and the
   * connection allows write-back, set the version's `quorum.approval.<stage>` tags and move
   * the stage's governed alias, then sign the evaluation and the write-back into the ledger.
   */
  'governance.gate.writeBack': defineOperation({
    doc: "Evaluates the release gate for MODEL@VERSION and a stage and, when it passes, writes the release back to the registry: sets the version's `quorum.approval.<stage>` tags and moves the stage's governed alias (policy `governs.<stage>.aliases`, the first one), then signs the gate evaluation and a `writeback.performed` event into the ledger. Refused, with nothing written, when the gate is blocked (details.reasons lists why) or the connection's write-back is off (turn it on with `quorum connect mlflow --write-back` or in Settings → Connections). When the registry fails, nothing is recorded and its error is returned.",
    input: subjectWithActor({}),
    output: writeBackResultSchema,
  }),
  /** The version header's gate status for many versions at once (the Models grid), read-only. */
  'governance.gate.summaries': defineOperation({
    doc: "Gate status word and a one-line reason for many versions (default: every model's latest version) and a stage; nothing is recorded.",
    input: z
      .object({
        versions: z
          .array(
            z
              .object({
                connection: z.string().min(1).max(200),
                name: z.string().min(1).max(500),
                version: z.number().int().positive(),
              })
              .strict(),
          )
          .max(10_000)
          .optional(),
        stage: stageNameSchema.default('production'),
      })
      .strict(),
    output: z.array(gateSummaryItemSchema),
  }),
  /** Full verification of the signed ledger: content addresses, signatures, links, order, authority. */
  'governance.ledger.verify': defineOperation({
    doc: 'Verifies every ledger event and points at each edited, deleted, reordered, forged or replayed one.',
    input: z.object({}).strict(),
    output: verifyReportSchema,
  }),
  'governance.ledger.list': defineOperation({
    doc: 'The ledger timeline, newest first, optionally for one model.',
    input: z
      .object({
        model: z.string().max(500).optional(),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ total: z.number().int(), items: z.array(ledgerEntrySchema) }),
  }),
  /** Promotions outside Quorum: governed aliases or stages moved to a version without a passing gate. */
  'governance.findings.list': defineOperation({
    doc: 'Findings (promotions outside Quorum), filtered to what the acting identity may see.',
    input: z.object({ actor: z.string().min(1).max(320).optional(), all: z.boolean().default(false) }).strict(),
    output: z.array(findingSchema),
  }),
  'governance.findings.acknowledge': defineOperation({
    doc: 'Acknowledges a finding (a signed ledger event).',
    input: z.object({ ...actorFields, finding: z.string().regex(/^[0-9a-f]{64}$/), comment: text(5000).default('') }).strict(),
    output: findingSchema,
  }),
  'governance.findings.resolve': defineOperation({
    doc: 'Resolves a finding (admin or compliance; comment required; a signed ledger event).',
    input: z
      .object({
        ...actorFields,
        finding: z.string().regex(/^[0-9a-f]{64}$/),
        comment: z.string().trim().min(1, 'say how it was resolved').max(5000),
      })
      .strict(),
    output: findingSchema,
  }),
  /** "What was @champion on date T, and was it approved?" */
  'governance.pointInTime': defineOperation({
    doc: 'Which version an alias pointed at on a date, and whether that version was approved then.',
    input: z
      .object({
        connection: z.string().min(1).max(200).optional(),
        model: z.string().min(1).max(500),
        alias: z.string().min(1).max(200),
        at: z.number().int(),
      })
      .strict(),
    output: pointInTimeSchema,
  }),
} as const;

export { subjectSchema as governanceSubjectSchema };
