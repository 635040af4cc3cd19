import { z } from 'zod';

/** Topics the renderer caches by; a data.changed event invalidates every query under them. */
export const DATA_TOPICS = ['catalog', 'connections', 'workspace', 'governance', 'lineage', 'drift', 'reports', 'team'] as const;
export type DataTopic = (typeof DATA_TOPICS)[number];

export const jobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  label: z.string(),
  done: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  message: z.string().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/**
 * Something a person should look at now: a release waiting for them or their role, a finding
 * raised, a drift threshold crossed. The desktop app shows it as an OS notification, the
 * renderer as a toast; `id` is stable, so the same thing is never announced twice.
 */
export const NOTIFICATION_KINDS = ['approval.waiting', 'finding.raised', 'drift.threshold'] as const;
export const notificationSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(NOTIFICATION_KINDS),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string().min(1),
  body: z.string(),
  /** The renderer route (hash path, e.g. `/approvals`) that shows the matter; null if none. */
  route: z.string().startsWith('/').nullable(),
});
export type QuorumNotification = z.infer<typeof notificationSchema>;

/** Push events from the core to every window, typed like operations. */
export const EVENTS = {
  'job.progress': jobProgressSchema,
  'data.changed': z.object({ topics: z.array(z.enum(DATA_TOPICS)) }),
  notification: notificationSchema,
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
