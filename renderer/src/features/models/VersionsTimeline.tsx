import { useState } from 'react';
import { Link } from 'wouter';
import { versionPath } from '../../app/routes';
import type { VersionSummary } from '../../platform/catalog-types';
import { AliasChip, AliasChips } from '../../ui/AliasChip';
import { RelativeTime } from '../../ui/RelativeTime';
import { StatusBadge } from '../../ui/StatusBadge';
import './model-page.css';

/** Enough to read a model's recent history; the rest is one click away. */
const SHOWN = 12;

const monthFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long' });

/**
 * A model's versions over time, newest first, grouped by month: when each was registered,
 * its stage and the aliases on it now. A list rather than a chart, so it reads the same to a
 * screen reader and needs no table alternative.
 */
export function VersionsTimeline({ versions }: { versions: readonly VersionSummary[] }) {
  const [all, setAll] = useState(false);
  const sorted = [...versions].sort((a, b) => b.createdAt - a.createdAt || b.version - a.version);
  const shown = all ? sorted : sorted.slice(0, SHOWN);
  const months: { label: string; items: VersionSummary[] }[] = [];
  for (const version of shown) {
    const label = monthFormat.format(version.createdAt);
    const last = months.at(-1);
    if (last?.label === label) last.items.push(version);
    else months.push({ label, items: [version] });
  }
  return (
    <div className="timeline">
      {months.map((month) => (
        <section key={month.label} className="timeline__month" aria-label={month.label}>
          <h3 className="timeline__month-label">{month.label}</h3>
          <ol className="timeline__items">
            {month.items.map((version) => (
              <li
                key={version.version}
                className={version.aliases.length > 0 ? 'timeline__item timeline__item--aliased' : 'timeline__item'}
              >
                <span className="timeline__dot" aria-hidden="true" />
                <div className="timeline__body">
                  <p className="timeline__title">
                    <Link href={versionPath(version.connection, version.modelName, version.version)}>Version {version.version}</Link>{' '}
                    <span className="muted">
                      registered <RelativeTime timestamp={version.createdAt} />
                      {version.user ? ` by ${version.user}` : ''}
                    </span>
                  </p>
                  <p className="timeline__facts">
                    {version.stage !== 'None' && <span className="timeline__stage">Stage: {version.stage}</span>}
                    {version.aliases.length > 0 && (
                      <AliasChips>
                        {version.aliases.map((alias) => (
                          <AliasChip key={alias} alias={alias} />
                        ))}
                      </AliasChips>
                    )}
                    {version.deletedOnServerAt !== null && <StatusBadge tone="danger" label="Deleted on server" />}
                  </p>
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
      {sorted.length > SHOWN && (
        <button type="button" className="button button--quiet" onClick={() => setAll(!all)}>
          {all ? `Show the latest ${SHOWN} only` : `Show all ${sorted.length} versions`}
        </button>
      )}
    </div>
  );
}
