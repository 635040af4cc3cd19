import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { call } from '../../platform/api';
import { ErrorState } from '../../ui/ErrorState';
import { Icon } from '../../ui/Icon';
import { connectInput, EMPTY_TEAM_FORM, validateTeamForm, withoutPassword, type TeamFormErrors, type TeamFormValues } from './team-form';
import { teamStatusQuery } from './queries';

/** Connect to a team PostgreSQL database. The password is named, never typed: an environment variable of the core's machine. */
export function TeamConnectForm() {
  const id = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<TeamFormValues>(EMPTY_TEAM_FORM);
  const [errors, setErrors] = useState<TeamFormErrors>({});
  const [forgotPassword, setForgotPassword] = useState(false);
  const connect = useMutation({
    mutationFn: (input: TeamFormValues) => call('team.connect', connectInput(input)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: teamStatusQuery().queryKey }),
  });

  function submit(event: FormEvent): void {
    event.preventDefault();
    const found = validateTeamForm(values);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    // Send what was typed once, then keep only the address without its password.
    const submitted = values;
    const stripped = withoutPassword(values.url);
    setForgotPassword(stripped.hadPassword);
    setValues({ ...values, url: stripped.url });
    connect.mutate(submitted);
  }

  const field = (key: keyof TeamFormValues) => ({
    id: `${id}-${key}`,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${id}-${key}-error` : `${id}-${key}-hint`,
  });
  const error = (key: keyof TeamFormValues) =>
    errors[key] ? (
      <span id={`${id}-${key}-error`} className="field__error">
        <Icon name="alert" /> {errors[key]}
      </span>
    ) : null;
  const change = (key: keyof TeamFormValues, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  return (
    <form className="team-form" onSubmit={submit} noValidate aria-label="Connect a team database">
      <div className="field">
        <label className="field__label" htmlFor={`${id}-url`}>
          PostgreSQL address
        </label>
        <input
          {...field('url')}
          className="input code"
          value={values.url}
          spellCheck={false}
          autoComplete="off"
          placeholder="postgres://quorum@db.internal:5432/quorum?sslmode=verify-full"
          onChange={(e) => change('url', e.target.value)}
        />
        <span id={`${id}-url-hint`} className="field__hint">
          Without the password: name the variable that holds it below.
        </span>
        {error('url')}
      </div>
      <div className="team-form__pair">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-passwordEnv`}>
            Password from environment variable <span className="muted">(optional)</span>
          </label>
          <input
            {...field('passwordEnv')}
            className="input code"
            value={values.passwordEnv}
            spellCheck={false}
            autoComplete="off"
            placeholder="QUORUM_TEAM_DB_PASSWORD"
            onChange={(e) => change('passwordEnv', e.target.value)}
          />
          <span id={`${id}-passwordEnv-hint`} className="field__hint">
            Read by Quorum on the machine it runs on; the password never passes through this screen.
          </span>
          {error('passwordEnv')}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-caFile`}>
            CA certificate file <span className="muted">(optional)</span>
          </label>
          <input
            {...field('caFile')}
            className="input code"
            value={values.caFile}
            spellCheck={false}
            placeholder="/etc/ssl/team-db-ca.pem"
            onChange={(e) => change('caFile', e.target.value)}
          />
          <span id={`${id}-caFile-hint`} className="field__hint">
            A PEM bundle to trust instead of the system’s, for a database with its own certificate authority.
          </span>
          {error('caFile')}
        </div>
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={connect.isPending}>
          {connect.isPending ? 'Connecting…' : 'Connect'}
        </button>
      </div>
      <div aria-live="polite">
        {forgotPassword && (
          <p className="notice">
            <Icon name="info" /> The password typed into the address was sent once and is not kept on this screen.
          </p>
        )}
        {connect.isError && (
          <ErrorState
            title="Could not connect to the team database"
            error={connect.error}
            level={3}
            hint="Nothing changed: this workspace keeps working on its own. Check the address, the variable and the certificate, then connect again."
          />
        )}
      </div>
    </form>
  );
}
