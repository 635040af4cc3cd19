import type { OperationInput, OperationOutput } from '@shared/contract';

/** Connection types read off the contract, so these screens follow what the core returns. */
export type RegistryConnection = OperationOutput<'connections.get'>;
export type ConnectionTest = OperationOutput<'connections.test'>;
export type ConnectionAddInput = OperationInput<'connections.add'>;
export type ConnectionUpdateInput = OperationInput<'connections.update'>;
export type ConnectionTestInput = OperationInput<'connections.test'>;
export type SyncResult = NonNullable<OperationOutput<'sync.start'>['results']>[number];
export type EditableKind = ConnectionAddInput['kind'];
export type AuthInput = NonNullable<ConnectionAddInput['auth']>;
