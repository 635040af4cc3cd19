import { useQuery } from '@tanstack/react-query';
import type { GeneratedReport } from '@shared/domain/reports';
import { pluralize } from '../../format/numbers';
import { KeyValueList } from '../../ui/KeyValueList';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { FORMAT_LABELS, SECTION_STATUS, verificationStatus } from './labels';
import { verifyFileQuery } from './verify-query';

/** What was issued: where it was written, the manifest hash, and a check of it straight after. */
export function GenerationResult({ report }: { report: GeneratedReport }) {
  const verify = useQuery(verifyFileQuery(report.record.path));
  const status = verify.data ? verificationStatus(verify.data) : null;
  const gaps = report.sections.filter((s) => s.status !== 'present');
  return (
    <div className="report-result" role="status" aria-labelledby="report-result-heading">
      <div className="report-result__head">
        <h3 id="report-result-heading">Issued: {report.record.title}</h3>
        {verify.isPending ? (
          <StatusBadge tone="unknown" label="Verifying…" />
        ) : verify.isError ? (
          <StatusBadge tone="danger" label="Could not verify" />
        ) : status ? (
          <StatusBadge tone={status.tone} label={status.label} icon={status.icon} />
        ) : null}
      </div>
      {status && <p className="muted">{status.reason}</p>}
      {verify.isError && <p className="muted">{verify.error.message}</p>}
      <KeyValueList
        items={[
          { label: 'Written to', value: <code className="code wrap-anywhere">{report.record.path}</code> },
          {
            label: 'Format',
            value: `${FORMAT_LABELS[report.record.format]}${report.pages !== null ? `, ${pluralize(report.pages, 'page')}` : ''}`,
          },
          { label: 'Manifest', value: <code className="code wrap-anywhere">{report.record.manifestPath}</code> },
          { label: 'Manifest SHA-256', value: <code className="code wrap-anywhere">{report.record.manifestSha256}</code> },
          { label: 'Signed by', value: report.record.issuedBy },
          {
            label: 'Files',
            value: (
              <ul className="report-result__files">
                {report.files.map((f) => (
                  <li key={f.path}>
                    {f.role === 'report' ? 'Report' : 'Evidence bundle'}: <code className="code">{f.name}</code>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      {gaps.length > 0 && (
        <p className="report-result__gaps">
          <StatusBadge
            tone={SECTION_STATUS.partial.tone}
            label={`${pluralize(gaps.length, 'section')} without full evidence`}
            icon="alert"
          />{' '}
          {gaps.map((s) => `${s.title} (${s.status})`).join(', ')}. The report says in each what is missing.
        </p>
      )}
      {verify.isPending && <SkeletonBlock label="Verifying the new report" lines={1} />}
    </div>
  );
}
