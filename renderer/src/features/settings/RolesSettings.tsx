import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState } from '../../ui/ErrorState';
import { SkeletonBlock } from '../../ui/Skeleton';
import { roleLabel } from '../governance/labels';
import { activeIdentityOf, identitiesQuery, rolesQuery, useGovernanceAct } from '../governance/queries';
import { SignDialog } from '../governance/SignDialog';

interface RoleChange {
  grant: boolean;
  person: { publicKey: string; name: string; email: string };
  role: string;
}

/** Who holds which role; admins grant and revoke, each a signed event confirmed before signing. */
export function RolesSettings() {
  const roles = useQuery(rolesQuery());
  const identities = useQuery(identitiesQuery());
  const me = activeIdentityOf(identities.data);
  const isAdmin = me?.roles.includes('admin') ?? false;
  const [change, setChange] = useState<RoleChange | null>(null);
  const [grantRole, setGrantRole] = useState<Record<string, string>>({});
  const grant = useGovernanceAct('governance.roles.grant');
  const revoke = useGovernanceAct('governance.roles.revoke');
  const mutation = change?.grant === false ? revoke : grant;

  return (
    <section className="panel" aria-labelledby="roles">
      <h2 id="roles">Roles</h2>
      <p className="panel__note">
        {isAdmin
          ? 'As an admin you can grant and revoke roles; each change is a signed ledger event.'
          : 'Only an admin can grant or revoke roles.'}
      </p>
      {roles.isPending ? (
        <SkeletonBlock label="Loading roles" lines={4} />
      ) : roles.isError ? (
        <ErrorState title="Could not read roles" error={roles.error} level={3} onRetry={() => void roles.refetch()} />
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              {isAdmin && <th scope="col">Grant a role</th>}
            </tr>
          </thead>
          <tbody>
            {roles.data.members.map((member) => {
              const grantable = roles.data.roles.filter((r) => !member.roles.includes(r));
              const chosen = grantRole[member.publicKey] ?? grantable[0] ?? '';
              return (
                <tr key={member.publicKey}>
                  <th scope="row">
                    {member.name} <span className="muted">{member.email}</span>
                  </th>
                  <td>
                    <span className="chips">
                      {member.roles.length === 0 && <span className="muted">No role</span>}
                      {member.roles.map((role) => (
                        <span key={role} className="chip">
                          {roleLabel(role)}
                          {isAdmin && (
                            <button
                              type="button"
                              className="chip__remove"
                              aria-label={`Revoke ${roleLabel(role)} from ${member.name}`}
                              onClick={() => setChange({ grant: false, person: member, role })}
                            >
                              ×
                            </button>
                          )}
                        </span>
                      ))}
                    </span>
                  </td>
                  {isAdmin && (
                    <td>
                      {grantable.length > 0 && (
                        <span className="field--inline field">
                          <select
                            className="select"
                            aria-label={`Role to grant ${member.name}`}
                            value={chosen}
                            onChange={(e) => setGrantRole((all) => ({ ...all, [member.publicKey]: e.target.value }))}
                          >
                            {grantable.map((r) => (
                              <option key={r} value={r}>
                                {roleLabel(r)}
                              </option>
                            ))}
                          </select>
                          <button type="button" className="button" onClick={() => setChange({ grant: true, person: member, role: chosen })}>
                            Grant…
                          </button>
                        </span>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {change && (
        <SignDialog
          open
          title={`${change.grant ? 'Grant' : 'Revoke'} ${roleLabel(change.role)} ${change.grant ? 'to' : 'from'} ${change.person.name}`}
          what={`A role ${change.grant ? 'grant (role.granted)' : 'revocation (role.revoked)'}. ${change.grant ? 'From now on' : 'From now on, no longer'} can ${change.person.name} sign in this role.`}
          fields={[
            { label: 'Person', value: `${change.person.name} <${change.person.email}>` },
            { label: 'Role', value: roleLabel(change.role) },
            { label: 'Change', value: change.grant ? 'Granted' : 'Revoked' },
          ]}
          signer={me}
          confirmLabel={change.grant ? 'Sign grant' : 'Sign revocation'}
          canConfirm
          pending={mutation.isPending}
          error={mutation.error}
          onConfirm={(passphrase) =>
            mutation.mutate(
              { person: change.person.publicKey, role: change.role, ...(passphrase === undefined ? {} : { passphrase }) },
              { onSuccess: () => setChange(null) },
            )
          }
          onClose={() => {
            mutation.reset();
            setChange(null);
          }}
        />
      )}
    </section>
  );
}
