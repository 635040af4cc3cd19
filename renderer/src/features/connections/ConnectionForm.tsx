import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { ErrorState } from '../../ui/ErrorState';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { describeAuth, testInput, validateForm, type AuthChoice, type ConnectionFormValues, type FormErrors } from './connection-form';
import { ConnectionTestResult } from './ConnectionTestResult';
import { CONNECTIONS_PATH } from './labels';
import { useTestConnection } from './queries';
import type { RegistryConnection } from './types';

export interface ConnectionFormProps {
  mode: 'add' | 'edit';
  initial: ConnectionFormValues;
  /** The stored connection when editing: its credentials can be kept without being shown. */
  stored: RegistryConnection | null;
  submitLabel: string;
  submitting: boolean;
  submitError: unknown;
  onSubmit: (values: ConnectionFormValues) => void;
}

/**
 * Add or edit a connection. Everything typed stays in the form whatever goes wrong (a failed
 * test, a refused save); "Test connection" tries the draft before anything is stored.
 */
export function ConnectionForm({ mode, initial, stored, submitLabel, submitting, submitError, onSubmit }: ConnectionFormProps) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const test = useTestConnection();
  const id = useId();

  function change<K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]): void {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  }

  function validated(): boolean {
    const found = validateForm(values, mode);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) document.getElementById(`${id}-${first}`)?.focus();
    return first === undefined;
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (validated()) onSubmit(values);
  }

  function runTest(): void {
    if (validated()) test.mutate(testInput(values, stored));
  }

  const field = (key: keyof ConnectionFormValues) => ({
    id: `${id}-${key}`,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${id}-${key}-error` : undefined,
  });
  const error = (key: keyof ConnectionFormValues) =>
    errors[key] ? (
      <span id={`${id}-${key}-error`} className="field__error">
        <Icon name="alert" /> {errors[key]}
      </span>
    ) : null;

  const mlflow = values.kind === 'mlflow';
  return (
    <form className="connection-form" onSubmit={submit} noValidate aria-label={mode === 'add' ? 'Add connection' : `Edit ${values.name}`}>
      <section className="panel connection-form__section" aria-labelledby={`${id}-where`}>
        <h2 id={`${id}-where`}>Server</h2>
        {mode === 'add' ? (
          <fieldset className="choice-group">
            <legend>Kind</legend>
            <KindChoice
              checked={values.kind === 'mlflow'}
              onSelect={() => change('kind', 'mlflow')}
              label="MLflow"
              hint="A model registry: Quorum syncs its models, versions and runs."
              name={`${id}-kind`}
            />
            <KindChoice
              checked={values.kind === 'prometheus'}
              onSelect={() => change('kind', 'prometheus')}
              label="Prometheus"
              hint="A monitoring backend for drift and serving alerts; never synced."
              name={`${id}-kind`}
            />
          </fieldset>
        ) : null}
        <div className="connection-form__grid">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-name`}>
              Name
            </label>
            <input
              {...field('name')}
              className="input"
              value={values.name}
              onChange={(event) => change('name', event.target.value)}
              readOnly={mode === 'edit'}
              autoComplete="off"
              spellCheck={false}
            />
            <span className="field__hint">
              {mode === 'add'
                ? 'Keys this registry’s models in the catalog, e.g. “prod” or “staging”. It cannot be changed later.'
                : 'The name keys this registry’s models; it cannot be changed.'}
            </span>
            {error('name')}
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-url`}>
              Address
            </label>
            <input
              {...field('url')}
              className="input"
              type="url"
              inputMode="url"
              value={values.url}
              placeholder={mlflow ? 'https://mlflow.example.com' : 'https://prometheus.example.com'}
              onChange={(event) => change('url', event.target.value)}
              autoComplete="url"
              spellCheck={false}
            />
            <span className="field__hint">The tracking server’s base address, as MLFLOW_TRACKING_URI would hold it.</span>
            {error('url')}
          </div>
        </div>
      </section>

      <section className="panel connection-form__section" aria-labelledby={`${id}-auth`}>
        <h2 id={`${id}-auth`}>Authentication</h2>
        <fieldset className="connection-form__auth">
          <legend className="visually-hidden">How Quorum signs in</legend>
          {stored && stored.settings.auth.kind !== 'none' && (
            <AuthOption name={id} value="keep" values={values} change={change} label={`Keep: ${describeAuth(stored.settings.auth)}`} />
          )}
          <AuthOption name={id} value="none" values={values} change={change} label="None" />
          <AuthOption name={id} value="bearer-env" values={values} change={change} label="Bearer token from an environment variable">
            <div className="field">
              <label className="field__label" htmlFor={`${id}-tokenEnv`}>
                Variable
              </label>
              <input
                {...field('tokenEnv')}
                className="input code"
                value={values.tokenEnv}
                onChange={(event) => change('tokenEnv', event.target.value)}
                spellCheck={false}
              />
              {error('tokenEnv')}
            </div>
          </AuthOption>
          <AuthOption name={id} value="basic-env" values={values} change={change} label="Basic auth from environment variables">
            <div className="connection-form__pair">
              <div className="field">
                <label className="field__label" htmlFor={`${id}-usernameEnv`}>
                  User name variable
                </label>
                <input
                  {...field('usernameEnv')}
                  className="input code"
                  value={values.usernameEnv}
                  onChange={(event) => change('usernameEnv', event.target.value)}
                  spellCheck={false}
                />
                {error('usernameEnv')}
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`${id}-passwordEnv`}>
                  Password variable
                </label>
                <input
                  {...field('passwordEnv')}
                  className="input code"
                  value={values.passwordEnv}
                  onChange={(event) => change('passwordEnv', event.target.value)}
                  spellCheck={false}
                />
                {error('passwordEnv')}
              </div>
            </div>
          </AuthOption>
          <AuthOption name={id} value="token-secret" values={values} change={change} label="Token stored in Quorum’s secret store">
            <div className="field">
              <label className="field__label" htmlFor={`${id}-tokenValue`}>
                Token
              </label>
              <input
                {...field('tokenValue')}
                className="input"
                type="password"
                value={values.tokenValue}
                onChange={(event) => change('tokenValue', event.target.value)}
                autoComplete="off"
              />
              <span className="field__hint">
                Saved to the OS keychain (desktop) or a file only you can read (headless); the workspace database keeps only a reference.
              </span>
              {error('tokenValue')}
            </div>
          </AuthOption>
        </fieldset>
      </section>

      <section className="panel connection-form__section" aria-labelledby={`${id}-tls`}>
        <h2 id={`${id}-tls`}>TLS</h2>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-caFile`}>
            Custom CA bundle (optional)
          </label>
          <input
            {...field('caFile')}
            className="input code"
            value={values.caFile}
            placeholder="/etc/ssl/company-ca.pem"
            onChange={(event) => change('caFile', event.target.value)}
            spellCheck={false}
          />
          <span className="field__hint">A PEM file path on the machine running Quorum, for servers signed by your company’s CA.</span>
        </div>
        <label className="connection-form__check" htmlFor={`${id}-insecureSkipVerify`}>
          <input
            id={`${id}-insecureSkipVerify`}
            type="checkbox"
            checked={values.insecureSkipVerify}
            onChange={(event) => change('insecureSkipVerify', event.target.checked)}
          />
          <span>Don’t verify the server’s TLS certificate</span>
        </label>
        {values.insecureSkipVerify && (
          <p className="connection-form__warning" role="note">
            <Icon name="alert" /> Anyone on the network path could impersonate this server and read the credentials sent to it. Use a CA
            bundle instead when you can; this choice is shown on the connection for as long as it is on.
          </p>
        )}
      </section>

      {mlflow && (
        <section className="panel connection-form__section" aria-labelledby={`${id}-sync`}>
          <h2 id={`${id}-sync`}>Sync and write-back</h2>
          <div className="field connection-form__interval">
            <label className="field__label" htmlFor={`${id}-syncIntervalMinutes`}>
              Sync every (minutes)
            </label>
            <input
              {...field('syncIntervalMinutes')}
              className="input"
              type="number"
              min={0}
              max={10080}
              step={1}
              value={values.syncIntervalMinutes}
              onChange={(event) => change('syncIntervalMinutes', event.target.value)}
            />
            <span className="field__hint">While Quorum runs; 0 syncs only when you ask.</span>
            {error('syncIntervalMinutes')}
          </div>
          <label className="connection-form__check" htmlFor={`${id}-writeBack`}>
            <input
              id={`${id}-writeBack`}
              type="checkbox"
              checked={values.writeBack}
              onChange={(event) => change('writeBack', event.target.checked)}
            />
            <span>Allow write-back</span>
          </label>
          <p className="field__hint">
            Lets Quorum set and remove version tags and aliases on this registry once a release gate passes; each write is shown and
            confirmed before it happens. Off by default.
          </p>
        </section>
      )}

      <div className="connection-form__actions">
        <button type="button" className="button" onClick={runTest} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Saving…' : submitLabel}
        </button>
        <Link href={CONNECTIONS_PATH} className="button button--quiet">
          Cancel
        </Link>
      </div>
      <div aria-live="polite">
        {test.isPending && <Spinner label="Testing the connection" />}
        {test.isError && (
          <ErrorState
            title="The test could not run"
            error={test.error}
            level={3}
            hint="Nothing was saved; your input is kept. Check the address and try again."
          />
        )}
        {test.data && !test.isPending && <ConnectionTestResult test={test.data} kind={values.kind} />}
      </div>
      {submitError !== null && submitError !== undefined && (
        <ErrorState
          title={mode === 'add' ? 'The connection was not added' : 'The changes were not saved'}
          error={submitError}
          level={3}
          hint="Your input is kept: correct it and save again."
        />
      )}
    </form>
  );
}

function KindChoice(props: { checked: boolean; onSelect: () => void; label: string; hint: string; name: string }) {
  return (
    <label className="choice">
      <input type="radio" name={props.name} checked={props.checked} onChange={props.onSelect} />
      <span className="choice__text">
        <span className="choice__label">{props.label}</span>
        <span className="choice__hint">{props.hint}</span>
      </span>
    </label>
  );
}

function AuthOption(props: {
  name: string;
  value: AuthChoice;
  values: ConnectionFormValues;
  change: (key: 'auth', value: AuthChoice) => void;
  label: string;
  children?: ReactNode;
}) {
  const checked = props.values.auth === props.value;
  return (
    <div className={checked ? 'auth-option auth-option--selected' : 'auth-option'}>
      <label className="connection-form__check">
        <input type="radio" name={`${props.name}-auth`} checked={checked} onChange={() => props.change('auth', props.value)} />
        <span>{props.label}</span>
      </label>
      {checked && props.children && <div className="auth-option__body">{props.children}</div>}
    </div>
  );
}
