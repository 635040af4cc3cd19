import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ErrorState } from '../../ui/ErrorState';
import { Icon } from '../../ui/Icon';
import { SkeletonBlock } from '../../ui/Skeleton';
import { VerificationDetails } from './VerificationDetails';
import { verifyFileQuery } from './verify-query';

/** "Verify a file" (UX.md Reports): any report with its manifest beside it, issued here or elsewhere. */
export function VerifyFilePanel() {
  const id = useId();
  const [path, setPath] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const result = useQuery({ ...verifyFileQuery(asked ?? ''), enabled: asked !== null });

  function submit(event: FormEvent): void {
    event.preventDefault();
    const file = path.trim();
    if (!file) {
      setError('Give the path of a report file (or its .manifest.json) on the machine running Quorum.');
      document.getElementById(`${id}-file`)?.focus();
      return;
    }
    setError(null);
    if (file === asked) void result.refetch();
    else setAsked(file);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Verify a file</h2>
      <p className="panel__note">
        Checks a report against the signed manifest beside it: each file’s SHA-256, the signature, and whether this workspace knows the
        signer. The same check as <code className="code">quorum report verify FILE</code>.
      </p>
      <form className="reports-verify" onSubmit={submit} noValidate>
        <div className="field reports-verify__field">
          <label className="field__label" htmlFor={`${id}-file`}>
            Report file
          </label>
          <input
            id={`${id}-file`}
            className="input code"
            value={path}
            placeholder="/path/to/dossier.pdf"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-file-error` : undefined}
            onChange={(event) => setPath(event.target.value)}
          />
          {error && (
            <span id={`${id}-file-error`} className="field__error">
              <Icon name="alert" /> {error}
            </span>
          )}
        </div>
        <button type="submit" className="button" disabled={result.isFetching}>
          {result.isFetching ? 'Verifying…' : 'Verify'}
        </button>
      </form>
      <div aria-live="polite">
        {asked === null ? null : result.isPending ? (
          <SkeletonBlock label="Verifying the report" lines={3} />
        ) : result.isError ? (
          <ErrorState
            title="Could not verify this file"
            error={result.error}
            level={3}
            hint="Check the path: the report and its FILE.manifest.json must be side by side on the machine running Quorum."
          />
        ) : (
          <VerificationDetails verification={result.data} />
        )}
      </div>
    </section>
  );
}
