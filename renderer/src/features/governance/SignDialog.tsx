import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Identity } from '@shared/domain/governance';
import { Icon } from '../../ui/Icon';
import { KeyValueList, type KeyValue } from '../../ui/KeyValueList';
import { rolesLabel } from './labels';

export interface SignDialogProps {
  open: boolean;
  title: string;
  /** What kind of ledger event this is, in one sentence. */
  what: string;
  /** Exactly what the signed event will say, updated as the reader types. */
  fields: readonly KeyValue[];
  signer: Identity | null;
  confirmLabel: string;
  /** False while a required input (comment, justification) is empty. */
  canConfirm: boolean;
  /** Why the confirm button is disabled, said next to it. */
  blockedReason?: string | undefined;
  pending: boolean;
  error: Error | null;
  onConfirm: (passphrase: string | undefined) => void;
  onClose: () => void;
  /** The act's inputs (comment, conditions…). */
  children?: ReactNode;
}

/**
 * The confirmation before a binding act (UX.md): what will be signed, and by whom, before
 * anything is signed. A native modal <dialog> (focus trap, Escape, inert background). The
 * caller keeps the inputs' state, so a failed signature keeps what the reader typed.
 */
export function SignDialog(props: SignDialogProps) {
  const { open, title, what, fields, signer, confirmLabel, canConfirm, blockedReason, pending, error, onConfirm, onClose, children } =
    props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [passphrase, setPassphrase] = useState('');

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!signer || !canConfirm || pending) return;
    onConfirm(signer.protected ? passphrase : undefined);
  }

  const disabledWhy = !signer
    ? 'No identity is acting: choose one under “Acting as” in the top bar.'
    : !canConfirm
      ? blockedReason
      : undefined;

  return (
    <dialog ref={ref} className="modal sign-dialog" aria-labelledby={titleId} onClose={onClose}>
      {open && (
        <form className="modal__body" onSubmit={submit}>
          <h2 id={titleId} className="modal__title">
            {title}
          </h2>
          <p className="sign-dialog__what">{what}</p>
          {children && <div className="sign-dialog__inputs">{children}</div>}
          <section className="sign-dialog__box" aria-label="What will be signed">
            <h3 className="sign-dialog__heading">What will be signed</h3>
            <KeyValueList items={fields} />
          </section>
          <section className="sign-dialog__box" aria-label="Signed by">
            <h3 className="sign-dialog__heading">Signed by</h3>
            {signer ? (
              <KeyValueList
                items={[
                  { label: 'Identity', value: `${signer.name} <${signer.email}>` },
                  { label: 'Roles', value: rolesLabel(signer.roles) },
                  { label: 'Key fingerprint', value: <code className="code wrap-anywhere">{signer.fingerprint}</code> },
                ]}
              />
            ) : (
              <p>No identity on this machine is active.</p>
            )}
            {signer?.protected && (
              <label className="field">
                <span className="field__label">Passphrase of this key</span>
                <input
                  className="input"
                  type="password"
                  autoComplete="current-password"
                  value={passphrase}
                  onChange={(event) => setPassphrase(event.target.value)}
                />
              </label>
            )}
          </section>
          {error && (
            <div className="sign-dialog__error" role="alert">
              <Icon name="alert" />
              <p>{error.message} Your input is kept; change it or close this dialog.</p>
            </div>
          )}
          <div className="sign-dialog__actions">
            {disabledWhy && <p className="sign-dialog__hint">{disabledWhy}</p>}
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={!signer || !canConfirm || pending}>
              {pending ? 'Signing…' : signer ? `${confirmLabel} as ${signer.name}` : confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
