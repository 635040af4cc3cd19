import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import type { VersionDetail } from '../../platform/catalog-types';
import { modelPath, parseVersionNumber, parseVersionTab, versionPath, type VersionTab } from '../../app/routes';
import { NotFoundPage } from '../../app/NotFoundPage';
import { isQuorumCallError } from '../../platform/call';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { TabPanel, Tabs, type TabItem } from '../../ui/Tabs';
import { ModelFacts } from '../models/ModelFacts';
import { versionQuery } from '../models/queries';
import { AliasChip, AliasChips } from '../../ui/AliasChip';
import { NotRecorded } from '../../ui/KeyValueList';
import { DriftTab } from '../drift/DriftTab';
import { EvidenceTab } from './EvidenceTab';
import { LineageTab } from './LineageTab';
import { ActivityPanel } from './ActivityPanel';
import { GateStatus } from './GateStatus';
import { OverviewPanel } from './OverviewPanel';
import { isPlannedTab, PlannedTabPanel } from './PlannedTabPanel';
import { SignoffPanel } from './SignoffPanel';

const TABS: readonly TabItem<VersionTab>[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'lineage', label: 'Lineage' },
  { id: 'sign-off', label: 'Sign-off' },
  { id: 'drift', label: 'Drift' },
  { id: 'evidence', label: 'Evidence & reports' },
  { id: 'activity', label: 'Activity' },
];
const TABS_ID = 'version';

export interface VersionPageProps {
  connection: string;
  name: string;
  versionSegment: string;
  tabSegment: string | null;
}

/** The hub for one model version (UX.md): a header that stays, and a tab per concern. */
export function VersionPage({ connection, name, versionSegment, tabSegment }: VersionPageProps) {
  const [location] = useLocation();
  const version = parseVersionNumber(versionSegment);
  const tab = parseVersionTab(tabSegment ?? undefined);
  if (version === null || tab === null) return <NotFoundPage location={location} />;
  return <VersionHub connection={connection} name={name} version={version} tab={tab} />;
}

function VersionHub({ connection, name, version, tab }: { connection: string; name: string; version: number; tab: VersionTab }) {
  const query = useQuery(versionQuery(connection, name, version));
  const [, navigate] = useLocation();
  const crumbs = [
    { label: 'Models', href: '/models' },
    { label: name, href: modelPath(connection, name) },
  ];
  const title = (
    <>
      {name} <span className="page-header__version">version {version}</span>
    </>
  );

  if (query.isPending) {
    return (
      <div className="page">
        <PageHeader title={title} crumbs={crumbs} />
        <SkeletonBlock label={`Loading version ${version} of ${name}`} lines={8} />
      </div>
    );
  }
  if (query.isError) {
    const notFound = isQuorumCallError(query.error) && query.error.code === 'not_found';
    return (
      <div className="page">
        <PageHeader title={title} crumbs={crumbs} />
        <ErrorState
          title={notFound ? 'This version is not in the workspace' : 'Could not load this version'}
          error={query.error}
          onRetry={notFound ? undefined : () => void query.refetch()}
          retrying={query.isFetching}
          hint={
            notFound ? (
              <>
                <Link href={modelPath(connection, name)}>See the versions of {name}</Link> that Quorum knows.
              </>
            ) : undefined
          }
        />
      </div>
    );
  }

  const detail = query.data;
  return (
    <div className="page page--hub">
      <div className="hub-header">
        <PageHeader title={title} crumbs={crumbs}>
          <div className="hub-header__facts">
            <ModelFacts model={detail.model} showAliases={false} />
            <dl className="facts">
              <div className="facts__item">
                <dt>Aliases</dt>
                <dd>
                  {detail.aliases.length === 0 ? (
                    <NotRecorded>None</NotRecorded>
                  ) : (
                    <AliasChips>
                      {detail.aliases.map((alias) => (
                        <AliasChip key={alias} alias={alias} />
                      ))}
                    </AliasChips>
                  )}
                </dd>
              </div>
            </dl>
            {detail.deletedOnServerAt !== null && <StatusBadge tone="danger" label="Deleted on server" />}
          </div>
          <GateStatus connection={connection} name={name} version={version} />
        </PageHeader>
        <Tabs
          label={`Version ${version} of ${name}`}
          items={TABS}
          selected={tab}
          idPrefix={TABS_ID}
          onSelect={(next) => navigate(versionPath(connection, name, version, next), { replace: true })}
        />
      </div>
      <TabPanel idPrefix={TABS_ID} id={tab}>
        <TabContent tab={tab} detail={detail} />
      </TabPanel>
    </div>
  );
}

function TabContent({ tab, detail }: { tab: VersionTab; detail: VersionDetail }) {
  if (tab === 'overview') return <OverviewPanel detail={detail} />;
  if (tab === 'sign-off') return <SignoffPanel connection={detail.connection} name={detail.modelName} version={detail.version} />;
  if (tab === 'activity') return <ActivityPanel connection={detail.connection} name={detail.modelName} version={detail.version} />;
  if (tab === 'drift') return <DriftTab connection={detail.connection} name={detail.modelName} version={detail.version} />;
  if (tab === 'lineage') return <LineageTab connection={detail.connection} name={detail.modelName} version={detail.version} />;
  if (tab === 'evidence') return <EvidenceTab connection={detail.connection} name={detail.modelName} version={detail.version} />;
  if (isPlannedTab(tab)) return <PlannedTabPanel tab={tab} detail={detail} />;
  return null;
}
