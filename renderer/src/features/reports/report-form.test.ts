import { describe, expect, it } from 'vitest';
import { extensionMismatch, generateInput, initialValues, validate } from './report-form';

const NOW = Date.parse('2025-03-31T12:00:00Z');

describe('report form', () => {
  it('prefills a dossier from the version page and defaults an audit to the last 30 days', () => {
    const values = initialValues(NOW, { connection: 'demo', model: 'card-fraud-blocker', version: 4 });
    expect(values).toMatchObject({
      kind: 'dossier',
      connection: 'demo',
      model: 'card-fraud-blocker',
      version: '4',
      from: '2025-03-01',
      to: '2025-03-31',
    });
  });

  it('asks for a model and version, or a period in order', () => {
    expect(validate(initialValues(NOW))).toEqual({ model: expect.any(String), version: expect.any(String) });
    const audit = { ...initialValues(NOW), kind: 'audit' as const, from: '2025-03-10', to: '2025-03-01' };
    expect(validate(audit).to).toMatch(/before/);
    expect(validate({ ...audit, from: 'March' }).from).toMatch(/YYYY-MM-DD/);
  });

  it('refuses a folder as the output, and leaves out an empty path so the core picks its reports folder', () => {
    const values = { ...initialValues(NOW, { connection: 'demo', model: 'm', version: 2 }), format: 'html' as const };
    expect(validate({ ...values, out: '/tmp/reports/' }).out).toBeDefined();
    expect(generateInput(values)).toEqual({ kind: 'dossier', connection: 'demo', model: 'm', version: 2, format: 'html' });
    expect(generateInput({ ...values, out: ' /tmp/a.html ' })).toMatchObject({ out: '/tmp/a.html' });
  });

  it('sends only the period for an audit', () => {
    const values = { ...initialValues(NOW), kind: 'audit' as const, format: 'md' as const };
    expect(generateInput(values)).toEqual({ kind: 'audit', from: '2025-03-01', to: '2025-03-31', format: 'md' });
  });

  it('warns when the file name does not match the format', () => {
    const values = { ...initialValues(NOW), format: 'md' as const };
    expect(extensionMismatch({ ...values, out: '/tmp/a.pdf' })).toMatch(/\.md/);
    expect(extensionMismatch({ ...values, out: '/tmp/a.md' })).toBeNull();
  });
});
