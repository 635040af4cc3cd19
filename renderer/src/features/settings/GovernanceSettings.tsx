import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { call } from '../../platform/api';
import { ErrorState } from '../../ui/ErrorState';
import { KeyValueList } from '../../ui/KeyValueList';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { roleLabel, rolesLabel, shortHash } from '../governance/labels';
import { activeIdentityOf, identitiesQuery, useGovernanceAct } from '../governance/queries';
import { PolicySettings } from './PolicySettings';
import { RolesSettings } from './RolesSettings';

/** Settings › Identity and keys, Roles, Policy (UX.md information architecture). */
export function GovernanceSettings() {
  return (
    <>
      <IdentitySettings />
      <RolesSettings />
      <PolicySettings />
    </>
  );
}

function IdentitySettings() {
  const identities = useQuery(identitiesQuery());
  const [pem, setPem] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const me = activeIdentityOf(identities.data);

  async function exportKey(): Promise<void> {
    setExportError(null);
    try {
      const exported = await call('governance.identities.export', {});
      setPem(exported.pem);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <section className="panel" aria-labelledby="identity">
      <h2 id="identity">Identity and keys</h2>
      {identities.isPending ? (
        <SkeletonBlock label="Loading identities" lines={3} />
      ) : identities.isError ? (
        <ErrorState title="Could not read identities" error={identities.error} level={3} onRetry={() => void identities.refetch()} />
      ) : (
        <>
          {me ? (
            <KeyValueList
              items={[
                { label: 'Acting as', value: `${me.name} <${me.email}>` },
                { label: 'Roles', value: rolesLabel(me.roles) },
                { label: 'Key fingerprint', value: <code className="code wrap-anywhere">{me.fingerprint}</code> },
                { label: 'Private key', value: me.protected ? 'On this machine, passphrase-protected' : 'On this machine' },
              ]}
            />
          ) : (
            <p>No identity is active. Choose one under “Acting as” in the top bar, or create one below.</p>
          )}
          {me && (
            <div className="signoff__actions">
              <button type="button" className="button" onClick={() => void exportKey()}>
                Export public key
              </button>
            </div>
          )}
          {exportError && (
            <p role="alert" className="form-error">
              Could not export the key: {exportError}
            </p>
          )}
          {pem && (
            <div className="field">
              <span className="field__label">Public key of {me?.name} (PEM) — hand it to an auditor or a colleague</span>
              <pre className="code-block">{pem}</pre>
            </div>
          )}
          <h3 className="settings__subheading">Identities kept on this machine</h3>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {identities.data
                .filter((identity) => identity.local)
                .map((identity) => (
                  <tr key={identity.publicKey}>
                    <td>
                      {identity.name} {identity.active && <StatusBadge tone="ok" label="Acting" />}
                    </td>
                    <td>{rolesLabel(identity.roles)}</td>
                    <td>
                      <code className="code">{shortHash(identity.fingerprint)}…</code>
                    </td>
                    <td>
                      <RelativeTime timestamp={identity.createdAt} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <CreateIdentityForm first={identities.data.length === 0} />
        </>
      )}
    </section>
  );
}

function CreateIdentityForm({ first }: { first: boolean }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const create = useGovernanceAct('governance.identities.create');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), email: email.trim(), ...(passphrase === '' ? {} : { passphrase }) },
      {
        onSuccess: () => {
          setName('');
          setEmail('');
          setPassphrase('');
        },
      },
    );
  }

  return (
    <form className="identity-form" onSubmit={submit} aria-labelledby="identity-create">
      <h3 id="identity-create" className="settings__subheading">
        Create an identity
      </h3>
      <p className="panel__note">
        Makes an ed25519 key pair on this machine; the private key never leaves it.{' '}
        {first
          ? 'The first identity founds the workspace and becomes its admin.'
          : `An admin then grants it a role (${roleLabel('admin')} › Roles).`}
      </p>
      <div className="identity-form__fields">
        <label className="field">
          <span className="field__label">Name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name" />
        </label>
        <label className="field">
          <span className="field__label">E-mail</span>
          <input className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
        </label>
        <label className="field">
          <span className="field__label">Passphrase (optional, 8+ characters)</span>
          <input
            className="input"
            type="password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            autoComplete="new-password"
          />
        </label>
      </div>
      {create.isError && (
        <p role="alert" className="form-error">
          {create.error.message} Your input is kept.
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={create.isPending || name.trim() === '' || email.trim() === ''}>
        {create.isPending ? 'Creating…' : 'Create identity'}
      </button>
    </form>
  );
}
