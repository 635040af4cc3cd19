import { useQuery } from '@tanstack/react-query';
import type { OperationInput } from '@shared/contract';
import { ErrorState } from '../../ui/ErrorState';
import { SkeletonBlock } from '../../ui/Skeleton';
import { reportPreviewQuery } from './queries';
import { ReportDocumentView } from './ReportDocumentView';

/** The in-app preview: the report's sections and words, gathered now; nothing is written or signed. */
export function PreviewPanel({ input, onClose }: { input: OperationInput<'reports.preview'>; onClose: () => void }) {
  const preview = useQuery(reportPreviewQuery(input));
  return (
    <section className="panel" aria-labelledby="reports-preview">
      <div className="panel__heading-row">
        <h2 id="reports-preview">Preview</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close preview
        </button>
      </div>
      <p className="panel__note">What the report would say if issued now. Nothing is written, signed or recorded until you generate it.</p>
      {preview.isPending ? (
        <SkeletonBlock label="Gathering the evidence" lines={6} />
      ) : preview.isError ? (
        <ErrorState title="Could not preview this report" error={preview.error} level={3} onRetry={() => void preview.refetch()} />
      ) : (
        <ReportDocumentView preview={preview.data} />
      )}
    </section>
  );
}
