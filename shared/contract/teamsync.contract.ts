import { z } from 'zod';
import { defineOperation } from './operation';
import { secretRefSchema } from '../domain/registry';
import { teamStatusSchema, teamSyncResultSchema } from '../domain/teamsync';

/**
 * Team sync operations. Credentials are references (`env:VAR`, `secret:NAME`) or a value
 * the core moves into the workspace's SecretStore at once; a password inside the URL is
 * moved there too. The workspace database only ever holds the URL without it.
 */
const passwordInput = z.union([secretRefSchema, z.object({ value: z.string().min(1, 'the password is empty') }).strict()]);

export const teamConnectInputSchema = z
  .object({
    url: z
      .string()
      .min(1)
      .max(2000)
      .regex(/^postgres(ql)?:\/\//, 'use a postgres:// or postgresql:// URL'),
    caFile: z.string().min(1).max(4000).nullable().optional(),
    password: passwordInput.optional(),
    /** The team workspace (genesis event id) to join, when the database holds several. */
    workspace: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();
export type TeamConnectInput = z.input<typeof teamConnectInputSchema>;

export const teamsyncOperations = {
  'team.connect': defineOperation({
    doc: 'Connects this workspace to a team PostgreSQL database (migrating its schema), stores the settings, and syncs once.',
    input: teamConnectInputSchema,
    output: z.object({
      status: teamStatusSchema,
      sync: teamSyncResultSchema.nullable(),
      schemaVersion: z.number().int(),
      migrated: z.array(z.number().int()),
      memberRole: z.enum(['created', 'exists', 'not-allowed']),
    }),
  }),
  'team.sync': defineOperation({
    doc: 'Pushes local ledger events to the team database and pulls, verifies and applies the others; --audit also re-checks the whole table.',
    input: z.object({ audit: z.boolean().default(false) }).strict(),
    output: teamSyncResultSchema,
  }),
  'team.status': defineOperation({
    doc: 'Team sync status: connected / offline / syncing, counts, last sync, quarantined events.',
    input: z.object({ limit: z.number().int().min(0).max(1000).default(50) }).strict(),
    output: teamStatusSchema,
  }),
  'team.disconnect': defineOperation({
    doc: 'Stops syncing with the team database and forgets its settings (the local ledger is kept).',
    input: z.object({}).strict(),
    output: z.object({ disconnected: z.boolean() }),
  }),
} as const;
