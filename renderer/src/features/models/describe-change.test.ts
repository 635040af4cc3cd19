import { describe, expect, it } from 'vitest';
import type { ObservedChange } from '../../platform/catalog-types';
import { concernsVersion, describeChange } from './describe-change';

const base: ObservedChange = {
  id: 1,
  connection: 'c',
  modelName: 'fraud-detector',
  version: null,
  kind: 'model-created',
  subject: null,
  from: null,
  to: null,
  observedAt: 0,
};
const change = (patch: Partial<ObservedChange>): ObservedChange => ({ ...base, ...patch });

describe('describeChange', () => {
  it('describes registration', () => {
    expect(describeChange(base)).toBe('Model registered');
    expect(describeChange(change({ kind: 'version-created', version: 3 }))).toBe('Version 3 registered');
  });

  it('describes alias moves in both forms', () => {
    expect(describeChange(change({ kind: 'alias-moved', subject: 'champion', from: '2', to: '3' }))).toBe(
      'Alias champion moved from version 2 to version 3',
    );
    expect(describeChange(change({ kind: 'alias-moved', subject: 'challenger', to: '4' }))).toBe('Alias challenger set on version 4');
    expect(describeChange(change({ kind: 'alias-removed', subject: 'challenger', from: '4' }))).toBe(
      'Alias challenger removed from version 4',
    );
  });

  it('describes tags set, changed and removed', () => {
    expect(describeChange(change({ kind: 'tag-changed', subject: 'risk_tier', to: 'high' }))).toBe(
      'Tag risk_tier set to “high” on the model',
    );
    expect(describeChange(change({ kind: 'tag-changed', version: 2, subject: 'validated', from: 'no', to: 'yes' }))).toBe(
      'Tag validated on version 2 changed from “no” to “yes”',
    );
    expect(describeChange(change({ kind: 'tag-changed', subject: 'owner', from: 'ana' }))).toBe(
      'Tag owner removed from the model (was “ana”)',
    );
  });

  it('describes stage changes and deletions', () => {
    expect(describeChange(change({ kind: 'stage-changed', version: 3, from: 'Staging', to: 'Production' }))).toBe(
      'Version 3 moved from Staging to Production',
    );
    expect(describeChange(change({ kind: 'stage-changed', version: 3, from: 'None', to: 'Staging' }))).toBe(
      'Version 3 moved from no stage to Staging',
    );
    expect(describeChange(change({ kind: 'deleted-on-server' }))).toBe('Model deleted on the registry server');
    expect(describeChange(change({ kind: 'deleted-on-server', version: 1 }))).toBe('Version 1 deleted on the registry server');
  });
});

describe('concernsVersion', () => {
  it('includes aliases moving onto or off the version', () => {
    expect(concernsVersion(change({ version: 3, kind: 'version-created' }), 3)).toBe(true);
    expect(concernsVersion(change({ kind: 'alias-moved', subject: 'champion', from: '2', to: '3' }), 2)).toBe(true);
    expect(concernsVersion(change({ kind: 'alias-moved', subject: 'champion', from: '2', to: '3' }), 3)).toBe(true);
    expect(concernsVersion(change({ kind: 'tag-changed', subject: 'x', to: '3' }), 3)).toBe(false);
  });
});
