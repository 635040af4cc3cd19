import { z } from 'zod';

/** Team sync: ledger events replicated through a shared PostgreSQL database. */

export const teamConnectionStateSchema = z.enum(['not-configured', 'connected', 'offline', 'syncing']);
export type TeamConnectionState = z.infer<typeof teamConnectionStateSchema>;

export const quarantinedEventSchema = z.object({
  id: z.string(),
  serverSeq: z.number().int().nullable(),
  kind: z.string().nullable(),
  author: z.string().nullable(),
  /** The ledger problem kind (edited, bad-signature, unknown-key, unauthorized, replayed, malformed, deleted, future-dated, conflict). */
  problem: z.string(),
  reason: z.string(),
  retryable: z.boolean(),
  detectedAt: z.number().int(),
});
export type QuarantinedEvent = z.infer<typeof quarantinedEventSchema>;

export const teamSyncResultSchema = z.object({
  pushed: z.number().int(),
  pulled: z.number().int(),
  applied: z.number().int(),
  quarantined: z.number().int(),
  /** Audit only: server rows whose text no longer matches what this replica holds or its own address. */
  tampered: z.number().int(),
  /** Audit only: local events the server had lost, sent again. */
  restored: z.number().int(),
  elapsedMs: z.number(),
});
export type TeamSyncResult = z.infer<typeof teamSyncResultSchema>;

export const teamStatusSchema = z.object({
  state: teamConnectionStateSchema,
  url: z.string().nullable(),
  caFile: z.string().nullable(),
  credential: z.string().nullable(),
  workspace: z.string().nullable(),
  /** Local ledger events not yet on the team database (the offline queue). */
  pending: z.number().int(),
  /** Local ledger events known to be on the team database. */
  replicated: z.number().int(),
  localEvents: z.number().int(),
  serverCursor: z.number().int(),
  lastSyncAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  live: z.boolean(),
  quarantinedCount: z.number().int(),
  quarantined: z.array(quarantinedEventSchema),
});
export type TeamStatus = z.infer<typeof teamStatusSchema>;
