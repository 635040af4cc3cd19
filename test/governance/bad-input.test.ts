import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyError } from '@shared/domain/governance';
import { defaultResourcesDir } from '../../electron/core/resources';
import { cli, fourPeople, fraudSnapshot, ingest, openCore, tempDir } from './helpers';

/** Each bad input is a clear error, and nothing is written to the ledger. */
describe('bad input', () => {
  const { dir, cleanup } = tempDir('bad');
  let events = 0;
  const ledgerSize = async () => ((await cli(dir, ['--json', 'ledger', 'log', '--limit', '1000'])).json() as { total: number }).total;
  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), Date.now());
    await fourPeople(dir);
    expect((await cli(dir, ['--identity', 'Carol Diaz', 'request', 'fraud-detector@4', '--stage', 'production'])).code).toBe(0);
    events = await ledgerSize();
  });
  afterAll(async () => {
    expect(await ledgerSize()).toBe(events);
    cleanup();
  });

  const policyFile = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const validate = async (text: string) => {
    const run = await cli(dir, ['--json', 'policy', 'validate', policyFile('p.yaml', text)]);
    return { code: run.code, errors: (run.json() as { errors: PolicyError[] }).errors };
  };
  const good = readFileSync(join(defaultResourcesDir(), 'policy', 'default-policy.yaml'), 'utf8');

  it('accepts the shipped default policy', async () => {
    expect((await validate(good)).code).toBe(0);
  });

  it('names the line and field of a wrong type', async () => {
    const { code, errors } = await validate(good.replace('approvalValidityDays: 90', 'approvalValidityDays: ninety'));
    expect(code).toBe(1);
    const line = good.split('\n').findIndex((l) => l.includes('approvalValidityDays: 90')) + 1;
    expect(errors[0]).toMatchObject({ field: 'tiers.high.approvalValidityDays', line });
  });

  it('names an unknown field and a role the policy does not define', async () => {
    const unknown = await validate(good.replace('    approvalValidityDays: 180', '    approvalValidityDays: 180\n    aprovers: 2'));
    expect(unknown.errors[0]).toMatchObject({ field: 'tiers.medium.aprovers', message: 'unknown field "aprovers"' });
    expect(unknown.errors[0]?.line).toBeGreaterThan(1);
    const role = await validate(good.replace('{ role: ops, count: 1 }', '{ role: sre, count: 1 }'));
    expect(role.errors[0]).toMatchObject({ field: 'tiers.high.signoffs.1.role', message: 'role "sre" is not listed under roles' });
  });

  it('refuses malformed YAML, duplicate keys and custom tags with the line', async () => {
    const syntax = await validate('version: 1\nname: [unclosed\n');
    expect(syntax.code).toBe(1);
    expect(syntax.errors[0]?.line).not.toBeNull();
    const dup = await validate(good.replace('name: Quorum default policy', 'name: a\nname: b'));
    expect(dup.errors[0]?.message).toMatch(/unique/);
    const tag = await validate('version: !!js/function "return 1"\n');
    expect(tag.errors[0]).toMatchObject({ line: 1 });
  });

  it('refuses a YAML bomb and an oversized policy without expanding them', async () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    const refused = await validate(bomb);
    expect(refused.errors[0]?.message).toMatch(/resource exhaustion|alias/i);
    const huge = await validate(`version: 1\nname: "${'x'.repeat(300_000)}"\n`);
    expect(huge.errors[0]?.message).toMatch(/larger than 256 KiB/);
  });

  it('refuses to record an invalid policy, naming line and field (exit 2)', async () => {
    const run = await cli(dir, [
      '--identity',
      'Ada Admin',
      'policy',
      'set',
      policyFile('bad.yaml', good.replace('defaultTier: high', 'defaultTier: extreme')),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line \d+, field "defaultTier"/);
  });

  it('only an admin changes the policy; the change is diffable', async () => {
    const denied = await cli(dir, [
      '--identity',
      'Olu Ops',
      'policy',
      'set',
      policyFile('p2.yaml', good.replace('approvalValidityDays: 90', 'approvalValidityDays: 60')),
    ]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/not an admin/);
  });

  it('refuses an approval for a version that does not exist', async () => {
    const run = await cli(dir, ['--identity', 'Bob Okafor', 'approve', 'fraud-detector@99', '--role', 'ml-engineering']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has no version 99/);
    const model = await cli(dir, ['--identity', 'Bob Okafor', 'approve', 'no-such-model@1', '--role', 'ml-engineering']);
    expect(model.stderr).toMatch(/No model named "no-such-model"/);
  });

  it('refuses garbage subjects, unknown stages and roles the policy does not require', async () => {
    expect((await cli(dir, ['gate', 'fraud-detector'])).code).toBe(2);
    const stage = await cli(dir, ['gate', 'fraud-detector@4', '--stage', 'moon']);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toMatch(/Unknown stage "moon"/);
    const role = await cli(dir, ['--identity', 'Carol Diaz', 'approve', 'fraud-detector@4', '--role', 'data-science']);
    expect(role.stderr).toMatch(/data-science is not one of them/);
  });

  it('requires a comment to reject and a justification to waive, and only admin/compliance waive', async () => {
    expect((await cli(dir, ['--identity', 'Bob Okafor', 'reject', 'fraud-detector@4', '--role', 'ml-engineering'])).code).toBe(2);
    const blank = await cli(dir, [
      '--identity',
      'Bob Okafor',
      'reject',
      'fraud-detector@4',
      '--role',
      'ml-engineering',
      '--comment',
      '   ',
    ]);
    expect(blank.stderr).toMatch(/a rejection needs a comment/);
    const waive = await cli(dir, ['--identity', 'Bob Okafor', 'waive', 'fraud-detector@4', '--check', 'drift', '--justification', 'fine']);
    expect(waive.stderr).toMatch(/Only admin or compliance may waive/);
  });

  it('refuses a second request for the same release and unknown identities', async () => {
    const again = await cli(dir, ['--identity', 'Carol Diaz', 'request', 'fraud-detector@4', '--stage', 'production']);
    expect(again.stderr).toMatch(/already has an open request/);
    const who = await cli(dir, ['--identity', 'Mallory', 'approve', 'fraud-detector@4', '--role', 'ops']);
    expect(who.code).toBe(2);
    expect(who.stderr).toMatch(/No identity on this machine "Mallory"/);
  });

  it('refuses to sign with a clock far in the future, or behind the ledger', async () => {
    for (const now of [Date.UTC(2200, 0, 1), Date.now() - 24 * 60 * 60 * 1000]) {
      const core = openCore(dir, () => now);
      try {
        const result = await core.dispatch('governance.signoff.approve', {
          actor: 'Olu Ops',
          model: 'fraud-detector',
          version: 4,
          role: 'ops',
        });
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_input');
          expect(result.error.message).toMatch(/clock .*Nothing was signed/);
        }
      } finally {
        core.close();
      }
    }
  });

  it('asks for a model qualifier when two connections hold the same name', async () => {
    ingest(dir, fraudSnapshot(), Date.now(), 'other-mlflow');
    const run = await cli(dir, ['gate', 'fraud-detector@4']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exists in 2 connections \(northwind, other-mlflow\); qualify it as CONNECTION\/fraud-detector@VERSION/);
    expect((await cli(dir, ['gate', 'other-mlflow/fraud-detector@4'])).code).toBe(1);
  });
});

describe('passphrase-protected identities', () => {
  const { dir, cleanup } = tempDir('passphrase');
  afterAll(cleanup);

  it('need the passphrase to sign, and say so', async () => {
    const env = { QUORUM_PASSPHRASE: 'correct horse battery' };
    expect((await cli(dir, ['identity', 'create', '--name', 'Pia', '--email', 'pia@x.example', '--protect'], env)).code).toBe(0);
    expect((await cli(dir, ['identity', 'create', '--name', 'Quinn', '--email', 'quinn@x.example', '--no-activate'])).code).toBe(0);
    const secrets = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(secrets).toContain('scrypt');
    const none = await cli(dir, ['role', 'grant', 'Quinn', 'ops']);
    expect(none.stderr).toMatch(/protected by a passphrase/);
    const wrong = await cli(dir, ['role', 'grant', 'Quinn', 'ops'], { QUORUM_PASSPHRASE: 'wrong horse battery' });
    expect(wrong.stderr).toMatch(/Wrong passphrase/);
    expect((await cli(dir, ['role', 'grant', 'Quinn', 'ops'], env)).code).toBe(0);
  });
});
