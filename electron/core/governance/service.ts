import type { Database } from 'better-sqlite3';
import type {
  Finding,
  GateResult,
  GateSummaryItem,
  Identity,
  InboxBox,
  PointInTime,
  PolicyVersion,
  RequestSummary,
  RoleChange,
  Signoff,
  VerifyReport,
} from '@shared/domain/governance';
import type { VersionDetail } from '@shared/domain/catalog';
import { QuorumError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';
import { modelTagIndex, observedMoves, resolveConnection, resolveVersion, type SubjectRef } from './catalog-access';
import { collectEvidence, evidenceHash, authorsOf, type EvidenceProviders } from './evidence';
import type { EventKind, LedgerEvent } from './events';
import { deriveFindings, pointInTime } from './findings';
import { cachedModels } from '../catalog/queries';
import { gateSummaryOf } from '@shared/domain/gate-status';
import { bindingOf, evaluateGate, isPerson, latestOpenRequest, tierFor } from './gate';
import { activeIdentity, findPerson, localIdentities, resolveActor, secretNameFor, setActiveIdentity, type Actor } from './identities';
import { inbox, summarize, type InboxResult } from './inbox';
import { fingerprintOf, generateIdentityKey, parsePublicKey, publicKeyPem, sealPrivateKey } from './keys';
import { defaultPolicyText, diffPolicies, parsePolicy, requirePolicy, type PolicyDiff } from './policy';
import { subjectKey, type IdentityRecord, type LedgerState, type PolicyRecord, type RequestRecord } from './state';
import { verifyLedger } from './verify';
import { Ledger } from './ledger';
import { summarizeEvent } from './event-summary';

export interface GovernanceDeps {
  db: Database;
  now: () => number;
  resourcesDir: string;
  secrets: SecretStore;
  providers?: EvidenceProviders;
  /** Called after every signed write, to tell windows to refetch. */
  changed?: () => void;
}

interface ActorInput {
  actor?: string | undefined;
  passphrase?: string | undefined;
}

type StageRef = SubjectRef & { stage: string };

/**
 * Governance for one workspace: identities, roles, policy, requests, sign-offs, the gate,
 * findings. Every act is a signed event appended through `Ledger`; every read derives from it.
 */
export class GovernanceService {
  private readonly ledger: Ledger;
  private fallbackPolicy: PolicyRecord | null = null;
  private readonly db: Database;

  constructor(private readonly deps: GovernanceDeps) {
    this.db = deps.db;
    this.ledger = new Ledger(deps.db, deps.now, deps.secrets, deps.changed);
  }

  /** Derived ledger state (verified; cached until the ledger changes). */
  async state(): Promise<LedgerState> {
    return this.ledger.state();
  }

  /**
   * The policy in force. A workspace whose ledger has none yet (nobody created an identity)
   * is evaluated against the shipped default, so `quorum gate` in CI and the inbox work from
   * the first sync; the default is recorded in the ledger when the workspace is founded.
   */
  private policyRecord(state: LedgerState): PolicyRecord {
    if (state.policy) return state.policy;
    if (!this.fallbackPolicy) {
      const yaml = defaultPolicyText(this.deps.resourcesDir);
      const { policy, hash } = requirePolicy(yaml);
      this.fallbackPolicy = {
        hash,
        yaml,
        policy,
        eventId: '',
        at: 0,
        by: '',
        message: 'Shipped default (not yet recorded in this workspace)',
      };
    }
    return this.fallbackPolicy;
  }

  private async actor(input: ActorInput, state: LedgerState): Promise<Actor> {
    return resolveActor(this.db, state, this.deps.secrets, input.actor, input.passphrase);
  }

  // -------------------------------------------------------------------------------------
  // Identities and roles
  // -------------------------------------------------------------------------------------

  async listIdentities(): Promise<Identity[]> {
    const state = await this.ledger.state();
    const locals = new Map(localIdentities(this.db).map((l) => [l.public_key, l]));
    const active = activeIdentity(this.db);
    return [...state.identities.values()].map((i) => this.toIdentity(i, state, locals.get(i.publicKey), active));
  }

  private toIdentity(i: IdentityRecord, state: LedgerState, local: { protected: number } | undefined, active: string | null): Identity {
    return {
      publicKey: i.publicKey,
      fingerprint: fingerprintOf(i.publicKey),
      name: i.name,
      email: i.email,
      handles: i.handles,
      roles: [...state.rolesOf(i.publicKey)].sort(),
      createdAt: i.createdAt,
      local: local !== undefined,
      active: active === i.publicKey,
      protected: local?.protected === 1,
    };
  }

  async createIdentity(input: {
    name: string;
    email: string;
    handles: string[];
    passphrase?: string | undefined;
    activate: boolean;
  }): Promise<Identity> {
    const state = await this.ledger.writableState();
    const email = input.email.toLowerCase();
    if ([...state.identities.values()].some((i) => i.email.toLowerCase() === email)) {
      throw new QuorumError('conflict', `An identity with e-mail ${input.email} already exists in this workspace.`, { email: input.email });
    }
    const locals = localIdentities(this.db).map((l) => state.identities.get(l.public_key));
    if (locals.some((l) => l?.name.toLowerCase() === input.name.toLowerCase())) {
      throw new QuorumError(
        'conflict',
        `This machine already has an identity named "${input.name}"; --identity must pick one unambiguously.`,
        { name: input.name },
      );
    }
    const pair = generateIdentityKey();
    const person = { name: input.name, email: input.email, handles: input.handles };
    const actor: Actor = {
      identity: { publicKey: pair.publicKey, ...person, createdAt: this.deps.now(), eventId: '' },
      key: pair.privateKey,
    };
    const genesis = state.genesis === null;
    let drafts: { kind: EventKind; body: unknown }[];
    if (genesis) {
      const yaml = defaultPolicyText(this.deps.resourcesDir);
      const { hash } = requirePolicy(yaml);
      drafts = [
        { kind: 'workspace.created', body: { creator: person } },
        { kind: 'policy.set', body: { yaml, hash, message: 'Default policy at workspace creation' } },
      ];
    } else drafts = [{ kind: 'identity.created', body: person }];

    const secretName = secretNameFor(pair.publicKey);
    await this.deps.secrets.set(secretName, sealPrivateKey(pair, input.passphrase));
    try {
      this.ledger.append(actor, drafts, state);
      this.db
        .prepare('INSERT INTO governance_local_identities (public_key, secret_name, protected, created_at) VALUES (?, ?, ?, ?)')
        .run(pair.publicKey, secretName, input.passphrase === undefined ? 0 : 1, this.deps.now());
      if (input.activate || activeIdentity(this.db) === null) setActiveIdentity(this.db, pair.publicKey);
    } catch (error) {
      await this.deps.secrets.delete(secretName);
      throw error;
    }
    const created = (await this.listIdentities()).find((i) => i.publicKey === pair.publicKey);
    if (!created) throw new QuorumError('internal', 'The identity was written but cannot be read back.');
    return created;
  }

  async activate(ref: string): Promise<Identity> {
    const state = await this.ledger.state();
    const locals = localIdentities(this.db);
    const known = locals.map((l) => state.identities.get(l.public_key)).filter((i): i is IdentityRecord => i !== undefined);
    const chosen = findPerson(known, ref, 'identity on this machine');
    setActiveIdentity(this.db, chosen.publicKey);
    this.deps.changed?.();
    return (await this.listIdentities()).find((i) => i.publicKey === chosen.publicKey) as Identity;
  }

  async exportIdentity(ref?: string): Promise<{ name: string; email: string; publicKey: string; fingerprint: string; pem: string }> {
    const state = await this.ledger.state();
    let identity: IdentityRecord | undefined;
    if (ref !== undefined) identity = findPerson([...state.identities.values()], ref);
    else {
      const active = activeIdentity(this.db);
      identity = active ? state.identities.get(active) : undefined;
      if (!identity) throw new QuorumError('invalid_input', 'No active identity; name the identity to export.');
    }
    return {
      name: identity.name,
      email: identity.email,
      publicKey: identity.publicKey,
      fingerprint: fingerprintOf(identity.publicKey),
      pem: publicKeyPem(identity.publicKey),
    };
  }

  importKey(input: { name: string; email: string; key: string }): {
    name: string;
    email: string;
    publicKey: string;
    fingerprint: string;
    pem: string;
  } {
    const raw = parsePublicKey(input.key);
    this.db
      .prepare(
        'INSERT INTO governance_known_keys (public_key, name, email, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT (public_key) DO UPDATE SET name = excluded.name, email = excluded.email',
      )
      .run(raw, input.name, input.email, this.deps.now());
    return { name: input.name, email: input.email, publicKey: raw, fingerprint: fingerprintOf(raw), pem: publicKeyPem(raw) };
  }

  async listRoles(): Promise<{
    roles: string[];
    members: { publicKey: string; name: string; email: string; roles: string[] }[];
    history: RoleChange[];
  }> {
    const state = await this.ledger.state();
    const name = (k: string) => state.identities.get(k)?.name ?? k.slice(0, 12);
    return {
      roles: state.policy?.policy.roles ?? [],
      members: [...state.identities.values()].map((i) => ({
        publicKey: i.publicKey,
        name: i.name,
        email: i.email,
        roles: [...state.rolesOf(i.publicKey)].sort(),
      })),
      history: state.roleHistory.map((h) => ({
        eventId: h.eventId,
        subject: h.subject,
        subjectName: name(h.subject),
        role: h.role,
        granted: h.granted,
        by: h.by,
        byName: name(h.by),
        at: h.at,
      })),
    };
  }

  async changeRole(input: ActorInput & { person: string; role: string }, grant: boolean): Promise<RoleChange> {
    const state = await this.ledger.writableState();
    const actor = await this.actor(input, state);
    const person = findPerson([...state.identities.values()], input.person, 'person');
    if (!state.hasRole(actor.identity.publicKey, 'admin')) {
      throw new QuorumError('forbidden', `${actor.identity.name} is not an admin; only an admin can ${grant ? 'grant' : 'revoke'} roles.`);
    }
    const policyRoles = this.policyRecord(state).policy.roles;
    if (!policyRoles.includes(input.role)) {
      throw new QuorumError('invalid_input', `"${input.role}" is not a role of this workspace's policy (${policyRoles.join(', ')}).`, {
        role: input.role,
      });
    }
    if (grant === state.hasRole(person.publicKey, input.role)) {
      throw new QuorumError('conflict', `${person.name} ${grant ? 'already holds' : 'does not hold'} the ${input.role} role.`);
    }
    const [event] = this.ledger.append(
      actor,
      [{ kind: grant ? 'role.granted' : 'role.revoked', body: { subject: person.publicKey, role: input.role } }],
      state,
    );
    const e = event as LedgerEvent;
    return {
      eventId: e.id,
      subject: person.publicKey,
      subjectName: person.name,
      role: input.role,
      granted: grant,
      by: actor.identity.publicKey,
      byName: actor.identity.name,
      at: e.at,
    };
  }

  // -------------------------------------------------------------------------------------
  // Policy
  // -------------------------------------------------------------------------------------

  private policyVersions(state: LedgerState): PolicyVersion[] {
    const name = (k: string) => state.identities.get(k)?.name ?? k.slice(0, 12);
    return state.policies.map((p) => ({
      hash: p.hash,
      eventId: p.eventId,
      setAt: p.at,
      setBy: p.by,
      setByName: name(p.by),
      message: p.message,
    }));
  }

  async getPolicy(hash?: string) {
    const state = await this.ledger.state();
    const current = this.policyRecord(state);
    const record = hash === undefined ? current : [...state.policies].reverse().find((p) => p.hash === hash);
    if (!record) throw new QuorumError('not_found', `No policy version ${hash ?? ''} in this workspace.`, { hash });
    return {
      hash: record.hash,
      yaml: record.yaml,
      policy: record.policy,
      current: record.hash === current.hash,
      versions: this.policyVersions(state),
    };
  }

  validatePolicy(yaml: string) {
    const parsed = parsePolicy(yaml);
    return parsed.ok ? { valid: true, hash: parsed.hash, errors: [] } : { valid: false, hash: null, errors: parsed.errors };
  }

  async setPolicy(input: ActorInput & { yaml: string; message: string }): Promise<PolicyVersion> {
    const { hash } = requirePolicy(input.yaml);
    const state = await this.ledger.writableState();
    const actor = await this.actor(input, state);
    if (!state.hasRole(actor.identity.publicKey, 'admin'))
      throw new QuorumError('forbidden', `${actor.identity.name} is not an admin; only an admin can change the policy.`);
    if (state.policy?.hash === hash) throw new QuorumError('conflict', 'This policy is already in force; nothing to record.');
    const policy = requirePolicy(input.yaml).policy;
    // Nobody must be locked out: every admin the new policy drops would lose their power silently.
    if (!policy.roles.includes('admin')) throw new QuorumError('invalid_input', 'The policy must keep the admin role.');
    const [event] = this.ledger.append(actor, [{ kind: 'policy.set', body: { yaml: input.yaml, hash, message: input.message } }], state);
    return this.policyVersions(await this.ledger.state()).find((v) => v.eventId === (event as LedgerEvent).id) as PolicyVersion;
  }

  async diffPolicy(from: string, to?: string): Promise<PolicyDiff & { from: string; to: string }> {
    const a = await this.getPolicy(from);
    const b = await this.getPolicy(to);
    return { from: a.hash, to: b.hash, ...diffPolicies(a.yaml, b.yaml, a.policy, b.policy) };
  }

  // -------------------------------------------------------------------------------------
  // Gate, requests and sign-off
  // -------------------------------------------------------------------------------------

  private governedPolicy(stage: string, state: LedgerState): PolicyRecord {
    const policy = this.policyRecord(state);
    if (!Object.hasOwn(policy.policy.governs, stage)) {
      throw new QuorumError(
        'invalid_input',
        `Unknown stage "${stage}"; the policy governs: ${Object.keys(policy.policy.governs).join(', ')}.`,
        {
          stage,
        },
      );
    }
    return policy;
  }

  private context(ref: StageRef, state: LedgerState, known?: PolicyRecord) {
    const policy = known ?? this.governedPolicy(ref.stage, state);
    const detail = resolveVersion(this.db, ref);
    const evidence = collectEvidence(detail, this.deps.providers ?? {});
    const hash = evidenceHash(evidence);
    const subject = { connection: detail.connection, model: detail.modelName, version: detail.version, stage: ref.stage };
    return { policy, detail, evidence, evidenceHash: hash, subject };
  }

  private gateFor(state: LedgerState, ctx: ReturnType<GovernanceService['context']>): GateResult {
    return evaluateGate({
      state,
      policy: ctx.policy,
      subject: ctx.subject,
      modelTags: ctx.detail.model.tags,
      evidence: ctx.evidence,
      evidenceHash: ctx.evidenceHash,
      now: this.deps.now(),
    });
  }

  async evaluateGate(input: StageRef & ActorInput & { record: boolean }): Promise<GateResult> {
    const state = input.record ? await this.ledger.writableState() : await this.ledger.state();
    const ctx = this.context(input, state);
    const result = this.gateFor(state, ctx);
    if (!input.record) return result;
    const actor = await this.actor(input, state);
    const [event] = this.ledger.append(
      actor,
      [
        {
          kind: 'gate.evaluated',
          body: {
            subject: ctx.subject,
            request: result.request?.id ?? null,
            status: result.status,
            policyHash: result.policyHash,
            evidenceHash: result.evidenceHash,
            reasons: result.reasons.map((r) => r.slice(0, 2000)).slice(0, 200),
          },
        },
      ],
      state,
    );
    return { ...result, recordedEventId: (event as LedgerEvent).id };
  }

  /**
   * The header's gate status for many versions in one pass (the Models grid): the ledger is
   * folded and the policy resolved once, write-backs indexed once; per version only its
   * catalog evidence is read and the pure gate evaluated. Default: every model's latest version.
   */
  async gateSummaries(input: {
    versions?: { connection: string; name: string; version: number }[] | undefined;
    stage: string;
  }): Promise<GateSummaryItem[]> {
    const state = await this.ledger.state();
    const policy = this.governedPolicy(input.stage, state);
    const now = this.deps.now();
    const released = new Map<string, { byName: string }>();
    for (const e of state.events) {
      if (e.kind !== 'writeback.performed') continue;
      const subject = (e.body as { subject?: Parameters<typeof subjectKey>[0] }).subject;
      if (subject) released.set(subjectKey(subject), { byName: state.identities.get(e.author)?.name ?? e.author.slice(0, 12) });
    }
    const refs =
      input.versions ??
      cachedModels(this.db).flatMap((m) =>
        m.latestVersion === null ? [] : [{ connection: m.connection, name: m.name, version: m.latestVersion }],
      );
    return refs.map((ref) => {
      const subject = { connection: ref.connection, model: ref.name, version: ref.version, stage: input.stage };
      try {
        const ctx = this.context(subject, state, policy);
        const gate = evaluateGate({
          state,
          policy,
          subject: ctx.subject,
          modelTags: ctx.detail.model.tags,
          evidence: ctx.evidence,
          evidenceHash: ctx.evidenceHash,
          now,
        });
        return gateSummaryOf(gate, released.get(subjectKey(ctx.subject)) ?? null);
      } catch (error) {
        if (!(error instanceof QuorumError)) throw error;
        return { subject, status: 'not-evaluated', reason: error.message, gate: null, missingSignoffs: 0, failingChecks: 0 };
      }
    });
  }

  private requireRole(state: LedgerState, actor: Actor, role: string, act: string): void {
    if (!state.hasRole(actor.identity.publicKey, role)) {
      const held = [...state.rolesOf(actor.identity.publicKey)];
      throw new QuorumError(
        'forbidden',
        `${actor.identity.name} does not hold the ${role} role (holds: ${held.join(', ') || 'none'}), so cannot ${act}. Nothing was written.`,
        { role },
      );
    }
  }

  private summary(state: LedgerState, request: RequestRecord): RequestSummary {
    const tags = modelTagIndex(this.db).get(`${request.subject.connection}\u0000${request.subject.model}`) ?? [];
    return summarize(state, this.policyRecord(state).policy, request, tags);
  }

  /**
   * Records a registry write-back (version tags, alias move) done after a passing gate. For
   * the MLflow connector's write-back: call `evaluateGate({ record: true })` first, write to
   * the registry, then record what was written against that gate event.
   */
  async recordWriteback(
    input: Omit<StageRef, 'alias'> & ActorInput & { gate: string; tags: { key: string; value: string }[]; alias: string | null },
  ): Promise<string> {
    const state = await this.ledger.writableState();
    // `alias` here is the registry alias that was moved, not a way to name the version.
    const ctx = this.context({ connection: input.connection, model: input.model, version: input.version, stage: input.stage }, state);
    const actor = await this.actor(input, state);
    const [event] = this.ledger.append(
      actor,
      [{ kind: 'writeback.performed', body: { subject: ctx.subject, gate: input.gate, tags: input.tags, alias: input.alias } }],
      state,
    );
    return (event as LedgerEvent).id;
  }

  async requestRelease(input: StageRef & ActorInput & { note: string }): Promise<RequestSummary> {
    const state = await this.ledger.writableState();
    const ctx = this.context(input, state);
    const actor = await this.actor(input, state);
    if (state.rolesOf(actor.identity.publicKey).size === 0) {
      throw new QuorumError(
        'forbidden',
        `${actor.identity.name} holds no role yet; an admin must grant one before they can request a release.`,
      );
    }
    const open = latestOpenRequest(state, ctx.subject);
    if (open) {
      throw new QuorumError(
        'conflict',
        `${ctx.subject.model} v${ctx.subject.version} already has an open request to ${ctx.subject.stage} (${open.id.slice(0, 12)}).`,
        { request: open.id },
      );
    }
    const [event] = this.ledger.append(
      actor,
      [{ kind: 'release.requested', body: { subject: ctx.subject, note: input.note, binding: bindingOf(ctx) } }],
      state,
    );
    return this.summary(state, state.requests.get((event as LedgerEvent).id) as RequestRecord);
  }

  async cancelRequest(input: ActorInput & { id: string; comment: string }): Promise<RequestSummary> {
    const state = await this.ledger.writableState();
    const request = state.requests.get(input.id);
    if (!request) throw new QuorumError('not_found', `No release request ${input.id.slice(0, 12)}.`);
    if (request.cancelled) throw new QuorumError('conflict', 'That request was already cancelled.');
    const actor = await this.actor(input, state);
    if (request.requester !== actor.identity.publicKey && !state.hasRole(actor.identity.publicKey, 'admin')) {
      throw new QuorumError('forbidden', `Only the requester or an admin can cancel this request.`);
    }
    this.ledger.append(actor, [{ kind: 'release.cancelled', body: { request: request.id, comment: input.comment } }], state);
    return this.summary(state, request);
  }

  private openRequest(state: LedgerState, subject: StageRef & { connection: string; model: string; version: number }): RequestRecord {
    const request = latestOpenRequest(state, subject);
    if (!request) {
      throw new QuorumError(
        'not_found',
        `No open release request for ${subject.model} v${subject.version} to ${subject.stage}. Request one first: quorum request ${subject.model}@${subject.version} --stage ${subject.stage}.`,
      );
    }
    return request;
  }

  async signoff(
    input: StageRef & ActorInput & { role: string; comment: string; conditions?: string[] },
    decision: 'approved' | 'rejected',
  ): Promise<Signoff> {
    const state = await this.ledger.writableState();
    const ctx = this.context(input, state);
    const actor = await this.actor(input, state);
    const me = actor.identity.publicKey;
    const verb = decision === 'approved' ? 'approve' : 'reject';
    this.requireRole(state, actor, input.role, `${verb} in that role`);
    const request = this.openRequest(state, ctx.subject);
    const { tier: tierName } = tierFor(ctx.policy.policy, ctx.subject.model, ctx.detail.model.tags);
    const tier = ctx.policy.policy.tiers[tierName];
    const required = tier.signoffs.map((s) => s.role);
    if (!required.includes(input.role)) {
      throw new QuorumError(
        'invalid_input',
        `A ${tierName}-risk release to ${ctx.subject.stage} needs sign-off from ${required.join(', ') || 'no role'}; ${input.role} is not one of them.`,
        { role: input.role },
      );
    }
    const mine = request.signoffs.filter((s) => s.person === me && !s.withdrawn);
    const same = mine.find((s) => s.role === input.role);
    if (same) {
      throw new QuorumError(
        'conflict',
        `${actor.identity.name} already ${same.decision} this release as ${input.role} (${new Date(same.at).toISOString()}). Withdraw it first to change it.`,
      );
    }
    if (decision === 'approved') {
      const authors = authorsOf(ctx.evidence);
      if (tier.independence.authorMayNotSign && authors.some((a) => isPerson(actor.identity, a))) {
        throw new QuorumError(
          'forbidden',
          `${actor.identity.name} is the author of ${ctx.subject.model} v${ctx.subject.version} (registry/run user ${authors.join(', ')}) and cannot sign off on it (independence). Nothing was written.`,
        );
      }
      const other = mine.find((s) => s.decision === 'approved' && s.role !== input.role && required.includes(s.role));
      if (tier.independence.onePersonOneRole && other) {
        throw new QuorumError(
          'conflict',
          `${actor.identity.name} already signed this release as ${other.role}; one person cannot fill two required roles.`,
        );
      }
    }
    const body =
      decision === 'approved'
        ? {
            request: request.id,
            subject: ctx.subject,
            role: input.role,
            comment: input.comment,
            conditions: input.conditions ?? [],
            binding: bindingOf(ctx),
          }
        : { request: request.id, subject: ctx.subject, role: input.role, comment: input.comment, binding: bindingOf(ctx) };
    const [event] = this.ledger.append(actor, [{ kind: decision === 'approved' ? 'signoff.approved' : 'signoff.rejected', body }], state);
    const e = event as LedgerEvent;
    return {
      eventId: e.id,
      person: me,
      name: actor.identity.name,
      role: input.role,
      decision,
      at: e.at,
      comment: input.comment,
      conditions: input.conditions ?? [],
      invalidReason: null,
    };
  }

  async withdraw(input: StageRef & ActorInput & { role: string; comment: string }): Promise<{ withdrawn: string }> {
    const state = await this.ledger.writableState();
    const ctx = this.context(input, state);
    const actor = await this.actor(input, state);
    const request = this.openRequest(state, ctx.subject);
    const mine = request.signoffs.find((s) => s.person === actor.identity.publicKey && s.role === input.role && !s.withdrawn);
    if (!mine) throw new QuorumError('not_found', `${actor.identity.name} has no ${input.role} sign-off on this release to withdraw.`);
    this.ledger.append(
      actor,
      [{ kind: 'signoff.withdrawn', body: { request: request.id, signoff: mine.eventId, comment: input.comment } }],
      state,
    );
    return { withdrawn: mine.eventId };
  }

  async waive(input: StageRef & ActorInput & { check: string; justification: string }) {
    const state = await this.ledger.writableState();
    const ctx = this.context(input, state);
    const actor = await this.actor(input, state);
    const { tier: tierName } = tierFor(ctx.policy.policy, ctx.subject.model, ctx.detail.model.tags);
    const allowed = ctx.policy.policy.tiers[tierName].waivers.allowedRoles;
    if (!allowed.some((r) => state.hasRole(actor.identity.publicKey, r))) {
      throw new QuorumError(
        'forbidden',
        `Only ${allowed.join(' or ')} may waive a check on a ${tierName}-risk release; ${actor.identity.name} holds ${[...state.rolesOf(actor.identity.publicKey)].join(', ') || 'no role'}.`,
      );
    }
    const request = this.openRequest(state, ctx.subject);
    const gate = this.gateFor(state, ctx);
    const check = gate.checks.find((c) => c.id === input.check);
    if (!check)
      throw new QuorumError(
        'invalid_input',
        `No check "${input.check}" on this release (checks: ${gate.checks.map((c) => c.id).join(', ') || 'none'}).`,
      );
    if (check.status !== 'fail')
      throw new QuorumError('conflict', `The check ${check.id} is ${check.status}; only a failing check can be waived.`);
    const [event] = this.ledger.append(
      actor,
      [
        {
          kind: 'waiver.granted',
          body: { request: request.id, subject: ctx.subject, check: check.id, justification: input.justification, binding: bindingOf(ctx) },
        },
      ],
      state,
    );
    const e = event as LedgerEvent;
    return {
      eventId: e.id,
      by: actor.identity.publicKey,
      byName: actor.identity.name,
      at: e.at,
      justification: input.justification,
      check: check.id,
    };
  }

  async inbox(input: { actor?: string | undefined; box: InboxBox; limit: number; offset: number }): Promise<InboxResult> {
    const state = await this.ledger.state();
    const policy = this.policyRecord(state).policy;
    const locals = localIdentities(this.db);
    const known = locals.map((l) => state.identities.get(l.public_key)).filter((i): i is IdentityRecord => i !== undefined);
    const me =
      input.actor !== undefined
        ? findPerson(known, input.actor, 'identity on this machine').publicKey
        : (activeIdentity(this.db) ?? (known.length === 1 ? (known[0] as IdentityRecord).publicKey : null));
    return inbox(state, policy, modelTagIndex(this.db), me, input);
  }

  async getRequest(id: string) {
    const state = await this.ledger.state();
    const request = state.requests.get(id);
    if (!request) throw new QuorumError('not_found', `No release request ${id.slice(0, 12)}.`);
    const name = (k: string) => state.identities.get(k)?.name ?? k.slice(0, 12);
    return {
      request: this.summary(state, request),
      signoffs: request.signoffs.map((s) => ({
        eventId: s.eventId,
        person: s.person,
        name: name(s.person),
        role: s.role,
        decision: s.decision,
        at: s.at,
        comment: s.comment,
        conditions: s.conditions,
        invalidReason: s.withdrawn ? `withdrawn on ${new Date(s.withdrawn.at).toISOString()}` : null,
      })),
      waivers: request.waivers.map((w) => ({
        eventId: w.eventId,
        by: w.by,
        byName: name(w.by),
        at: w.at,
        justification: w.justification,
        check: w.check,
      })),
    };
  }

  // -------------------------------------------------------------------------------------
  // Ledger, findings, point-in-time
  // -------------------------------------------------------------------------------------

  async verify(): Promise<VerifyReport> {
    return verifyLedger(this.db, this.deps.now());
  }

  async listLedger(input: { model?: string | undefined; limit: number; offset: number }) {
    const state = await this.ledger.state();
    const name = (k: string) => state.identities.get(k)?.name ?? k.slice(0, 12);
    const all = [...state.events].reverse().filter((e) => {
      if (input.model === undefined) return true;
      const subject = (e.body as { subject?: unknown }).subject;
      if (subject && typeof subject === 'object' && (subject as { model?: unknown }).model === input.model) return true;
      const request = (e.body as { request?: unknown }).request;
      return typeof request === 'string' && state.requests.get(request)?.subject.model === input.model;
    });
    return {
      total: all.length,
      items: all.slice(input.offset, input.offset + input.limit).map((e) => ({
        seq: e.seq,
        id: e.id,
        kind: e.kind,
        author: e.author,
        authorName: name(e.author),
        at: e.at,
        parents: e.parents,
        summary: summarizeEvent(e, name),
        body: e.body as Record<string, unknown>,
        signature: e.signature,
      })),
    };
  }

  private authorsLookup(): (connection: string, model: string, version: number) => string[] {
    const cache = new Map<string, string[]>();
    return (connection, model, version) => {
      const key = `${connection}\u0000${model}\u0000${version}`;
      let found = cache.get(key);
      if (!found) {
        try {
          found = authorsOf(collectEvidence(resolveVersion(this.db, { connection, model, version }), {}));
        } catch {
          found = [];
        }
        cache.set(key, found);
      }
      return found;
    };
  }

  async findings(input: { actor?: string | undefined; all: boolean }): Promise<Finding[]> {
    const state = await this.ledger.state();
    const list = deriveFindings(state, observedMoves(this.db), modelTagIndex(this.db), this.authorsLookup());
    if (input.all) return list;
    let me: string | null = activeIdentity(this.db);
    if (input.actor !== undefined) me = findPerson([...state.identities.values()], input.actor).publicKey;
    if (me === null) return list;
    const roles = state.rolesOf(me);
    return list.filter((f) => f.visibleTo.some((r) => roles.has(r)));
  }

  async actOnFinding(input: ActorInput & { finding: string; comment: string }, act: 'acknowledged' | 'resolved'): Promise<Finding> {
    const state = await this.ledger.writableState();
    const finding = deriveFindings(state, observedMoves(this.db), modelTagIndex(this.db), this.authorsLookup()).find(
      (f) => f.id === input.finding,
    );
    if (!finding) throw new QuorumError('not_found', `No finding ${input.finding.slice(0, 12)}.`);
    if (finding.state === 'resolved') throw new QuorumError('conflict', 'That finding is already resolved.');
    const actor = await this.actor(input, state);
    if (act === 'resolved' && !['admin', 'compliance'].some((r) => state.hasRole(actor.identity.publicKey, r))) {
      throw new QuorumError('forbidden', `Only admin or compliance may resolve a finding; ${actor.identity.name} cannot.`);
    }
    const drafts: { kind: EventKind; body: unknown }[] = [];
    if (!state.findings.has(finding.id)) {
      drafts.push({
        kind: 'finding.raised',
        body: {
          finding: finding.id,
          connection: finding.connection,
          model: finding.model,
          version: finding.version,
          stage: finding.stage,
          subject: finding.subject,
          observedAt: finding.observedAt,
          severity: finding.severity,
        },
      });
    }
    drafts.push({
      kind: act === 'resolved' ? 'finding.resolved' : 'finding.acknowledged',
      body: { finding: finding.id, comment: input.comment },
    });
    this.ledger.append(actor, drafts, state);
    return (await this.findings({ all: true })).find((f) => f.id === finding.id) as Finding;
  }

  async pointInTime(input: { connection?: string | undefined; model: string; alias: string; at: number }): Promise<PointInTime> {
    const state = await this.ledger.state();
    const connection = resolveConnection(this.db, input.model, input.connection);
    const moves = observedMoves(this.db, { connection, model: input.model });
    const tags = modelTagIndex(this.db).get(`${connection}\u0000${input.model}`) ?? [];
    const authors = this.authorsLookup();
    return pointInTime(state, moves, { connection, model: input.model, alias: input.alias, at: input.at }, tags, (v) =>
      authors(connection, input.model, v),
    );
  }

  /** For tests and tools: the version detail governance sees. */
  version(ref: SubjectRef): VersionDetail {
    return resolveVersion(this.db, ref);
  }
}
