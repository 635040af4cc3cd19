import { describe, expect, it } from 'vitest';
import { modelPath, pageKeyOf, parseModelAddress, parseVersionNumber, parseVersionTab, rawHashPath, versionPath } from './routes';

describe('routes', () => {
  it('encodes each segment so names with slashes and spaces survive', () => {
    expect(modelPath('prod mlflow', 'team/fraud detector')).toBe('/models/prod%20mlflow/team%2Ffraud%20detector');
    expect(versionPath('c', 'm', 3)).toBe('/models/c/m/versions/3');
    expect(versionPath('c', 'm', 3, 'sign-off')).toBe('/models/c/m/versions/3/sign-off');
  });

  it('reads model and version addresses back exactly', () => {
    for (const name of ['team/fraud detector', '100% recall', '50%20', 'é?#&']) {
      expect(parseModelAddress(modelPath('c 1', name))).toEqual({ connection: 'c 1', name, version: null, tab: null });
    }
    expect(parseModelAddress(versionPath('c', 'm', 4, 'drift'))).toEqual({ connection: 'c', name: 'm', version: '4', tab: 'drift' });
    expect(parseModelAddress('/models/c')).toBeNull();
  });

  it('takes the raw hash as a path', () => {
    expect(rawHashPath('#/models/a%2Fb')).toBe('/models/a%2Fb');
    expect(rawHashPath('')).toBe('/');
  });

  it('parses version numbers strictly', () => {
    expect(parseVersionNumber('12')).toBe(12);
    expect(parseVersionNumber('0')).toBeNull();
    expect(parseVersionNumber('1e3')).toBeNull();
    expect(parseVersionNumber('-1')).toBeNull();
  });

  it('knows the version tabs', () => {
    expect(parseVersionTab(undefined)).toBe('overview');
    expect(parseVersionTab('drift')).toBe('drift');
    expect(parseVersionTab('nope')).toBeNull();
  });

  it('keys a version page without its tab', () => {
    expect(pageKeyOf('/models/c/m/versions/3/drift')).toBe('/models/c/m/versions/3');
    expect(pageKeyOf('/models/c/m/versions/3')).toBe('/models/c/m/versions/3');
    expect(pageKeyOf('/settings')).toBe('/settings');
  });
});
