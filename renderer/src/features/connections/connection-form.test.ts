import { describe, expect, it } from 'vitest';
import { addInput, EMPTY_FORM, formFromConnection, testInput, updateInput, validateForm } from './connection-form';
import type { RegistryConnection } from './types';

const stored: RegistryConnection = {
  name: 'prod',
  kind: 'mlflow',
  url: 'https://mlflow.example.com',
  createdAt: 1,
  lastSyncAt: null,
  status: 'never-synced',
  statusMessage: null,
  settings: {
    auth: { kind: 'bearer', token: 'secret:quorum/prod/token' },
    caFile: null,
    insecureSkipVerify: false,
    writeBack: false,
    syncIntervalMinutes: 15,
  },
  lastSuccessAt: null,
  lastFullSyncAt: null,
  serverVersion: null,
  features: null,
};

describe('connection form', () => {
  it('says what is wrong before asking the core', () => {
    const errors = validateForm({ ...EMPTY_FORM, name: '-bad', url: 'mlflow.internal', auth: 'token-secret' }, 'add');
    expect(Object.keys(errors).sort()).toEqual(['name', 'tokenValue', 'url']);
  });

  it('sends env references, or a typed token once as a value, and write-back off by default', () => {
    const base = { ...EMPTY_FORM, name: 'prod', url: ' https://mlflow.example.com ' };
    expect(addInput({ ...base, auth: 'basic-env' })).toMatchObject({
      url: 'https://mlflow.example.com',
      auth: { kind: 'basic', username: 'env:MLFLOW_TRACKING_USERNAME', password: 'env:MLFLOW_TRACKING_PASSWORD' },
      writeBack: false,
      syncIntervalMinutes: 15,
    });
    expect(addInput({ ...base, auth: 'token-secret', tokenValue: 's3cr3t' }).auth).toEqual({ kind: 'bearer', token: { value: 's3cr3t' } });
  });

  it('keeps stored credentials on edit unless another choice is made', () => {
    const form = formFromConnection(stored);
    expect(form.auth).toBe('keep');
    expect(updateInput(form)).not.toHaveProperty('auth');
    expect(testInput(form, stored)).toEqual({ name: 'prod' });
    expect(testInput({ ...form, url: 'https://other.example.com' }, stored)).toMatchObject({
      url: 'https://other.example.com',
      auth: { kind: 'bearer', token: 'secret:quorum/prod/token' },
    });
  });

  it('sends no registry settings for a monitoring backend', () => {
    const input = addInput({ ...EMPTY_FORM, name: 'prom', kind: 'prometheus', url: 'http://prom:9090' });
    expect(input).not.toHaveProperty('writeBack');
    expect(input).not.toHaveProperty('syncIntervalMinutes');
  });
});
