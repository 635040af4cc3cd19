import type { Database } from 'better-sqlite3';
import type { GateResult, RequestSummary } from '@shared/domain/governance';
import { QuorumError } from '../../errors';
import type { SecretStore } from '../../secrets/secret-store';
import { modelTagIndex, resolveVersion, type SubjectRef } from '../catalog-access';
import { authorsOf, collectEvidence, evidenceHash, type EvidenceProviders } from '../evidence';
import { evaluateGate } from '../gate';
import { resolveActor, type Actor } from '../identities';
import { summarize } from '../inbox';
import { Ledger } from '../ledger';
import { defaultPolicyText, requirePolicy } from '../policy';
import type { LedgerState, PolicyRecord, RequestRecord } from '../state';
import type { RegistryWriter } from './writeback';
import type { DriftCrossingSource } from '../../drift/crossing';

export interface GovernanceDeps {
  db: Database;
  now: () => number;
  resourcesDir: string;
  secrets: SecretStore;
  providers?: EvidenceProviders;
  /**
   * Drift threshold crossings (the drift feature's), raised as findings on deployed versions.
   * Absent means none: governance works in a workspace without drift results.
   */
  driftCrossings?: DriftCrossingSource;
  /** The registry's write-back (tags, aliases); absent where no registry runs, and a write-back is then refused. */
  registry?: RegistryWriter;
  /** Called after every signed write, to tell windows to refetch. */
  changed?: () => void;
}

export interface ActorInput {
  actor?: string | undefined;
  passphrase?: string | undefined;
}

export type StageRef = SubjectRef & { stage: string };

/** What every gate-related act reads about one version: the policy, the catalog detail and the bound evidence. */
export interface VersionContext {
  policy: PolicyRecord;
  detail: ReturnType<typeof resolveVersion>;
  evidence: ReturnType<typeof collectEvidence>;
  evidenceHash: string;
  subject: { connection: string; model: string; version: number; stage: string };
  /** The evaluation time: evidence is what was known then, and the gate is evaluated at it. */
  at: number;
}

/**
 * What the governance acts share: the ledger, the catalog, the clock and keys, and the few
 * lookups several of them need (the policy in force, the acting identity, a version's
 * evidence and gate). One per GovernanceService, so the ledger's derived-state cache and
 * the fallback policy are shared by every act.
 */
export class GovernanceScope {
  readonly ledger: Ledger;
  readonly db: Database;
  private fallbackPolicy: PolicyRecord | null = null;

  constructor(readonly deps: GovernanceDeps) {
    this.db = deps.db;
    this.ledger = new Ledger(deps.db, deps.now, deps.secrets, deps.changed);
  }

  /**
   * The policy in force. A workspace whose ledger has none yet (nobody created an identity)
   * is evaluated against the shipped default, so `quorum gate` in CI and the inbox work from
   * the first sync; the default is recorded in the ledger when the workspace is founded.
   */
  policyRecord(state: LedgerState): PolicyRecord {
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

  async actor(input: ActorInput, state: LedgerState): Promise<Actor> {
    return resolveActor(this.db, state, this.deps.secrets, input.actor, input.passphrase);
  }

  /** The policy in force, refusing a stage it does not govern (a typo must not pass as "not governed"). */
  governedPolicy(stage: string, state: LedgerState): PolicyRecord {
    const policy = this.policyRecord(state);
    if (!Object.hasOwn(policy.policy.governs, stage)) {
      throw new QuorumError(
        'invalid_input',
        `Unknown stage "${stage}"; the policy governs: ${Object.keys(policy.policy.governs).join(', ')}.`,
        { stage },
      );
    }
    return policy;
  }

  context(ref: StageRef, state: LedgerState, known?: PolicyRecord, at = this.deps.now()): VersionContext {
    const policy = known ?? this.governedPolicy(ref.stage, state);
    const detail = resolveVersion(this.db, ref);
    const evidence = collectEvidence(detail, this.deps.providers ?? {}, at);
    const hash = evidenceHash(evidence);
    const subject = { connection: detail.connection, model: detail.modelName, version: detail.version, stage: ref.stage };
    return { policy, detail, evidence, evidenceHash: hash, subject, at };
  }

  /** The gate over a context, at the context's evaluation time, so evidence and expiry agree on "now". */
  gateFor(state: LedgerState, ctx: VersionContext): GateResult {
    return evaluateGate({
      state,
      policy: ctx.policy,
      subject: ctx.subject,
      modelTags: ctx.detail.model.tags,
      evidence: ctx.evidence,
      evidenceHash: ctx.evidenceHash,
      now: ctx.at,
    });
  }

  requireRole(state: LedgerState, actor: Actor, role: string, act: string): void {
    if (!state.hasRole(actor.identity.publicKey, role)) {
      const held = [...state.rolesOf(actor.identity.publicKey)];
      throw new QuorumError(
        'forbidden',
        `${actor.identity.name} does not hold the ${role} role (holds: ${held.join(', ') || 'none'}), so cannot ${act}. Nothing was written.`,
        { role },
      );
    }
  }

  summary(state: LedgerState, request: RequestRecord): RequestSummary {
    const tags = modelTagIndex(this.db).get(`${request.subject.connection}\u0000${request.subject.model}`) ?? [];
    return summarize(state, this.policyRecord(state).policy, request, tags);
  }

  /** Registry authors of versions, memoized per call site (findings and point-in-time ask for many). */
  authorsLookup(): (connection: string, model: string, version: number) => string[] {
    const cache = new Map<string, string[]>();
    return (connection, model, version) => {
      const key = `${connection}\u0000${model}\u0000${version}`;
      let found = cache.get(key);
      if (!found) {
        try {
          found = authorsOf(collectEvidence(resolveVersion(this.db, { connection, model, version }), {}, this.deps.now()));
        } catch {
          found = [];
        }
        cache.set(key, found);
      }
      return found;
    };
  }

  /** A person's display name, or the start of their key when the ledger does not know them. */
  static nameIn(state: LedgerState): (key: string) => string {
    return (key) => state.identities.get(key)?.name ?? key.slice(0, 12);
  }
}
