import type { Database } from 'better-sqlite3';
import type { ReportRecord } from '@shared/domain/reports';

/** The `reports` table (migration 8): where issued reports were written. */

interface Row {
  id: number;
  kind: ReportRecord['kind'];
  title: string;
  format: ReportRecord['format'];
  subject: string | null;
  path: string;
  manifest_path: string;
  manifest_sha256: string;
  issued_at: number;
  issued_by: string;
  ledger_event: string;
}

const toRecord = (r: Row): ReportRecord => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  format: r.format,
  subject: r.subject,
  path: r.path,
  manifestPath: r.manifest_path,
  manifestSha256: r.manifest_sha256,
  issuedAt: r.issued_at,
  issuedBy: r.issued_by,
  ledgerEvent: r.ledger_event,
});

export function insertReport(db: Database, r: Omit<ReportRecord, 'id'>): ReportRecord {
  const info = db
    .prepare(
      `INSERT INTO reports (kind, title, format, subject, path, manifest_path, manifest_sha256, issued_at, issued_by, ledger_event)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.kind, r.title, r.format, r.subject, r.path, r.manifestPath, r.manifestSha256, r.issuedAt, r.issuedBy, r.ledgerEvent);
  return { ...r, id: Number(info.lastInsertRowid) };
}

export function listReports(db: Database, limit: number): ReportRecord[] {
  return (db.prepare('SELECT * FROM reports ORDER BY issued_at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(toRecord);
}
