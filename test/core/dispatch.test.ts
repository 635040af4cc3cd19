import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/store/migrations';

describe('dispatch', () => {
  let dir: string;
  let core: Core;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quorum-dispatch-'));
    core = createCore({ dataDir: dir, validateOutput: true });
  });
  afterEach(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a known operation with ok and data', async () => {
    const result = await core.dispatch('system.info', {});
    expect(result).toMatchObject({ ok: true, data: { schemaVersion: LATEST_SCHEMA_VERSION, workspaceKind: 'user', empty: true } });
  });

  it('names an unknown operation', async () => {
    const result = await core.dispatch('models.delete-everything', {});
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unknown_operation',
        message: 'Unknown operation "models.delete-everything".',
        details: { operation: 'models.delete-everything' },
      },
    });
  });

  it('names the field of schema-invalid input', async () => {
    const result = await core.dispatch('versions.get', { connection: 'c', name: 'm', version: 'two' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('"version"');
  });

  it('rejects unexpected fields rather than ignoring them', async () => {
    const result = await core.dispatch('system.info', { verbose: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
  });

  it('maps a domain error to its code', async () => {
    const result = await core.dispatch('models.get', { connection: 'nowhere', name: 'nothing' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No model "nothing" in connection "nowhere".' } });
  });
});
