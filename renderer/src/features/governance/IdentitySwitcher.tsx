import { useQuery } from '@tanstack/react-query';
import './governance.css';
import { useId } from 'react';
import { Link } from 'wouter';
import { identitiesQuery, useGovernanceAct } from './queries';
import { rolesLabel } from './labels';

/**
 * Whose identity the app acts as, in the top bar (the CLI's `--identity NAME`): every identity
 * whose private key is kept in this data directory can be chosen. Switching signs nothing.
 */
export function IdentitySwitcher() {
  const identities = useQuery(identitiesQuery());
  const activate = useGovernanceAct('governance.identities.activate');
  const id = useId();
  if (!identities.data) return null;
  const local = identities.data.filter((identity) => identity.local);
  const active = local.find((identity) => identity.active);
  if (local.length === 0) {
    return (
      <Link href="/settings#identity" className="identity-switcher identity-switcher--none">
        No identity — create one
      </Link>
    );
  }
  return (
    <div className="identity-switcher">
      <label htmlFor={id} className="identity-switcher__label">
        Acting as
      </label>
      <select
        id={id}
        className="select identity-switcher__select"
        value={active?.publicKey ?? ''}
        disabled={activate.isPending}
        onChange={(event) => activate.mutate({ identity: event.target.value })}
        aria-describedby={activate.isError ? `${id}-error` : undefined}
      >
        {!active && <option value="">Choose an identity</option>}
        {local.map((identity) => (
          <option key={identity.publicKey} value={identity.publicKey}>
            {identity.name} · {rolesLabel(identity.roles)}
          </option>
        ))}
      </select>
      {activate.isError && (
        <span id={`${id}-error`} role="alert" className="identity-switcher__error">
          Could not switch: {activate.error.message}
        </span>
      )}
    </div>
  );
}
