import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ReportsGenerateInput, ReportsPreviewInput } from '@shared/contract/reports.contract';
import type {
  GeneratedReport,
  ManifestFile,
  PreviewBlock,
  ReportFormat,
  ReportPreview,
  ReportHistoryEntry,
  ReportRecord,
  ReportVerification,
  VerifyCheck,
} from '@shared/domain/reports';
import { QuorumError } from '../errors';
import { resolveActor } from '../governance/identities';
import { fingerprintOf } from '../governance/keys';
import { Ledger } from '../governance/ledger';
import type { SecretStore } from '../secrets/secret-store';
import { auditDocument } from './audit';
import { iso, section, type ReportDocument } from './document';
import { dossierDocument } from './dossier';
import { gatherAudit, gatherDossier, type Evidence } from './evidence';
import { frameworkSection, frameworkSummary, loadFrameworks, mapFrameworks } from './frameworks';
import type { Invoke } from './invoke';
import { checkManifestSignature, manifestText, parseManifest, sha256Hex, signManifest, type UnsignedManifest } from './manifest';
import { destinationPages, pageCount } from './pdf/pages';
import type { PdfPrinter } from './pdf/printer';
import { renderHtml } from './render/html';
import { renderMarkdown } from './render/markdown';
import { insertReport, listReports } from './store';

export interface ReportsDeps {
  db: Database;
  now: () => number;
  resourcesDir: string;
  /** Where a report goes when the caller names no output file (the app's default). */
  reportsDir: string;
  appVersion: string;
  secrets: SecretStore;
  invoke: Invoke;
  /** Made on demand (a PDF needs a browser; other formats never start one). */
  printer: () => PdfPrinter;
  progress: (jobId: string, done: number, total: number, label: string, state: 'running' | 'done' | 'failed' | 'cancelled') => void;
  changed: () => void;
}

type GenerateInput = Omit<ReportsGenerateInput, 'kind'> & { kind: 'dossier' | 'audit' };
type PreviewInput = Omit<ReportsPreviewInput, 'kind'> & { kind: 'dossier' | 'audit' };

const EXTENSION: Record<ReportFormat, string> = { pdf: 'pdf', html: 'html', md: 'md', json: 'json' };

/** A fresh file name in the reports folder: the subject or period, then the time, so nothing is overwritten. */
export function defaultOutPath(dir: string, input: GenerateInput, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const subject =
    input.kind === 'dossier' ? `dossier-${input.model ?? 'model'}-v${input.version ?? 0}` : `audit-${input.from ?? ''}-${input.to ?? ''}`;
  const safe = subject.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${safe}-${stamp}.${EXTENSION[input.format]}`);
}

/** The preview carries figures by caption only: their SVG belongs in the report, not in the app. */
function previewBlocks(blocks: ReportDocument['sections'][number]['blocks']): PreviewBlock[] {
  return blocks.map((b) => (b.kind === 'figure' ? { kind: 'figure', caption: b.caption } : b));
}

const MEDIA: Record<ReportFormat, string> = { pdf: 'application/pdf', html: 'text/html', md: 'text/markdown', json: 'application/json' };

export const manifestPathOf = (file: string): string => `${file}.manifest.json`;
export const evidencePathOf = (file: string): string => `${file}.evidence.json`;

/** A calendar date means its whole day (UTC); `to` is inclusive of that day. */
export function periodOf(from: string, to: string): { from: number; to: number } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const start = Date.parse(day.test(from) ? `${from}T00:00:00.000Z` : from);
  const endRaw = Date.parse(day.test(to) ? `${to}T00:00:00.000Z` : to);
  const end = day.test(to) ? endRaw + 86_400_000 : endRaw;
  if (!(end > start))
    throw new QuorumError('invalid_input', `The period is empty: --to (${to}) must be after --from (${from}).`, { field: 'to' });
  return { from: start, to: end };
}

/** Refuses an output path that cannot be written before any work is done. */
export function checkOutputPath(out: string): string {
  const path = resolve(out);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new QuorumError('invalid_input', `--out ${out} is a directory; give a file name, e.g. ${join(out, 'dossier.pdf')}.`, {
      field: 'out',
    });
  }
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new QuorumError('invalid_input', `The folder of --out (${dir}) does not exist.`, { field: 'out' });
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
  } catch {
    throw new QuorumError('invalid_input', `Cannot write ${path}: permission denied.`, { field: 'out' });
  }
  return path;
}

/** Write beside the target, then rename: a reader never sees half a report. */
function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new QuorumError('storage', `Cannot write ${path}: ${(error as Error).message}`, { field: 'out' });
  }
}

export class ReportsService {
  private readonly ledger: Ledger;
  /** Generations in flight, so reports.cancel can stop one by the job id its progress events carry. */
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: ReportsDeps) {
    this.ledger = new Ledger(deps.db, deps.now, deps.secrets);
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.abort();
    return true;
  }

  /** The document a report would hold, without writing, signing or recording anything. */
  async preview(input: PreviewInput): Promise<ReportPreview> {
    const now = this.deps.now();
    const step = () => undefined;
    const evidence: Evidence =
      input.kind === 'dossier'
        ? await gatherDossier(
            this.deps.invoke,
            { connection: input.connection, model: input.model as string, version: input.version as number },
            now,
            step,
          )
        : await gatherAudit(this.deps.invoke, periodOf(input.from as string, input.to as string), now, step);
    const doc = evidence.kind === 'dossier' ? dossierDocument(evidence) : auditDocument(evidence);
    const frameworks = loadFrameworks(this.deps.resourcesDir);
    const clauses = mapFrameworks(frameworks, doc.kind, doc.sections);
    doc.sections.push(frameworkSection(frameworks, clauses));
    return {
      kind: doc.kind,
      title: doc.title,
      subtitle: doc.subtitle,
      sections: doc.sections.map((s) => ({ id: s.id, title: s.title, status: s.status, blocks: previewBlocks(s.blocks) })),
      frameworks: frameworkSummary(frameworks, clauses),
    };
  }

  async generate(input: GenerateInput, callerSignal: AbortSignal): Promise<GeneratedReport> {
    const out = checkOutputPath(input.out ?? defaultOutPath(this.deps.reportsDir, input, this.deps.now()));
    const period = input.kind === 'audit' ? periodOf(input.from as string, input.to as string) : null;
    // Resolve who signs before any work: a missing identity or key fails fast.
    await resolveActor(this.deps.db, await this.ledger.state(), this.deps.secrets, input.actor, input.passphrase);

    const jobId = `report-${this.deps.now()}-${Math.random().toString(36).slice(2, 8)}`;
    // Stopped by the caller going away or by reports.cancel, whichever comes first.
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const signal = AbortSignal.any([callerSignal, controller.signal]);
    const total = 9;
    let done = 0;
    const step = (label: string) => {
      if (signal.aborted) throw new QuorumError('cancelled', 'Report generation was cancelled; nothing was written.');
      this.deps.progress(jobId, Math.min(++done, total - 1), total, label, 'running');
    };
    try {
      const evidence: Evidence =
        input.kind === 'dossier'
          ? await gatherDossier(
              this.deps.invoke,
              { connection: input.connection, model: input.model as string, version: input.version as number },
              this.deps.now(),
              step,
            )
          : await gatherAudit(this.deps.invoke, period as { from: number; to: number }, this.deps.now(), step);
      step('Rendering');
      const bundleText = `${JSON.stringify(evidence, null, 2)}\n`;
      const evidenceSha256 = sha256Hex(bundleText);
      const doc = evidence.kind === 'dossier' ? dossierDocument(evidence) : auditDocument(evidence);
      const frameworks = loadFrameworks(this.deps.resourcesDir);
      const clauses = mapFrameworks(frameworks, doc.kind, doc.sections);
      doc.sections.push(frameworkSection(frameworks, clauses));

      const state = await this.ledger.writableState();
      const actor = await resolveActor(this.deps.db, state, this.deps.secrets, input.actor, input.passphrase);
      const signer = {
        name: actor.identity.name,
        email: actor.identity.email,
        publicKey: actor.identity.publicKey,
        fingerprint: fingerprintOf(actor.identity.publicKey),
      };
      const heads = [...state.heads].sort();
      const policyHash = evidence.policy.hash;
      doc.sections.push(
        section('integrity', 'Integrity', 'present', [
          {
            kind: 'p',
            text: 'This report was generated from the evidence bundle below. Its signed manifest (FILE.manifest.json, beside this file) holds the SHA-256 of every file; `quorum report verify FILE` checks them and the signature.',
          },
          {
            kind: 'kv',
            rows: [
              ['Evidence bundle SHA-256', { text: evidenceSha256, mono: true }],
              ['Ledger head', { text: heads.join(', ') || 'empty ledger', mono: true }],
              [
                'Ledger events',
                `${evidence.ledgerVerification.events} (${evidence.ledgerVerification.intact ? 'verified intact' : 'FAILED verification'})`,
              ],
              ['Policy hash', { text: policyHash, mono: true }],
              ['Issued by', `${signer.name} <${signer.email}>`],
              ['Signing key fingerprint', { text: signer.fingerprint, mono: true }],
              ['Generated', iso(Date.parse(evidence.generatedAt))],
            ],
          },
        ]),
      );

      step(`Writing ${input.format.toUpperCase()}`);
      const { bytes, pages } = await this.render(input.format, doc, bundleText);
      const files: (ManifestFile & { path: string })[] = [];
      const add = (path: string, role: ManifestFile['role'], mediaType: string, content: Uint8Array | string) => {
        writeAtomic(path, content);
        const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        files.push({ name: basename(path), role, mediaType, bytes: buffer.byteLength, sha256: sha256Hex(buffer), path });
      };
      if (input.format === 'json') add(out, 'evidence', MEDIA.json, bundleText);
      else {
        add(out, 'report', MEDIA[input.format], bytes);
        add(evidencePathOf(out), 'evidence', MEDIA.json, bundleText);
      }

      step('Signing');
      const subject = evidence.kind === 'dossier' ? evidence.subject : null;
      const unsigned: UnsignedManifest = {
        format: 'quorum-report-manifest/1',
        report: {
          kind: doc.kind,
          title: doc.title,
          format: input.format,
          subject,
          period: evidence.kind === 'audit' ? evidence.period : null,
          generatedAt: evidence.generatedAt,
        },
        files: files.map(({ path: _path, ...f }) => f),
        evidenceSha256,
        ledger: { heads, events: evidence.ledgerVerification.events, intact: evidence.ledgerVerification.intact },
        policyHash,
        generator: { app: 'Quorum', version: this.deps.appVersion },
        signer,
      };
      const manifest = signManifest(unsigned, actor.key);
      const manifestBytes = manifestText(manifest);
      const manifestPath = manifestPathOf(out);
      writeAtomic(manifestPath, manifestBytes);
      const manifestSha256 = sha256Hex(manifestBytes);

      step('Recording in the ledger');
      const [event] = this.ledger.append(
        actor,
        [
          {
            kind: 'report.issued',
            body: {
              kind: doc.kind,
              subject: evidence.kind === 'dossier' ? { ...evidence.subject, stage: evidence.gate.subject.stage } : null,
              manifestHash: manifestSha256,
              format: input.format,
            },
          },
        ],
        state,
      );
      const record = insertReport(this.deps.db, {
        kind: doc.kind,
        title: doc.title,
        format: input.format,
        subject: subject ? `${subject.connection}/${subject.model}@${subject.version}` : null,
        path: out,
        manifestPath,
        manifestSha256,
        issuedAt: this.deps.now(),
        issuedBy: signer.name,
        ledgerEvent: event?.id ?? '',
      });
      this.deps.changed();
      this.deps.progress(jobId, total, total, 'Report issued', 'done');
      return {
        record,
        files,
        sections: doc.sections.map((s) => ({ id: s.id, title: s.title, status: s.status })),
        frameworks: frameworkSummary(frameworks, clauses),
        pages,
      };
    } catch (error) {
      this.deps.progress(jobId, done, total, error instanceof Error ? error.message : 'failed', signal.aborted ? 'cancelled' : 'failed');
      throw error;
    } finally {
      this.running.delete(jobId);
    }
  }

  private async render(
    format: ReportFormat,
    doc: ReportDocument,
    bundleText: string,
  ): Promise<{ bytes: Uint8Array | string; pages: number | null }> {
    if (format === 'json') return { bytes: bundleText, pages: null };
    if (format === 'md') return { bytes: renderMarkdown(doc), pages: null };
    if (format === 'html') return { bytes: renderHtml(doc), pages: null };
    // Two passes: the first finds the page of each section (same layout: the TOC has
    // fixed-width placeholders), the second prints the TOC with those numbers.
    const printer = this.deps.printer();
    try {
      const options = { header: doc.runningHeader, footer: `${doc.title} · generated ${iso(Date.parse(doc.generatedAt))}` };
      const first = await printer.print(renderHtml(doc, { tocPages: 'placeholder' }), options);
      const pages = destinationPages(
        first,
        doc.sections.map((s) => s.id),
      );
      const pdf = pages.size > 0 ? await printer.print(renderHtml(doc, { tocPages: pages }), options) : first;
      return { bytes: pdf, pages: pageCount(pdf) };
    } finally {
      await printer.close();
    }
  }

  /** Checks a report against its sidecar manifest. Throws only when there is nothing to check. */
  async verify(file: string): Promise<ReportVerification> {
    const path = resolve(file);
    if (!existsSync(path)) throw new QuorumError('not_found', `No such file: ${file}.`, { field: 'file' });
    if (statSync(path).isDirectory())
      throw new QuorumError('invalid_input', `${file} is a directory; give the report file.`, { field: 'file' });
    const candidates = path.endsWith('.manifest.json')
      ? [path]
      : [manifestPathOf(path), ...(path.endsWith('.evidence.json') ? [manifestPathOf(path.slice(0, -'.evidence.json'.length))] : [])];
    const manifestPath = candidates.find((c) => existsSync(c));
    if (!manifestPath) {
      throw new QuorumError(
        'invalid_input',
        `No manifest for ${file}: expected ${basename(candidates[0] as string)} beside it. A report is verified against the manifest issued with it; keep them together.`,
        { field: 'file', expected: candidates[0] },
      );
    }
    const checks: VerifyCheck[] = [];
    const problems: string[] = [];
    const check = (name: string, ok: boolean, message: string) => {
      checks.push({ check: name, ok, message });
      if (!ok) problems.push(message);
    };
    const manifestBytes = readFileSync(manifestPath);
    const parsed = parseManifest(manifestBytes.toString('utf8'));
    if (!parsed.ok) {
      check('manifest', false, `${basename(manifestPath)}: ${parsed.reason}.`);
      return {
        valid: false,
        file: path,
        manifest: manifestPath,
        kind: null,
        title: null,
        signer: null,
        ledgerEvent: null,
        checks,
        problems,
      };
    }
    const m = parsed.manifest;
    check('manifest', true, `${basename(manifestPath)} is a well-formed report manifest.`);
    const dir = dirname(manifestPath);
    const reportFile = manifestPath.slice(0, -'.manifest.json'.length);
    if (!m.files.some((f) => f.name === basename(reportFile))) check('file', false, `The manifest does not list ${basename(reportFile)}.`);
    for (const f of m.files) {
      const p = join(dir, f.name);
      if (f.name !== basename(f.name)) {
        check(`file:${f.name}`, false, `The manifest names a file outside its folder (${f.name}).`);
        continue;
      }
      if (!existsSync(p)) {
        check(`file:${f.name}`, false, `${f.name} is missing (listed in the manifest).`);
        continue;
      }
      const bytes = readFileSync(p);
      const digest = sha256Hex(bytes);
      check(
        `file:${f.name}`,
        digest === f.sha256 && bytes.byteLength === f.bytes,
        digest === f.sha256
          ? `${f.name}: SHA-256 matches.`
          : `${f.name} was changed after it was issued (SHA-256 ${digest.slice(0, 16)}…, manifest says ${f.sha256.slice(0, 16)}…).`,
      );
      if (f.role === 'evidence') {
        check(
          'evidence',
          digest === m.evidenceSha256,
          digest === m.evidenceSha256
            ? 'The evidence bundle is the one the report was built from.'
            : 'The evidence bundle does not match the hash the report was built from.',
        );
      }
    }
    check(
      'signature',
      checkManifestSignature(m),
      checkManifestSignature(m)
        ? `ed25519 signature by ${m.signer.name} (${m.signer.fingerprint}) holds.`
        : 'The manifest signature does not hold: the manifest was edited or signed by another key.',
    );
    const known = await this.knownKey(m.signer.publicKey);
    check(
      'signer',
      known !== null,
      known !== null
        ? `The signer is known to this workspace as ${known}.`
        : `The manifest is signed by an unknown key (${m.signer.fingerprint}, claiming to be ${m.signer.name}); import the issuer's public key to trust it.`,
    );
    const ledgerEvent = await this.issuedEvent(sha256Hex(manifestBytes));
    checks.push({
      check: 'ledger',
      ok: true,
      message: ledgerEvent
        ? `Issued as ledger event ${ledgerEvent.slice(0, 16)}….`
        : 'No report.issued event for this manifest in this workspace (issued elsewhere, or not synced).',
    });
    return {
      valid: problems.length === 0,
      file: path,
      manifest: manifestPath,
      kind: m.report.kind,
      title: m.report.title,
      signer: { name: m.signer.name, email: m.signer.email, fingerprint: m.signer.fingerprint, known: known !== null, knownAs: known },
      ledgerEvent,
      checks,
      problems,
    };
  }

  /** Identities of the ledger, or keys imported by hand (an auditor's workspace). */
  private async knownKey(publicKey: string): Promise<string | null> {
    const identities = await this.deps.invoke('governance.identities.list', {});
    const identity = identities.find((i) => i.publicKey === publicKey);
    if (identity) return `${identity.name} <${identity.email}>`;
    // Imported keys have no listing operation yet; read the table governance owns (read-only).
    const imported = this.deps.db.prepare('SELECT name, email FROM governance_known_keys WHERE public_key = ?').get(publicKey) as
      { name: string; email: string } | undefined;
    return imported ? `${imported.name} <${imported.email}> (imported key)` : null;
  }

  private async issuedEvent(manifestHash: string): Promise<string | null> {
    for (let offset = 0; ; offset += 1000) {
      const page = await this.deps.invoke('governance.ledger.list', { limit: 1000, offset });
      const hit = page.items.find((e) => e.kind === 'report.issued' && e.body.manifestHash === manifestHash);
      if (hit) return hit.id;
      if (offset + page.items.length >= page.total || page.items.length === 0) return null;
    }
  }

  async list(limit: number): Promise<ReportHistoryEntry[]> {
    const records: ReportRecord[] = listReports(this.deps.db, limit);
    const out: ReportHistoryEntry[] = [];
    for (const r of records) {
      let verification: ReportHistoryEntry['verification'];
      try {
        const v = await this.verify(r.path);
        verification = { status: v.valid ? 'valid' : 'invalid', problems: v.problems };
      } catch (error) {
        verification = { status: 'missing', problems: [error instanceof Error ? error.message : String(error)] };
      }
      out.push({ ...r, verification });
    }
    return out;
  }
}
