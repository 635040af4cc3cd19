import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { LineageImportResult } from '@shared/domain/lineage';
import { call } from '../../platform/api';
import { ErrorState } from '../../ui/ErrorState';
import { StatusBadge } from '../../ui/StatusBadge';

/** The contract's cap on documents per import; more files are sent in several calls. */
const MAX_DOCUMENTS = 100;

async function readDocuments(files: readonly File[]): Promise<{ name: string; text: string }[]> {
  return Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() })));
}

async function importFiles(files: readonly File[]): Promise<LineageImportResult> {
  const documents = await readDocuments(files);
  const total: LineageImportResult = { files: [], accepted: 0, duplicates: 0, rejected: 0, failedFiles: 0 };
  for (let i = 0; i < documents.length; i += MAX_DOCUMENTS) {
    const part = await call('lineage.import', { documents: documents.slice(i, i + MAX_DOCUMENTS) });
    total.files.push(...part.files);
    total.accepted += part.accepted;
    total.duplicates += part.duplicates;
    total.rejected += part.rejected;
    total.failedFiles += part.failedFiles;
  }
  return total;
}

/**
 * Drop OpenLineage files (JSON, JSON arrays, JSON Lines) or a dvc.yaml + dvc.lock pair anywhere on
 * the section; a file button does the same from the keyboard.
 */
export function ImportDropZone({ children, footer }: { children: ReactNode; footer: ReactNode }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: importFiles,
    // The core announces the change too; this makes the new nodes show even before the push arrives.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['lineage'] }),
  });

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) mutation.mutate(files);
  };

  return (
    <div
      className={dragging ? 'page lineage-page lineage-drop lineage-drop--active' : 'page lineage-page lineage-drop'}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      {children}
      <section className="lineage-import" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Import lineage</h2>
        <p>
          Drop OpenLineage event files (JSON, a JSON array or JSON Lines) or a <code>dvc.yaml</code> together with its <code>dvc.lock</code>{' '}
          anywhere on this page, or choose them.
        </p>
        <input
          ref={inputRef}
          id={`${id}-files`}
          className="visually-hidden"
          // The button below opens it; the input itself stays out of the tab order.
          tabIndex={-1}
          aria-label="Lineage files to import"
          type="file"
          multiple
          accept=".json,.jsonl,.ndjson,.yaml,.yml,.lock"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            if (files.length > 0) mutation.mutate(files);
            event.target.value = '';
          }}
        />
        <button type="button" className="button" onClick={() => inputRef.current?.click()} disabled={mutation.isPending}>
          {mutation.isPending ? 'Importing…' : 'Choose files…'}
        </button>
        {mutation.isError && (
          <ErrorState
            title="The files were not imported"
            error={mutation.error}
            level={3}
            hint="Nothing was stored. Check that the files are OpenLineage JSON or a dvc.yaml + dvc.lock pair, then drop them again."
          />
        )}
        {mutation.data && <ImportResult result={mutation.data} />}
      </section>
      {footer}
    </div>
  );
}

function ImportResult({ result }: { result: LineageImportResult }) {
  const tone =
    result.failedFiles > 0 || result.rejected > 0 ? 'danger' : result.files.some((f) => f.warnings.length > 0) ? 'warning' : 'ok';
  return (
    <div className="lineage-import__result" role="status">
      <p>
        <StatusBadge
          tone={tone}
          label={tone === 'ok' ? 'Imported' : tone === 'warning' ? 'Imported with warnings' : 'Some events were refused'}
        />{' '}
        {result.accepted} accepted, {result.duplicates} already known, {result.rejected} rejected
        {result.failedFiles > 0 ? `, ${result.failedFiles} files refused whole` : ''}.
      </p>
      <ul className="lineage-panel__list">
        {result.files.map((file) => (
          <li key={file.path}>
            <strong>{file.path}</strong>{' '}
            <span className="muted">
              {file.format === 'unknown' ? 'not recognised' : file.format === 'dvc' ? 'DVC project' : 'OpenLineage'} · {file.accepted}{' '}
              accepted
            </span>
            {file.error && <p className="lineage-import__error">{file.error}</p>}
            {file.rejected.length > 0 && (
              <ul>
                {file.rejected.map((r) => (
                  <li key={r.ref}>
                    Rejected {r.ref}: {r.reasons.map((reason) => reason.message).join('; ')}
                  </li>
                ))}
              </ul>
            )}
            {file.warnings.length > 0 && (
              <details>
                <summary>{file.warnings.length} events stored with warnings</summary>
                <ul>
                  {file.warnings.map((w) => (
                    <li key={w.ref}>
                      {w.ref}: {w.issues.map((issue) => issue.message).join('; ')}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
