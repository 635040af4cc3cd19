import { z } from 'zod';
import type { PromAlert, PromResult, PromSample } from '@shared/domain/monitoring';

/**
 * Prometheus HTTP API answers (web/api/v1/api.go, docs querying/api.md): every answer is an
 * envelope `{status, data, errorType?, error?, warnings?, infos?}`; samples are
 * `[<unix seconds>, "<value as text>"]` — text so NaN and ±Inf survive JSON.
 */

const sampleTuple = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());

export const vectorSchema = z.array(z.object({ metric: labels, value: sampleTuple }));
export const matrixSchema = z.array(z.object({ metric: labels, values: z.array(sampleTuple) }));

/** `data` of /query and /query_range, one branch per result type. */
export const queryDataSchema = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: vectorSchema }),
  z.object({ resultType: z.literal('matrix'), result: matrixSchema }),
  z.object({ resultType: z.literal('scalar'), result: sampleTuple }),
  z.object({ resultType: z.literal('string'), result: sampleTuple }),
]);
export type QueryData = z.infer<typeof queryDataSchema>;

export const seriesDataSchema = z.array(labels);
export const stringListSchema = z.array(z.string());

export const buildInfoSchema = z.object({
  version: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  buildUser: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
});
export type BuildInfo = z.infer<typeof buildInfoSchema>;

export const alertsDataSchema = z.object({
  alerts: z.array(
    z.object({
      labels,
      annotations: labels.optional(),
      state: z.enum(['firing', 'pending', 'inactive']),
      activeAt: z.string().optional(),
      value: z.string().optional(),
    }),
  ),
});

/** The envelope around `data`; warnings and infos are kept and shown, never dropped. */
export function envelopeSchema<S extends z.ZodType>(data: S) {
  return z.object({
    status: z.literal('success'),
    data,
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });
}

/** An error answer: `errorType` is bad_data, execution, timeout, canceled, internal, unavailable or not_found. */
export const errorEnvelopeSchema = z.object({
  status: z.literal('error'),
  errorType: z.string(),
  error: z.string(),
  warnings: z.array(z.string()).optional(),
});

/** A sample as the contract carries it: the number when finite, the text always. */
export function toSample([time, raw]: readonly [number, string]): PromSample {
  const value = Number(raw);
  return { time, value: Number.isFinite(value) ? value : null, raw };
}

export function toResult(data: QueryData): PromResult {
  switch (data.resultType) {
    case 'vector':
      return { resultType: 'vector', series: data.result.map((s) => ({ metric: s.metric, sample: toSample(s.value) })) };
    case 'matrix':
      return { resultType: 'matrix', series: data.result.map((s) => ({ metric: s.metric, samples: s.values.map(toSample) })) };
    case 'scalar':
      return { resultType: 'scalar', sample: toSample(data.result) };
    case 'string':
      return { resultType: 'string', time: data.result[0], value: data.result[1] };
  }
}

export function toAlerts(data: z.infer<typeof alertsDataSchema>): PromAlert[] {
  return data.alerts.map((a) => {
    const activeAt = a.activeAt ? Date.parse(a.activeAt) : NaN;
    return {
      name: a.labels.alertname ?? '(unnamed)',
      state: a.state,
      labels: a.labels,
      annotations: a.annotations ?? {},
      activeAt: Number.isNaN(activeAt) ? null : activeAt,
      value: a.value ?? null,
    };
  });
}
