import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultOutPath } from '../../electron/core/reports/service';

const dir = join(mkdtempSync(join(tmpdir(), 'quorum-default-out-')), 'reports');
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('the default output path (reports.generate without out)', () => {
  it('is a new, safely named file in the reports folder, which it creates', () => {
    const now = Date.parse('2025-03-31T12:00:00.000Z');
    const path = defaultOutPath(dir, { kind: 'dossier', model: 'card fraud/blocker', version: 4, format: 'html' }, now);
    expect(path).toBe(join(dir, 'dossier-card-fraud-blocker-v4-2025-03-31T12-00-00-000Z.html'));
    expect(defaultOutPath(dir, { kind: 'audit', from: '2025-01-01', to: '2025-03-31', format: 'md' }, now)).toBe(
      join(dir, 'audit-2025-01-01-2025-03-31-2025-03-31T12-00-00-000Z.md'),
    );
  });
});
