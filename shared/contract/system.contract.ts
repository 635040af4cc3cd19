import { z } from 'zod';
import { defineOperation } from './operation';

export const doctorCheckSchema = z.object({
  name: z.string(),
  status: z.enum(['ok', 'warning', 'error']),
  message: z.string(),
});
export type DoctorCheck = z.infer<typeof doctorCheckSchema>;

export const systemOperations = {
  /** Which build of Quorum is running, on which workspace, at which schema version. */
  'system.info': defineOperation({
    doc: 'Application version, workspace location and schema version.',
    input: z.object({}).strict(),
    output: z.object({
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      dataDir: z.string(),
      workspaceKind: z.enum(['user', 'demo']),
      empty: z.boolean(),
    }),
  }),
  /** Health of the workspace: data directory, schema, database integrity, connections. */
  'system.doctor': defineOperation({
    doc: 'Checks the data directory, schema version, database integrity and connections.',
    input: z.object({}).strict(),
    output: z.object({ healthy: z.boolean(), checks: z.array(doctorCheckSchema) }),
  }),
  /** Loads the bundled Northwind Financial demo into this workspace, through the connector ingestion path. */
  'demo.load': defineOperation({
    doc: 'Loads the bundled demo workspace (Northwind Financial) into this workspace.',
    input: z.object({}).strict(),
    output: z.object({ connection: z.string(), models: z.number().int(), versions: z.number().int(), runs: z.number().int() }),
  }),
} as const;
