import { describe, expect, it } from 'vitest';
import { connectInput, validateTeamForm, withoutPassword } from './team-form';

describe('team database form', () => {
  it('needs a postgres address and a valid environment variable name', () => {
    expect(validateTeamForm({ url: '', caFile: '', passwordEnv: '' }).url).toBeDefined();
    expect(validateTeamForm({ url: 'mysql://x', caFile: '', passwordEnv: '' }).url).toMatch(/postgres/);
    expect(validateTeamForm({ url: 'postgres://q@db/quorum', caFile: '', passwordEnv: '1BAD' }).passwordEnv).toBeDefined();
    expect(validateTeamForm({ url: 'postgresql://q@db/quorum', caFile: '', passwordEnv: 'QUORUM_PG_PASSWORD' })).toEqual({});
  });

  it('sends the password as an env: reference, never a value', () => {
    expect(connectInput({ url: ' postgres://q@db/quorum ', caFile: '', passwordEnv: 'PGPASS' })).toEqual({
      url: 'postgres://q@db/quorum',
      password: 'env:PGPASS',
    });
    expect(connectInput({ url: 'postgres://q@db/quorum', caFile: '/etc/ca.pem', passwordEnv: 'env:PGPASS' })).toEqual({
      url: 'postgres://q@db/quorum',
      caFile: '/etc/ca.pem',
      password: 'env:PGPASS',
    });
  });

  it('forgets a password typed into the address', () => {
    expect(withoutPassword('postgres://quorum:s3cret@db:5432/q')).toEqual({ url: 'postgres://quorum@db:5432/q', hadPassword: true });
    expect(withoutPassword('postgres://quorum@db/q')).toEqual({ url: 'postgres://quorum@db/q', hadPassword: false });
    expect(withoutPassword('postgres://db/q')).toEqual({ url: 'postgres://db/q', hadPassword: false });
  });
});
