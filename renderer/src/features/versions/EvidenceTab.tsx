import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import type { ReportPreview } from '@shared/domain/reports';
import { dossierReportPath } from '../../app/routes';
import { pluralize } from '../../format/numbers';
import { ErrorState } from '../../ui/ErrorState';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { historyStatus, SECTION_STATUS } from '../reports/labels';
import { reportHistoryQuery, reportPreviewQuery } from '../reports/queries';
import { ReportDocumentView } from '../reports/ReportDocumentView';
import '../reports/reports.css';

interface EvidenceTabProps {
  connection: string;
  name: string;
  version: number;
}

/**
 * "Evidence & reports" (UX.md): what a dossier for this version would contain, section by
 * section, from one reports.preview call (the core gathers the evidence; no fan-out here).
 */
export function EvidenceTab({ connection, name, version }: EvidenceTabProps) {
  const preview = useQuery(reportPreviewQuery({ kind: 'dossier', connection, model: name, version }));
  return (
    <div className="evidence-tab">
      <section className="panel" aria-labelledby="evidence-dossier">
        <div className="panel__heading-row">
          <h2 id="evidence-dossier">What a dossier would contain</h2>
          <Link href={dossierReportPath(connection, name, version)} className="button button--primary">
            Generate dossier…
          </Link>
        </div>
        {preview.isPending ? (
          <SkeletonBlock label="Gathering the evidence for this version" lines={6} />
        ) : preview.isError ? (
          <ErrorState title="Could not gather the evidence" error={preview.error} level={3} onRetry={() => void preview.refetch()} />
        ) : (
          <EvidenceSummary preview={preview.data} />
        )}
      </section>
      <IssuedForVersion subject={`${connection}/${name}@${version}`} />
    </div>
  );
}

/** The section's own words for what is missing, in one sentence. */
function noteOf(section: ReportPreview['sections'][number]): string | null {
  const missing = section.blocks.find((b) => b.kind === 'missing');
  return missing && 'text' in missing ? missing.text : null;
}

function EvidenceSummary({ preview }: { preview: ReportPreview }) {
  const [full, setFull] = useState(false);
  const present = preview.sections.filter((s) => s.status === 'present').length;
  return (
    <>
      <p className="panel__note">
        {present} of {pluralize(preview.sections.length, 'section')} have their evidence. A dossier issued now would say in each of the
        others what is missing.
      </p>
      <ul className="evidence-tab__sections">
        {preview.sections.map((section) => {
          const status = SECTION_STATUS[section.status];
          const note = noteOf(section);
          return (
            <li key={section.id} className="evidence-tab__section">
              <strong>{section.title}</strong>
              <StatusBadge tone={status.tone} label={status.label} icon={status.icon} />
              <span className="evidence-tab__note">{note ?? ''}</span>
            </li>
          );
        })}
      </ul>
      {preview.frameworks.length > 0 && (
        <p className="panel__note">
          Framework coverage:{' '}
          {preview.frameworks.map((f) => `${f.id} ${f.clauses - f.missing} of ${pluralize(f.clauses, 'clause')} evidenced`).join('; ')}.
        </p>
      )}
      <button type="button" className="button" aria-expanded={full} onClick={() => setFull((v) => !v)}>
        {full ? 'Hide the full preview' : 'Show the full preview'}
      </button>
      {full && <ReportDocumentView preview={preview} />}
    </>
  );
}

/** Dossiers already issued for this version, from the one history call. */
function IssuedForVersion({ subject }: { subject: string }) {
  const history = useQuery(reportHistoryQuery());
  const issued = (history.data ?? []).filter((r) => r.kind === 'dossier' && r.subject === subject);
  return (
    <section className="panel" aria-labelledby="evidence-issued">
      <h2 id="evidence-issued">Issued dossiers</h2>
      {history.isPending ? (
        <SkeletonBlock label="Loading issued reports" lines={2} />
      ) : history.isError ? (
        <ErrorState title="Could not list issued reports" error={history.error} level={3} onRetry={() => void history.refetch()} />
      ) : issued.length === 0 ? (
        <p className="panel__note">No dossier has been issued for this version from this workspace yet.</p>
      ) : (
        <ul className="evidence-tab__sections">
          {issued.map((r) => {
            const status = historyStatus(r);
            return (
              <li key={r.id} className="evidence-tab__section">
                <code className="code wrap-anywhere">{r.path}</code>
                <StatusBadge tone={status.tone} label={status.label} icon={status.icon} />
                <span className="evidence-tab__note">
                  Issued <RelativeTime timestamp={r.issuedAt} /> by {r.issuedBy}. {status.reason}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
