import { z } from 'zod';

/**
 * Reports as they cross the contract: what can be generated (a release dossier for one model
 * version, a period audit report), in which formats, the manifest that makes a report
 * verifiable offline, and the verdict of verifying one.
 */

export const REPORT_FORMATS = ['pdf', 'html', 'md', 'json'] as const;
export const reportFormatSchema = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

export const REPORT_KINDS = ['dossier', 'audit'] as const;
export const reportKindSchema = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof reportKindSchema>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');

export const manifestFileSchema = z
  .object({
    /** File name relative to the manifest's folder (reports travel as a folder of siblings). */
    name: z.string().min(1).max(500),
    /** `report`: the document itself; `evidence`: the JSON evidence bundle it was built from. */
    role: z.enum(['report', 'evidence']),
    mediaType: z.string().max(100),
    bytes: z.number().int().nonnegative(),
    sha256,
  })
  .strict();
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/**
 * `FILE.manifest.json`, written beside every report. The signature covers every other field:
 * ed25519 over "quorum.report.v1:" + hex SHA-256 of the RFC 8785 canonical JSON of the manifest
 * without `signature`.
 */
export const reportManifestSchema = z
  .object({
    format: z.literal('quorum-report-manifest/1'),
    report: z
      .object({
        kind: reportKindSchema,
        title: z.string().max(500),
        format: reportFormatSchema,
        subject: z.object({ connection: z.string(), model: z.string(), version: z.number().int() }).strict().nullable(),
        period: z.object({ from: z.string(), to: z.string() }).strict().nullable(),
        generatedAt: z.string(),
      })
      .strict(),
    files: z.array(manifestFileSchema).min(1).max(10),
    evidenceSha256: sha256,
    ledger: z.object({ heads: z.array(sha256), events: z.number().int(), intact: z.boolean() }).strict(),
    policyHash: z.string(),
    generator: z.object({ app: z.literal('Quorum'), version: z.string() }).strict(),
    signer: z.object({ name: z.string(), email: z.string(), publicKey: z.string(), fingerprint: z.string() }).strict(),
    signature: z.object({ algorithm: z.literal('ed25519'), domain: z.literal('quorum.report.v1:'), value: z.string() }).strict(),
  })
  .strict();
export type ReportManifest = z.infer<typeof reportManifestSchema>;

export const verifyCheckSchema = z.object({
  check: z.string(),
  ok: z.boolean(),
  message: z.string(),
});
export type VerifyCheck = z.infer<typeof verifyCheckSchema>;

export const reportVerificationSchema = z.object({
  valid: z.boolean(),
  file: z.string(),
  manifest: z.string(),
  kind: reportKindSchema.nullable(),
  title: z.string().nullable(),
  signer: z
    .object({ name: z.string(), email: z.string(), fingerprint: z.string(), known: z.boolean(), knownAs: z.string().nullable() })
    .nullable(),
  /** The report.issued event with this manifest's hash, when this workspace's ledger has it (null: not found here). */
  ledgerEvent: z.string().nullable(),
  checks: z.array(verifyCheckSchema),
  /** Plain-language reasons it is not valid; empty when valid. */
  problems: z.array(z.string()),
});
export type ReportVerification = z.infer<typeof reportVerificationSchema>;

export const reportRecordSchema = z.object({
  id: z.number().int(),
  kind: reportKindSchema,
  title: z.string(),
  format: reportFormatSchema,
  subject: z.string().nullable(),
  path: z.string(),
  manifestPath: z.string(),
  manifestSha256: z.string(),
  issuedAt: z.number(),
  issuedBy: z.string(),
  ledgerEvent: z.string(),
});
export type ReportRecord = z.infer<typeof reportRecordSchema>;

export const reportHistoryEntrySchema = reportRecordSchema.extend({
  verification: z.object({ status: z.enum(['valid', 'invalid', 'missing']), problems: z.array(z.string()) }),
});
export type ReportHistoryEntry = z.infer<typeof reportHistoryEntrySchema>;

/** What one section had to go on: its evidence, part of it, or none (and then it says so). */
export const sectionStatusSchema = z.enum(['present', 'partial', 'missing']);
export type SectionStatus = z.infer<typeof sectionStatusSchema>;

export const generatedReportSchema = z.object({
  record: reportRecordSchema,
  files: z.array(manifestFileSchema.extend({ path: z.string() })),
  sections: z.array(z.object({ id: z.string(), title: z.string(), status: sectionStatusSchema })),
  frameworks: z.array(z.object({ id: z.string(), clauses: z.number().int(), missing: z.number().int() })),
  pages: z.number().int().nullable(),
});
export type GeneratedReport = z.infer<typeof generatedReportSchema>;

/**
 * A block of a previewed report: the same document the HTML/PDF/Markdown renderers walk, as
 * data, so the app can show it without loading the report's own HTML (the renderer's CSP
 * allows no frames). Figures travel as their caption only: their SVG is the report's, not the app's.
 */
const previewCellSchema = z.union([
  z.string(),
  z.object({ text: z.string(), tone: z.enum(['ok', 'warn', 'bad', 'waived', 'unknown', 'info']).optional(), mono: z.boolean().optional() }),
]);
export type PreviewCell = z.infer<typeof previewCellSchema>;

export const previewBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('p'), text: z.string() }),
  z.object({ kind: z.literal('missing'), text: z.string() }),
  z.object({ kind: z.literal('h3'), text: z.string() }),
  z.object({ kind: z.literal('kv'), rows: z.array(z.tuple([z.string(), previewCellSchema])) }),
  z.object({
    kind: z.literal('table'),
    columns: z.array(z.string()),
    rows: z.array(z.array(previewCellSchema)),
    caption: z.string().optional(),
  }),
  z.object({ kind: z.literal('figure'), caption: z.string() }),
  z.object({
    kind: z.literal('callout'),
    tone: z.enum(['ok', 'warn', 'bad', 'waived', 'unknown', 'info']),
    title: z.string(),
    text: z.string(),
  }),
  z.object({ kind: z.literal('list'), items: z.array(z.string()) }),
]);
export type PreviewBlock = z.infer<typeof previewBlockSchema>;

export const reportPreviewSchema = z.object({
  kind: reportKindSchema,
  title: z.string(),
  subtitle: z.string(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), status: sectionStatusSchema, blocks: z.array(previewBlockSchema) })),
  frameworks: z.array(z.object({ id: z.string(), clauses: z.number().int(), missing: z.number().int() })),
});
export type ReportPreview = z.infer<typeof reportPreviewSchema>;
