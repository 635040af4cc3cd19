import { z } from 'zod';
import { defineOperation } from './operation';
import {
  generatedReportSchema,
  reportFormatSchema,
  reportHistoryEntrySchema,
  reportKindSchema,
  reportPreviewSchema,
  reportVerificationSchema,
} from '../domain/reports';

/** A calendar date or a date-time; `to` dates are inclusive (the whole day). */
const dateText = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date (use YYYY-MM-DD or an ISO 8601 date-time)');

export const reportsGenerateInputSchema = z
  .object({
    kind: reportKindSchema.default('dossier'),
    /** Dossier subject: MODEL and VERSION (and CONNECTION when two connections hold the model). */
    connection: z.string().min(1).max(200).optional(),
    model: z.string().min(1).max(500).optional(),
    version: z.number().int().positive().optional(),
    /** Audit period. */
    from: dateText.optional(),
    to: dateText.optional(),
    format: reportFormatSchema,
    /**
     * Where to write the report; the manifest goes to OUT.manifest.json and the evidence bundle to OUT.evidence.json.
     * Omitted: a new file in the workspace's reports folder (<data dir>/reports/), so the app can offer a default.
     */
    out: z.string().min(1, 'an output path is required').max(4096).optional(),
    /** Who signs the manifest and the report.issued ledger event (default: the active identity). */
    actor: z.string().min(1).max(320).optional(),
    passphrase: z.string().min(1).max(1024).optional(),
  })
  .strict()
  .superRefine(requireSubject);
export type ReportsGenerateInput = z.input<typeof reportsGenerateInputSchema>;

/** What to preview: the subject of a report without writing or signing anything. */
export const reportsPreviewInputSchema = z
  .object({
    kind: reportKindSchema.default('dossier'),
    connection: z.string().min(1).max(200).optional(),
    model: z.string().min(1).max(500).optional(),
    version: z.number().int().positive().optional(),
    from: dateText.optional(),
    to: dateText.optional(),
  })
  .strict()
  .superRefine(requireSubject);
export type ReportsPreviewInput = z.input<typeof reportsPreviewInputSchema>;

function requireSubject(
  input: {
    kind: 'dossier' | 'audit';
    model?: string | undefined;
    version?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (input.kind === 'dossier') {
    if (input.model === undefined) ctx.addIssue({ code: 'custom', path: ['model'], message: 'a dossier needs a model' });
    if (input.version === undefined) ctx.addIssue({ code: 'custom', path: ['version'], message: 'a dossier needs a version' });
  } else {
    if (input.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'an audit report needs --from' });
    if (input.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'an audit report needs --to' });
  }
}

export const reportsOperations = {
  /** Gathers the evidence, renders it, writes the report with its signed manifest, and records report.issued. */
  'reports.generate': defineOperation({
    doc: 'Generates a release dossier (MODEL@VERSION) or a period audit report as PDF, HTML, Markdown or a JSON evidence bundle, with a signed manifest; a ledger event.',
    input: reportsGenerateInputSchema,
    output: generatedReportSchema,
  }),
  /** Stops a running generation (its job id comes with its job.progress events); nothing is written. */
  'reports.cancel': defineOperation({
    doc: 'Cancels a report being generated; nothing is written and no ledger event is recorded.',
    input: z.object({ jobId: z.string().min(1).max(200) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  /** The report's document as data, gathered like generate but neither written nor signed (the app's in-app preview). */
  'reports.preview': defineOperation({
    doc: 'Previews a dossier or audit report: its sections with what evidence is present or missing; writes and signs nothing.',
    input: reportsPreviewInputSchema,
    output: reportPreviewSchema,
  }),
  /** Reports issued from this workspace, newest first, each verified again now. */
  'reports.list': defineOperation({
    doc: 'History of issued reports, newest first, with their verification status now.',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.array(reportHistoryEntrySchema),
  }),
  /** Checks a report against its manifest: every file's hash, the signature, and whether the signer is known. */
  'reports.verify': defineOperation({
    doc: 'Verifies a report file (or its manifest): file hashes, evidence bundle hash, ed25519 signature by a known identity.',
    input: z.object({ file: z.string().min(1, 'a file is required').max(4096) }).strict(),
    output: reportVerificationSchema,
  }),
} as const;
