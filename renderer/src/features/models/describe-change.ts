import type { ObservedChange } from '../../platform/catalog-types';

const STAGE_NAMES: Record<string, string> = { None: 'no stage', Staging: 'Staging', Production: 'Production', Archived: 'Archived' };

function stage(value: string | null): string {
  return value === null ? 'no stage' : (STAGE_NAMES[value] ?? value);
}

function versionWord(value: string | number | null): string {
  return value === null ? 'an unknown version' : `version ${value}`;
}

function quoted(value: string): string {
  return value === '' ? 'an empty value' : `“${value}”`;
}

/** What a registry change means, in one sentence a compliance officer can read. */
export function describeChange(change: ObservedChange): string {
  const subject = change.subject ?? '';
  const on = change.version === null ? 'the model' : versionWord(change.version);
  switch (change.kind) {
    case 'model-created':
      return 'Model registered';
    case 'version-created':
      return `${capitalize(versionWord(change.version))} registered`;
    case 'alias-moved':
      return change.from === null
        ? `Alias ${subject} set on ${versionWord(change.to)}`
        : `Alias ${subject} moved from ${versionWord(change.from)} to ${versionWord(change.to)}`;
    case 'alias-removed':
      return `Alias ${subject} removed from ${versionWord(change.from ?? change.version)}`;
    case 'tag-changed':
      if (change.from === null) return `Tag ${subject} set to ${quoted(change.to ?? '')} on ${on}`;
      if (change.to === null) return `Tag ${subject} removed from ${on} (was ${quoted(change.from)})`;
      return `Tag ${subject} on ${on} changed from ${quoted(change.from)} to ${quoted(change.to)}`;
    case 'stage-changed':
      return `${capitalize(on)} moved from ${stage(change.from)} to ${stage(change.to)}`;
    case 'description-changed':
      return `Description of ${on} changed`;
    case 'deleted-on-server':
      return change.version === null ? 'Model deleted on the registry server' : `${capitalize(on)} deleted on the registry server`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether a change concerns one version: its own changes, and aliases moving onto or off it. */
export function concernsVersion(change: ObservedChange, version: number): boolean {
  if (change.version === version) return true;
  const text = String(version);
  return (change.kind === 'alias-moved' || change.kind === 'alias-removed') && (change.from === text || change.to === text);
}
