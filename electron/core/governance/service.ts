import type {
  Finding,
  GateResult,
  GateSummaryItem,
  Identity,
  InboxBox,
  LedgerEntry,
  PointInTime,
  PolicyVersion,
  RequestSummary,
  RoleChange,
  Signoff,
  VerifyReport,
  WriteBackResult,
} from '@shared/domain/governance';
import type { VersionDetail } from '@shared/domain/catalog';
import { resolveVersion, type SubjectRef } from './catalog-access';
import type { InboxResult } from './inbox';
import type { PolicyDiff } from './policy';
import type { LedgerState } from './state';
import * as findingActs from './acts/findings';
import * as gateActs from './acts/gate';
import * as identityActs from './acts/identities';
import * as policyActs from './acts/policy';
import * as releaseActs from './acts/releases';
import { GovernanceScope, type ActorInput, type GovernanceDeps, type StageRef } from './acts/scope';
import * as writebackActs from './acts/writeback';

export type { GovernanceDeps } from './acts/scope';
export type { RegistryWriter } from './acts/writeback';

/**
 * Governance for one workspace: identities, roles, policy, requests, sign-offs, the gate,
 * findings. Every act is a signed event appended through the ledger; every read derives
 * from it. This class is the facade the handlers, the demo loader and tests call; each act
 * lives in `acts/` with the one responsibility its file names, sharing one `GovernanceScope`
 * (one ledger cache per workspace).
 */
export class GovernanceService {
  private readonly scope: GovernanceScope;

  constructor(deps: GovernanceDeps) {
    this.scope = new GovernanceScope(deps);
  }

  /** Derived ledger state (verified; cached until the ledger changes). */
  async state(): Promise<LedgerState> {
    return this.scope.ledger.state();
  }

  // Identities and roles (acts/identities.ts)

  listIdentities(): Promise<Identity[]> {
    return identityActs.listIdentities(this.scope);
  }

  createIdentity(input: {
    name: string;
    email: string;
    handles: string[];
    passphrase?: string | undefined;
    activate: boolean;
  }): Promise<Identity> {
    return identityActs.createIdentity(this.scope, input);
  }

  activate(ref: string): Promise<Identity> {
    return identityActs.activate(this.scope, ref);
  }

  exportIdentity(ref?: string): Promise<identityActs.PublicKeyExport> {
    return identityActs.exportIdentity(this.scope, ref);
  }

  importKey(input: { name: string; email: string; key: string }): identityActs.PublicKeyExport {
    return identityActs.importKey(this.scope, input);
  }

  listRoles(): ReturnType<typeof identityActs.listRoles> {
    return identityActs.listRoles(this.scope);
  }

  changeRole(input: ActorInput & { person: string; role: string }, grant: boolean): Promise<RoleChange> {
    return identityActs.changeRole(this.scope, input, grant);
  }

  // Policy (acts/policy.ts)

  getPolicy(hash?: string): ReturnType<typeof policyActs.getPolicy> {
    return policyActs.getPolicy(this.scope, hash);
  }

  validatePolicy(yaml: string): ReturnType<typeof policyActs.validatePolicy> {
    return policyActs.validatePolicy(yaml);
  }

  setPolicy(input: ActorInput & { yaml: string; message: string }): Promise<PolicyVersion> {
    return policyActs.setPolicy(this.scope, input);
  }

  diffPolicy(from: string, to?: string): Promise<PolicyDiff & { from: string; to: string }> {
    return policyActs.diffPolicy(this.scope, from, to);
  }

  // The gate (acts/gate.ts)

  evaluateGate(input: StageRef & ActorInput & { record: boolean }): Promise<GateResult> {
    return gateActs.evaluateGate(this.scope, input);
  }

  gateSummaries(input: {
    versions?: { connection: string; name: string; version: number }[] | undefined;
    stage: string;
  }): Promise<GateSummaryItem[]> {
    return gateActs.gateSummaries(this.scope, input);
  }

  // Registry write-back (acts/writeback.ts)

  recordWriteback(
    input: Omit<StageRef, 'alias'> & ActorInput & { gate: string; tags: { key: string; value: string }[]; alias: string | null },
  ): Promise<string> {
    return writebackActs.recordWriteback(this.scope, input);
  }

  writeBack(input: StageRef & ActorInput, signal: AbortSignal): Promise<WriteBackResult> {
    return writebackActs.writeBack(this.scope, input, signal);
  }

  // Release requests and sign-off (acts/releases.ts)

  requestRelease(input: StageRef & ActorInput & { note: string }): Promise<RequestSummary> {
    return releaseActs.requestRelease(this.scope, input);
  }

  cancelRequest(input: ActorInput & { id: string; comment: string }): Promise<RequestSummary> {
    return releaseActs.cancelRequest(this.scope, input);
  }

  signoff(
    input: StageRef & ActorInput & { role: string; comment: string; conditions?: string[] },
    decision: 'approved' | 'rejected',
  ): Promise<Signoff> {
    return releaseActs.signoff(this.scope, input, decision);
  }

  withdraw(input: StageRef & ActorInput & { role: string; comment: string }): Promise<{ withdrawn: string }> {
    return releaseActs.withdraw(this.scope, input);
  }

  waive(input: StageRef & ActorInput & { check: string; justification: string }): ReturnType<typeof releaseActs.waive> {
    return releaseActs.waive(this.scope, input);
  }

  inbox(input: { actor?: string | undefined; box: InboxBox; limit: number; offset: number }): Promise<InboxResult> {
    return releaseActs.inbox(this.scope, input);
  }

  getRequest(id: string): ReturnType<typeof releaseActs.getRequest> {
    return releaseActs.getRequest(this.scope, id);
  }

  // Ledger, findings, point-in-time (acts/findings.ts)

  verify(): Promise<VerifyReport> {
    return findingActs.verify(this.scope);
  }

  listLedger(input: { model?: string | undefined; limit: number; offset: number }): Promise<{ total: number; items: LedgerEntry[] }> {
    return findingActs.listLedger(this.scope, input);
  }

  findings(input: { actor?: string | undefined; all: boolean }): Promise<Finding[]> {
    return findingActs.findings(this.scope, input);
  }

  actOnFinding(input: ActorInput & { finding: string; comment: string }, act: 'acknowledged' | 'resolved'): Promise<Finding> {
    return findingActs.actOnFinding(this.scope, input, act);
  }

  pointInTime(input: { connection?: string | undefined; model: string; alias: string; at: number }): Promise<PointInTime> {
    return findingActs.pointInTime(this.scope, input);
  }

  /** For tests and tools: the version detail governance sees. */
  version(ref: SubjectRef): VersionDetail {
    return resolveVersion(this.scope.db, ref);
  }
}
