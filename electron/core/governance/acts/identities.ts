import type { Identity, RoleChange } from '@shared/domain/governance';
import { QuorumError } from '../../errors';
import type { EventKind, LedgerEvent } from '../events';
import { activeIdentity, findPerson, localIdentities, secretNameFor, setActiveIdentity, type Actor } from '../identities';
import { fingerprintOf, generateIdentityKey, parsePublicKey, publicKeyPem, sealPrivateKey } from '../keys';
import { defaultPolicyText, requirePolicy } from '../policy';
import type { IdentityRecord, LedgerState } from '../state';
import { GovernanceScope, type ActorInput } from './scope';

/**
 * Identities and roles: who can sign in this workspace, and what each person may do. An
 * identity's private key stays in the SecretStore; the ledger holds its public half and
 * every role grant and revocation, signed by an admin.
 */

export interface PublicKeyExport {
  name: string;
  email: string;
  publicKey: string;
  fingerprint: string;
  pem: string;
}

export async function listIdentities(scope: GovernanceScope): Promise<Identity[]> {
  const state = await scope.ledger.state();
  const locals = new Map(localIdentities(scope.db).map((l) => [l.public_key, l]));
  const active = activeIdentity(scope.db);
  return [...state.identities.values()].map((i) => toIdentity(i, state, locals.get(i.publicKey), active));
}

function toIdentity(i: IdentityRecord, state: LedgerState, local: { protected: number } | undefined, active: string | null): Identity {
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

export async function createIdentity(
  scope: GovernanceScope,
  input: { name: string; email: string; handles: string[]; passphrase?: string | undefined; activate: boolean },
): Promise<Identity> {
  const { db, deps } = scope;
  const state = await scope.ledger.writableState();
  const email = input.email.toLowerCase();
  if ([...state.identities.values()].some((i) => i.email.toLowerCase() === email)) {
    throw new QuorumError('conflict', `An identity with e-mail ${input.email} already exists in this workspace.`, { email: input.email });
  }
  const locals = localIdentities(db).map((l) => state.identities.get(l.public_key));
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
    identity: { publicKey: pair.publicKey, ...person, createdAt: deps.now(), eventId: '' },
    key: pair.privateKey,
  };
  const genesis = state.genesis === null;
  let drafts: { kind: EventKind; body: unknown }[];
  if (genesis) {
    const yaml = defaultPolicyText(deps.resourcesDir);
    const { hash } = requirePolicy(yaml);
    drafts = [
      { kind: 'workspace.created', body: { creator: person } },
      { kind: 'policy.set', body: { yaml, hash, message: 'Default policy at workspace creation' } },
    ];
  } else drafts = [{ kind: 'identity.created', body: person }];

  const secretName = secretNameFor(pair.publicKey);
  await deps.secrets.set(secretName, sealPrivateKey(pair, input.passphrase));
  try {
    scope.ledger.append(actor, drafts, state);
    db.prepare('INSERT INTO governance_local_identities (public_key, secret_name, protected, created_at) VALUES (?, ?, ?, ?)').run(
      pair.publicKey,
      secretName,
      input.passphrase === undefined ? 0 : 1,
      deps.now(),
    );
    if (input.activate || activeIdentity(db) === null) setActiveIdentity(db, pair.publicKey);
  } catch (error) {
    // The key was stored first so a crash cannot leave a ledger identity nobody can sign for; undo it.
    await deps.secrets.delete(secretName);
    throw error;
  }
  const created = (await listIdentities(scope)).find((i) => i.publicKey === pair.publicKey);
  if (!created) throw new QuorumError('internal', 'The identity was written but cannot be read back.');
  return created;
}

export async function activate(scope: GovernanceScope, ref: string): Promise<Identity> {
  const state = await scope.ledger.state();
  const known = localIdentities(scope.db)
    .map((l) => state.identities.get(l.public_key))
    .filter((i): i is IdentityRecord => i !== undefined);
  const chosen = findPerson(known, ref, 'identity on this machine');
  setActiveIdentity(scope.db, chosen.publicKey);
  scope.deps.changed?.();
  return (await listIdentities(scope)).find((i) => i.publicKey === chosen.publicKey) as Identity;
}

export async function exportIdentity(scope: GovernanceScope, ref?: string): Promise<PublicKeyExport> {
  const state = await scope.ledger.state();
  let identity: IdentityRecord | undefined;
  if (ref !== undefined) identity = findPerson([...state.identities.values()], ref);
  else {
    const active = activeIdentity(scope.db);
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

export function importKey(scope: GovernanceScope, input: { name: string; email: string; key: string }): PublicKeyExport {
  const raw = parsePublicKey(input.key);
  scope.db
    .prepare(
      'INSERT INTO governance_known_keys (public_key, name, email, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT (public_key) DO UPDATE SET name = excluded.name, email = excluded.email',
    )
    .run(raw, input.name, input.email, scope.deps.now());
  return { name: input.name, email: input.email, publicKey: raw, fingerprint: fingerprintOf(raw), pem: publicKeyPem(raw) };
}

export async function listRoles(scope: GovernanceScope): Promise<{
  roles: string[];
  members: { publicKey: string; name: string; email: string; roles: string[] }[];
  history: RoleChange[];
}> {
  const state = await scope.ledger.state();
  const name = GovernanceScope.nameIn(state);
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

export async function changeRole(
  scope: GovernanceScope,
  input: ActorInput & { person: string; role: string },
  grant: boolean,
): Promise<RoleChange> {
  const state = await scope.ledger.writableState();
  const actor = await scope.actor(input, state);
  const person = findPerson([...state.identities.values()], input.person, 'person');
  if (!state.hasRole(actor.identity.publicKey, 'admin')) {
    throw new QuorumError('forbidden', `${actor.identity.name} is not an admin; only an admin can ${grant ? 'grant' : 'revoke'} roles.`);
  }
  const policyRoles = scope.policyRecord(state).policy.roles;
  if (!policyRoles.includes(input.role)) {
    throw new QuorumError('invalid_input', `"${input.role}" is not a role of this workspace's policy (${policyRoles.join(', ')}).`, {
      role: input.role,
    });
  }
  if (grant === state.hasRole(person.publicKey, input.role)) {
    throw new QuorumError('conflict', `${person.name} ${grant ? 'already holds' : 'does not hold'} the ${input.role} role.`);
  }
  const [event] = scope.ledger.append(
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
