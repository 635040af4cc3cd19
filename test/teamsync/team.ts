import type { Envelope, OperationInput, OperationName, OperationOutput } from '@shared/contract';
import type { Core } from '../../electron/core/create-core';
import { fraudSnapshot, ingest, openCore, tempDir } from '../governance/helpers';

/** A person's workspace: its own data directory and core, as on their own machine. */
export interface Workspace {
  name: string;
  dir: string;
  core: Core;
  call<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  /** The envelope, for expected failures. */
  attempt<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<Envelope<OperationOutput<K>>>;
  /** Closes and reopens the core on the same data directory, as after a restart. */
  restart(): void;
  close(): void;
}

export function workspace(name: string): Workspace {
  const { dir, cleanup } = tempDir(`team-${name}`);
  // Each replica synced the same registry: the same model versions, hence the same evidence hash.
  ingest(dir, fraudSnapshot(), 1_700_000_000_000);
  const ws: Workspace = {
    name,
    dir,
    core: openCore(dir),
    attempt: async (operation, input) => (await ws.core.dispatch(operation, input)) as Envelope<OperationOutput<typeof operation>>,
    async call(operation, input) {
      const envelope = await ws.attempt(operation, input);
      if (!envelope.ok) throw new Error(`${name}: ${operation} failed: ${envelope.error.message}`);
      return envelope.data;
    },
    restart() {
      ws.core.close();
      ws.core = openCore(dir);
    },
    close() {
      ws.core.close();
      cleanup();
    },
  };
  return ws;
}

export const V4 = { model: 'fraud-detector', version: 4, stage: 'production' } as const;

/** Ledger ids, sorted: two replicas with the same set hold the same ledger. */
export function ledgerIds(ws: Workspace): string[] {
  return ws.core.store.db.prepare('SELECT id FROM ledger_events ORDER BY id').pluck().all() as string[];
}

/** The derived state every face shows: gate outcome and who signed, per replica. */
export async function view(ws: Workspace) {
  const gate = await ws.call('governance.gate.evaluate', V4);
  const verify = await ws.call('governance.ledger.verify', {});
  const roles = await ws.call('governance.roles.list', {});
  return {
    status: gate.status,
    reasons: gate.reasons,
    signoffs: gate.signoffs.map((s) => ({ role: s.role, valid: s.valid.map((v) => v.name).sort() })),
    heads: verify.heads,
    intact: verify.intact,
    members: roles.members.map((m) => `${m.name}:${m.roles.join(',')}`).sort(),
  };
}

export async function syncAll(...all: Workspace[]): Promise<void> {
  // Two rounds: whatever one replica pulled in round one, the others see in round two.
  for (let round = 0; round < 2; round++) for (const ws of all) await ws.call('team.sync', {});
}
