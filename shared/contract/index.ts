import type { z } from 'zod';
import { catalogOperations } from './catalog.contract';
import { driftOperations } from './drift.contract';
import type { Envelope } from './envelope';
import type { EventName, EventPayload } from './events';
import { governanceOperations } from './governance.contract';
import { lineageOperations } from './lineage.contract';
import { monitoringOperations } from './monitoring.contract';
import { registryOperations } from './registry.contract';
import { reportsOperations } from './reports.contract';
import { systemOperations } from './system.contract';
import { teamsyncOperations } from './teamsync.contract';

export * from './envelope';
export * from './events';
export { defineOperation, type OperationDefinition } from './operation';
export { IPC_CHANNELS } from './ipc';

/** The one table of operations. Every transport and every caller goes through it. */
export const OPERATIONS = {
  ...systemOperations,
  ...catalogOperations,
  ...driftOperations,
  ...governanceOperations,
  ...lineageOperations,
  ...monitoringOperations,
  ...registryOperations,
  ...reportsOperations,
  ...teamsyncOperations,
} as const;

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<Operations[K]['output']>;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

export interface PlatformInfo {
  /** 'desktop' inside Electron, 'browser' for `quorum serve`. */
  readonly shell: 'desktop' | 'browser';
  readonly os: string;
}

/**
 * What the renderer sees of the core, whichever transport carries it:
 * the Electron preload bridge or HTTP in browser mode.
 */
export interface QuorumApi {
  invoke<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<Envelope<OperationOutput<K>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  readonly platform: PlatformInfo;
}
