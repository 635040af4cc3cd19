import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { pluralize } from '../../format/numbers';
import { ErrorState } from '../../ui/ErrorState';
import { modelListQuery } from '../models/queries';
import { CONNECTIONS_PATH } from './labels';
import { useRemoveConnection } from './queries';

/**
 * Removing a connection takes its catalog data with it, so the confirmation says how much
 * (counted from the catalog, not guessed) before anything is deleted.
 */
export function RemoveConnection(props: { name: string; kind: 'mlflow' | 'prometheus'; onRemoving: (removing: boolean) => void }) {
  const { name, kind, onRemoving } = props;
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const remove = useRemoveConnection();
  const [, navigate] = useLocation();
  const models = useQuery({ ...modelListQuery({ connection: name, limit: 20_000 }), enabled: open && kind === 'mlflow' });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const versions = models.data?.items.reduce((sum, model) => sum + model.versionCount, 0) ?? 0;
  return (
    <section className="panel connection-form__danger" aria-labelledby={`${titleId}-section`}>
      <h2 id={`${titleId}-section`}>Remove this connection</h2>
      <p>
        {kind === 'mlflow'
          ? 'Removes the connection, everything Quorum synced from it, and the secrets Quorum stored for it. The registry itself is not touched.'
          : 'Removes the connection and the secrets Quorum stored for it. Prometheus itself is not touched.'}
      </p>
      <button type="button" className="button button--danger" onClick={() => setOpen(true)}>
        Remove {name}…
      </button>
      <dialog ref={dialogRef} className="modal confirm-dialog" aria-labelledby={titleId} onClose={() => setOpen(false)}>
        {open && (
          <div className="modal__body">
            <h2 id={titleId} className="modal__title">
              Remove {name}?
            </h2>
            {kind === 'mlflow' ? (
              models.isPending ? (
                <p>Counting what this connection holds…</p>
              ) : models.isError ? (
                <p>Quorum could not count this connection’s models; all of them go with it.</p>
              ) : (
                <p>
                  {pluralize(models.data.total, 'model')} and {pluralize(versions, 'version')} synced from {name} will be removed from
                  Quorum’s catalog, with their runs, metrics, dataset inputs and observed changes. Quorum’s sign-off ledger keeps its
                  entries. The MLflow server is not changed; adding the connection again and syncing brings the models back.
                </p>
              )
            ) : (
              <p>Drift and serving alerts from {name} will no longer be read.</p>
            )}
            {remove.isError && <ErrorState title="The connection was not removed" error={remove.error} level={3} />}
            <div className="confirm-dialog__actions">
              <button type="button" className="button" onClick={() => setOpen(false)} autoFocus>
                Keep it
              </button>
              <button
                type="button"
                className="button button--danger"
                disabled={remove.isPending}
                onClick={() => {
                  onRemoving(true);
                  remove.mutate(name, {
                    onSuccess: () => {
                      setOpen(false);
                      navigate(CONNECTIONS_PATH);
                    },
                    onError: () => onRemoving(false),
                  });
                }}
              >
                {remove.isPending ? 'Removing…' : `Remove ${name}`}
              </button>
            </div>
          </div>
        )}
      </dialog>
    </section>
  );
}
