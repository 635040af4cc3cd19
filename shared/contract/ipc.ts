/**
 * The Electron IPC channel names, in a file of their own so the sandboxed preload can
 * import them without pulling in the schemas.
 */
export const IPC_CHANNELS = { invoke: 'quorum:invoke', event: 'quorum:event', platform: 'quorum:platform' } as const;
