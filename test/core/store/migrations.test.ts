import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../electron/core/store/migrations';
import { REPO_ROOT } from '../../helpers/temp';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(join(dir, entry.name)) : entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The rules every numbered migration follows, so the next issue's migration cannot skip them. */
describe('the migration list', () => {
  it('is in strictly increasing order with unique names, and LATEST_SCHEMA_VERSION is the last one', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.every((v, i) => Number.isInteger(v) && v > (versions[i - 1] ?? 0))).toBe(true);
    expect(LATEST_SCHEMA_VERSION).toBe(versions.at(-1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('has a test per migration: a file named migration-NNNN-<name>.test.ts under test/ (seed at N-1, migrate, assert)', () => {
    const names = testFiles(join(REPO_ROOT, 'test')).map((path) => relative(REPO_ROOT, path));
    const missing = MIGRATIONS.map((m) => `migration-${String(m.version).padStart(4, '0')}-${m.name}.test.ts`).filter(
      (expected) => !names.some((name) => name.endsWith(`/${expected}`)),
    );
    expect(missing, `migrations without a test: ${missing.join(', ')}`).toEqual([]);
  });
});
