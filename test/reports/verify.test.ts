import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportManifest } from '@shared/domain/reports';
import { fingerprintOf, rawPublicKey } from '../../electron/core/governance/keys';
import { manifestText, signManifest } from '../../electron/core/reports/manifest';
import { cli } from '../helpers/cli';
import { call, demoWorkspace, requirePoppler } from './fixture';

/**
 * `quorum report verify` against every way a report can be wrong: one flipped byte in each
 * file, a manifest signed by a key nobody knows, a missing or malformed manifest; and the
 * CLI's answers to bad input, with DESIGN.md's exit codes (0 valid, 1 not, 2 input).
 */

let dir: string;
const out = (name: string) => join(dir, 'out', name);
const FORMATS = ['pdf', 'html', 'md', 'json'] as const;

beforeAll(async () => {
  requirePoppler();
  const ws = await demoWorkspace();
  dir = ws.dir;
  mkdirSync(join(dir, 'out'));
  for (const format of FORMATS) {
    await call(ws.core, 'reports.generate', {
      kind: 'dossier',
      model: 'credit-approval-scorer',
      version: 5,
      format,
      out: out(`credit-v5.${format}`),
    });
  }
  ws.core.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verify = (file: string) => cli(['--data-dir', dir, 'report', 'verify', file], dir);

/** A copy of a report set (file, evidence, manifest) in its own folder, to damage. */
function copySet(format: string, name: string): string {
  const target = join(dir, name);
  mkdirSync(target, { recursive: true });
  for (const suffix of ['', '.manifest.json', ...(format === 'json' ? [] : ['.evidence.json'])]) {
    copyFileSync(out(`credit-v5.${format}${suffix}`), join(target, `credit-v5.${format}${suffix}`));
  }
  return join(target, `credit-v5.${format}`);
}

function flipByte(file: string): void {
  const bytes = readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] as number) ^ 0x01;
  writeFileSync(file, bytes);
}

describe('quorum report verify', () => {
  it.each(FORMATS)('an untouched %s report is valid (exit 0)', async (format) => {
    const r = await verify(out(`credit-v5.${format}`));
    expect(r.stdout).toContain('VALID');
    expect(r.code).toBe(0);
  });

  it.each(FORMATS)('one flipped byte in the %s report fails (exit 1)', async (format) => {
    const file = copySet(format, `flip-${format}`);
    flipByte(file);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('was changed after it was issued');
  });

  it.each(['pdf', 'html', 'md'])('one flipped byte in the evidence bundle of the %s report fails (exit 1)', async (format) => {
    const file = copySet(format, `flip-evidence-${format}`);
    flipByte(`${file}.evidence.json`);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('does not match the hash the report was built from');
  });

  it('one flipped byte in the manifest fails (exit 1)', async () => {
    const file = copySet('pdf', 'flip-manifest');
    const manifest = readFileSync(`${file}.manifest.json`, 'utf8');
    writeFileSync(`${file}.manifest.json`, manifest.replace('"Release dossier', '"Belease dossier'));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('signature does not hold');
  });

  it('a manifest re-signed by an unknown key fails (exit 1), even though its signature holds', async () => {
    const file = copySet('pdf', 'unknown-key');
    const original = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as ReportManifest;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = rawPublicKey(publicKey);
    const { signature: _old, ...unsigned } = original;
    const forged = signManifest(
      {
        ...unsigned,
        signer: { name: 'Sam Whitfield', email: 'sam.whitfield@northwind.example', publicKey: raw, fingerprint: fingerprintOf(raw) },
      },
      privateKey,
    );
    writeFileSync(`${file}.manifest.json`, manifestText(forged));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('signature by Sam Whitfield');
    expect(r.stdout).toContain('unknown key');
  });

  it('a malformed manifest fails verification (exit 1) and says where', async () => {
    const file = copySet('html', 'malformed');
    writeFileSync(`${file}.manifest.json`, '{"format": "quorum-report-manifest/1", "files": [');
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not JSON');
  });

  it('a missing manifest is an input error (exit 2) naming the file expected', async () => {
    const file = copySet('md', 'no-manifest');
    rmSync(`${file}.manifest.json`);
    const r = await verify(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('credit-v5.md.manifest.json');
  });

  it('a file that does not exist is an input error (exit 2)', async () => {
    const r = await verify(join(dir, 'nope.pdf'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No such file');
  });

  it('--json prints the checks', async () => {
    const r = await cli(['--data-dir', dir, '--json', 'report', 'verify', out('credit-v5.pdf')], dir);
    const result = JSON.parse(r.stdout);
    expect(result.valid).toBe(true);
    expect(result.signer.known).toBe(true);
    expect(result.ledgerEvent).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('quorum report: generating and bad input', () => {
  it('writes a dossier from the CLI (exit 0) and it verifies', async () => {
    const r = await cli(['--data-dir', dir, 'report', 'credit-approval-scorer@5', '--format', 'md', '--out', out('cli.md')], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Release dossier: credit-approval-scorer v5');
    expect((await verify(out('cli.md'))).code).toBe(0);
  });

  it('writes a period audit report from the CLI', async () => {
    const r = await cli(
      ['--data-dir', dir, 'report', 'audit', '--from', '2026-09-01', '--to', '2026-11-17', '--format', 'html', '--out', out('audit.html')],
      dir,
    );
    expect(r.code).toBe(0);
    expect(readFileSync(out('audit.html'), 'utf8')).toContain('Governance audit report 2026-09-01 – 2026-11-17');
  });

  it('an unknown model or version is an input error (exit 2)', async () => {
    const model = await cli(['--data-dir', dir, 'report', 'no-such-model@1', '--format', 'md', '--out', out('x.md')], dir);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('No model named "no-such-model"');
    const version = await cli(['--data-dir', dir, 'report', 'credit-approval-scorer@99', '--format', 'md', '--out', out('x.md')], dir);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/99/);
  });

  it('an output path that is a directory, or cannot be written, is an input error (exit 2); nothing is written', async () => {
    const isDir = await cli(['--data-dir', dir, 'report', 'credit-approval-scorer@5', '--format', 'md', '--out', join(dir, 'out')], dir);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toContain('is a directory');
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const denied = await cli(
      ['--data-dir', dir, 'report', 'credit-approval-scorer@5', '--format', 'md', '--out', join(locked, 'r.md')],
      dir,
    );
    chmodSync(locked, 0o700);
    // root may write anywhere; then the report is simply written.
    if (process.getuid?.() !== 0) {
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain('permission denied');
    }
    const missing = await cli(
      ['--data-dir', dir, 'report', 'credit-approval-scorer@5', '--format', 'md', '--out', join(dir, 'no', 'such', 'r.md')],
      dir,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('a bad format, a missing --out or a reversed period is a usage error (exit 2)', async () => {
    expect(
      (await cli(['--data-dir', dir, 'report', 'credit-approval-scorer@5', '--format', 'docx', '--out', out('x.docx')], dir)).code,
    ).toBe(2);
    expect((await cli(['--data-dir', dir, 'report', 'credit-approval-scorer@5', '--format', 'md'], dir)).code).toBe(2);
    const reversed = await cli(
      ['--data-dir', dir, 'report', 'audit', '--from', '2026-11-17', '--to', '2026-09-01', '--format', 'md', '--out', out('a.md')],
      dir,
    );
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('The period is empty');
  });
});
