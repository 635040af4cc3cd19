import { describe, expect, it } from 'vitest';
import { checkStatus, checkTitle } from './doctor-checks';

describe('doctor checks', () => {
  it('names checks in words', () => {
    expect(checkTitle('data-dir')).toBe('Data directory');
    expect(checkTitle('connection:northwind-mlflow')).toBe('Connection northwind-mlflow');
    expect(checkTitle('something-new')).toBe('something-new');
  });

  it('maps status to the shared palette with a word', () => {
    expect(checkStatus('ok')).toEqual({ tone: 'ok', label: 'OK' });
    expect(checkStatus('warning')).toMatchObject({ tone: 'warning', label: 'Warning' });
    expect(checkStatus('error')).toMatchObject({ tone: 'danger', label: 'Problem' });
  });
});
