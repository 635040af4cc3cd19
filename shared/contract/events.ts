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

/** Push events from the core to every window, typed like operations. */
export const EVENTS = {
  'job.progress': jobProgressSchema,
  'data.changed': z.object({ topics: z.array(z.enum(DATA_TOPICS)) }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
