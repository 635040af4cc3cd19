import type { GateResult, WriteBackResult } from '@shared/domain/governance';
import { approvalTags, governedAlias, type RegistryTag } from '@shared/domain/write-back';
import type { VersionRef } from '../../connectors/connector';
import { QuorumError } from '../../errors';
import type { LedgerEvent } from '../events';
import type { Actor } from '../identities';
import { gateDraft } from './gate';
import type { ActorInput, GovernanceScope, StageRef, VersionContext } from './scope';

/**
 * Registry write-back as a governance act: after a passing gate, Quorum sets the version's
 * approval tags and moves the governed alias in the registry, and records both the gate
 * evaluation and what it wrote as signed ledger events.
 */

/**
 * The registry's write-back as governance needs it (the registry feature's `WriteBackGate`):
 * refused unless the connection allows write-back; backend failures are QuorumErrors.
 */
export interface RegistryWriter {
  setVersionTag(connection: string, target: VersionRef, key: string, value: string, signal: AbortSignal): Promise<void>;
  deleteVersionTag(connection: string, target: VersionRef, key: string, signal: AbortSignal): Promise<void>;
  setAlias(connection: string, model: string, alias: string, version: number, signal: AbortSignal): Promise<void>;
  deleteAlias(connection: string, model: string, alias: string, signal: AbortSignal): Promise<void>;
}

/**
 * Records a registry write-back (version tags, alias move) done after a passing gate, by a
 * caller that wrote to the registry itself (the demo loader replays recorded releases this
 * way): call `evaluateGate({ record: true })` first, write, then record against that gate event.
 */
export async function recordWriteback(
  scope: GovernanceScope,
  input: Omit<StageRef, 'alias'> & ActorInput & { gate: string; tags: { key: string; value: string }[]; alias: string | null },
): Promise<string> {
  const state = await scope.ledger.writableState();
  // `alias` here is the registry alias that was moved, not a way to name the version.
  const ctx = scope.context({ connection: input.connection, model: input.model, version: input.version, stage: input.stage }, state);
  const actor = await scope.actor(input, state);
  const [event] = scope.ledger.append(
    actor,
    [{ kind: 'writeback.performed', body: { subject: ctx.subject, gate: input.gate, tags: input.tags, alias: input.alias } }],
    state,
  );
  return (event as LedgerEvent).id;
}

function blocked(ctx: VersionContext, gate: GateResult, why: string): QuorumError {
  const s = ctx.subject;
  return new QuorumError(
    'conflict',
    `The release gate for ${s.model} v${s.version} → ${s.stage} is blocked${why}, so nothing was written to the registry or the ledger: ${gate.reasons.join(' ')}`,
    { status: 'blocked', reasons: gate.reasons },
  );
}

/**
 * Releases a version through the registry. In order, so a refusal or a failure leaves
 * nothing behind:
 *
 * 1. the gate is evaluated on the verified ledger and must pass (else refused, listing why);
 * 2. the version's `quorum.approval.<stage>` tags are set, then the governed alias is moved
 *    (the registry refuses before any request when the connection's write-back is off);
 * 3. the gate evaluation and the `writeback.performed` event are signed in one transaction.
 *
 * A registry failure undoes what this call already wrote there and rethrows the registry's
 * error; nothing is recorded. If the ledger refuses after the registry was written (the gate
 * stopped passing meanwhile, or the append fails), the registry writes are undone too.
 */
export async function writeBack(scope: GovernanceScope, input: StageRef & ActorInput, signal: AbortSignal): Promise<WriteBackResult> {
  const registry = scope.deps.registry;
  if (!registry) {
    throw new QuorumError('unavailable', 'Registry write-back is not available in this process (no registry connectors are loaded).');
  }
  const state = await scope.ledger.writableState();
  const ctx = scope.context(input, state);
  const actor = await scope.actor(input, state);
  // The rule book refuses a gate record by someone without a role; find out before the registry is touched.
  if (state.rolesOf(actor.identity.publicKey).size === 0) {
    throw new QuorumError(
      'forbidden',
      `${actor.identity.name} holds no role yet, so cannot record a release; an admin must grant one. Nothing was written.`,
    );
  }
  const gate = scope.gateFor(state, ctx);
  if (gate.status !== 'pass') throw blocked(ctx, gate, '');

  const { connection, model, version } = ctx.subject;
  const tags = approvalTags(gate);
  const alias = governedAlias(ctx.policy.policy, ctx.subject.stage);
  const previousVersion = alias === null ? null : (ctx.detail.model.aliases.find((a) => a.alias === alias)?.version ?? null);
  const undo = new RegistryUndo(registry, connection, { model, version }, ctx);

  try {
    for (const tag of tags) {
      await registry.setVersionTag(connection, { model, version }, tag.key, tag.value, signal);
      undo.tagWritten(tag);
    }
    if (alias !== null && previousVersion !== version) {
      await registry.setAlias(connection, model, alias, version, signal);
      undo.aliasMoved(alias, previousVersion);
    }
  } catch (error) {
    throw await undo.run(error);
  }

  let events: LedgerEvent[];
  try {
    events = await recordRelease(scope, actor, ctx, { tags, alias });
  } catch (error) {
    throw await undo.run(error);
  }
  const [gateEvent, writebackEvent] = events as [LedgerEvent, LedgerEvent];
  return {
    gate: { ...gate, recordedEventId: gateEvent.id },
    eventId: writebackEvent.id,
    subject: ctx.subject,
    alias,
    previousVersion,
    tags,
  };
}

/**
 * Signs the gate evaluation and the write-back together. The ledger is read afresh (the
 * registry calls took time; another window may have signed meanwhile) and the gate is
 * evaluated again on it: what is recorded as passing must pass on the ledger it follows.
 * Both appends run in one SQLite transaction, so the write-back can name the gate event's
 * id and still never be stored without it.
 */
async function recordRelease(
  scope: GovernanceScope,
  actor: Actor,
  ctx: VersionContext,
  written: { tags: RegistryTag[]; alias: string | null },
): Promise<LedgerEvent[]> {
  const state = await scope.ledger.writableState();
  const gate = scope.gateFor(state, ctx);
  if (gate.status !== 'pass') throw blocked(ctx, gate, ' now (the ledger changed while writing to the registry, which was undone)');
  const sign = scope.db.transaction((): LedgerEvent[] => {
    const [gateEvent] = scope.ledger.append(actor, [gateDraft(ctx, gate)], state);
    const [writeback] = scope.ledger.append(
      actor,
      [
        {
          kind: 'writeback.performed',
          body: { subject: ctx.subject, gate: (gateEvent as LedgerEvent).id, tags: written.tags, alias: written.alias },
        },
      ],
      state,
    );
    return [gateEvent as LedgerEvent, writeback as LedgerEvent];
  });
  return sign.immediate();
}

/**
 * What this write-back changed in the registry, to put back when a later step fails: tags
 * return to the values the last sync saw (or are deleted), the alias to the version it held.
 */
class RegistryUndo {
  private readonly tags: RegistryTag[] = [];
  private alias: { name: string; previous: number | null } | null = null;

  constructor(
    private readonly registry: RegistryWriter,
    private readonly connection: string,
    private readonly target: VersionRef,
    private readonly ctx: VersionContext,
  ) {}

  tagWritten(tag: RegistryTag): void {
    this.tags.push(tag);
  }

  aliasMoved(name: string, previous: number | null): void {
    this.alias = { name, previous };
  }

  /** Undoes what was written and returns the error to throw: the original one, saying what could not be undone if anything. */
  async run(cause: unknown): Promise<unknown> {
    // A cancelled call must still be undone, so the undo does not share the caller's signal.
    const signal = new AbortController().signal;
    const left: string[] = [];
    const attempt = async (what: string, action: () => Promise<void>) => {
      try {
        await action();
      } catch {
        left.push(what);
      }
    };
    const { registry, connection, target } = this;
    const alias = this.alias;
    if (alias) {
      await attempt(`@${alias.name} → v${target.version}`, () =>
        alias.previous === null
          ? registry.deleteAlias(connection, target.model, alias.name, signal)
          : registry.setAlias(connection, target.model, alias.name, alias.previous as number, signal),
      );
    }
    for (const tag of [...this.tags].reverse()) {
      const before = this.ctx.detail.tags.find((t) => t.key === tag.key);
      await attempt(`tag ${tag.key}`, () =>
        before
          ? registry.setVersionTag(connection, target, tag.key, before.value, signal)
          : registry.deleteVersionTag(connection, target, tag.key, signal),
      );
    }
    if (left.length === 0 || !(cause instanceof QuorumError)) return cause;
    return new QuorumError(
      cause.code,
      `${cause.message} Quorum could not undo what it had already written to the registry (${left.join(', ')}); nothing was recorded in the ledger. Correct it in the registry or run the write-back again.`,
      { ...cause.details, leftInRegistry: left },
    );
  }
}
