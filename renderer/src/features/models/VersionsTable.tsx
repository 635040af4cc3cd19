import { Link } from 'wouter';
import type { VersionSummary } from '../../platform/catalog-types';
import { versionPath } from '../../app/routes';
import { AliasChip, AliasChips } from '../../ui/AliasChip';
import { RelativeTime } from '../../ui/RelativeTime';
import { StatusBadge } from '../../ui/StatusBadge';

/** Ticking versions to compare; the table shows checkboxes only when given one. */
export interface VersionSelection {
  selected: ReadonlySet<number>;
  toggle: (version: number) => void;
}

/** A model's versions, newest first, each a link to its version page. */
export function VersionsTable({ versions, selection }: { versions: readonly VersionSummary[]; selection?: VersionSelection }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Versions, newest first</caption>
      <thead>
        <tr>
          {selection && (
            <th scope="col">
              <span className="visually-hidden">Compare</span>
            </th>
          )}
          <th scope="col">Version</th>
          <th scope="col">Stage</th>
          <th scope="col">Aliases</th>
          <th scope="col">Registered by</th>
          <th scope="col">Registered</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version) => (
          <tr key={version.version}>
            {selection && (
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare version ${version.version}`}
                  checked={selection.selected.has(version.version)}
                  onChange={() => selection.toggle(version.version)}
                />
              </td>
            )}
            <th scope="row">
              <Link href={versionPath(version.connection, version.modelName, version.version)}>Version {version.version}</Link>
              {version.deletedOnServerAt !== null && (
                <>
                  {' '}
                  <StatusBadge tone="danger" label="Deleted on server" />
                </>
              )}
            </th>
            <td>{version.stage === 'None' ? <span className="muted">No stage</span> : version.stage}</td>
            <td>
              {version.aliases.length === 0 ? (
                <span className="muted">None</span>
              ) : (
                <AliasChips>
                  {version.aliases.map((alias) => (
                    <AliasChip key={alias} alias={alias} />
                  ))}
                </AliasChips>
              )}
            </td>
            <td>{version.user ?? <span className="muted">Not recorded</span>}</td>
            <td>
              <RelativeTime timestamp={version.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
