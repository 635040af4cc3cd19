import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { parseLineageAddress } from '../features/lineage/routes';
import { ModelsPage } from '../features/models/ModelsPage';
import { SkeletonBlock } from '../ui/Skeleton';
import { NotFoundPage } from './NotFoundPage';
import { ROUTE_PATTERNS, decodeSegment, parseCompareAddress, parseDossierAddress, parseModelAddress } from './routes';
import { useRawHashPath } from './use-raw-location';

/*
 * Every section but the Models list (where the app opens) is its own chunk, loaded on first
 * visit: the charts, the lineage graph and the forms stay out of the first load, so the
 * workspace appears sooner.
 */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K] & ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as M[K] & ComponentType }));
}
const ApprovalsPage = page(() => import('../features/approvals/ApprovalsPage'), 'ApprovalsPage');
const AuditPage = page(() => import('../features/audit/AuditPage'), 'AuditPage');
const ComparePage = page(() => import('../features/compare/ComparePage'), 'ComparePage');
const ConnectionsPage = page(() => import('../features/connections/ConnectionsPage'), 'ConnectionsPage');
const AddConnectionPage = page(() => import('../features/connections/ConnectionsPage'), 'AddConnectionPage');
const EditConnectionPage = page(() => import('../features/connections/ConnectionsPage'), 'EditConnectionPage');
const DriftOverviewPage = page(() => import('../features/drift/DriftOverviewPage'), 'DriftOverviewPage');
const LineagePage = page(() => import('../features/lineage/LineagePage'), 'LineagePage');
const ModelPage = page(() => import('../features/models/ModelPage'), 'ModelPage');
const ReportsPage = page(() => import('../features/reports/ReportsPage'), 'ReportsPage');
const SettingsPage = page(() => import('../features/settings/SettingsPage'), 'SettingsPage');
const VersionPage = page(() => import('../features/versions/VersionPage'), 'VersionPage');

export function AppRoutes() {
  const [location] = useLocation();
  return (
    <Suspense
      fallback={
        <div className="page">
          <SkeletonBlock label="Loading this section" lines={6} />
        </div>
      }
    >
      <Switch>
        <Route path={ROUTE_PATTERNS.home}>
          <Redirect to={ROUTE_PATTERNS.models} replace />
        </Route>
        <Route path={ROUTE_PATTERNS.models} component={ModelsPage} />
        <Route path={ROUTE_PATTERNS.model} component={ModelRoute} />
        <Route path={ROUTE_PATTERNS.version} component={VersionRoute} />
        <Route path={ROUTE_PATTERNS.versionTab} component={VersionRoute} />
        <Route path={ROUTE_PATTERNS.compare} component={CompareRoute} />
        <Route path={ROUTE_PATTERNS.lineage} component={LineageRoute} />
        <Route path={ROUTE_PATTERNS.lineageNode} component={LineageRoute} />
        <Route path={ROUTE_PATTERNS.approvals}>
          <ApprovalsPage />
        </Route>
        <Route path={ROUTE_PATTERNS.drift}>
          <DriftOverviewPage />
        </Route>
        <Route path={ROUTE_PATTERNS.reports}>
          <ReportsPage />
        </Route>
        <Route path={ROUTE_PATTERNS.reportsDossier} component={DossierReportRoute} />
        <Route path={ROUTE_PATTERNS.audit}>
          <AuditPage />
        </Route>
        <Route path={ROUTE_PATTERNS.settings} component={SettingsPage} />
        <Route path={ROUTE_PATTERNS.connections} component={ConnectionsPage} />
        <Route path={ROUTE_PATTERNS.newConnection} component={AddConnectionPage} />
        <Route path={ROUTE_PATTERNS.editConnection}>
          {(params: { name: string }) => <EditConnectionPage name={decodeSegment(params.name)} />}
        </Route>
        <Route>
          <NotFoundPage location={location} />
        </Route>
      </Switch>
    </Suspense>
  );
}

/** Model and version pages read their address from the raw hash: see parseModelAddress. */
function ModelRoute() {
  const address = parseModelAddress(useRawHashPath());
  const [location] = useLocation();
  if (!address) return <NotFoundPage location={location} />;
  return <ModelPage connection={address.connection} name={address.name} />;
}

function VersionRoute() {
  const address = parseModelAddress(useRawHashPath());
  const [location] = useLocation();
  if (!address || address.version === null) return <NotFoundPage location={location} />;
  return <VersionPage connection={address.connection} name={address.name} versionSegment={address.version} tabSegment={address.tab} />;
}

function CompareRoute() {
  const address = parseCompareAddress(useRawHashPath());
  const [location] = useLocation();
  if (!address) return <NotFoundPage location={location} />;
  return <ComparePage connection={address.connection} name={address.name} versionsSegment={address.versions} />;
}

/** The Lineage section, centred on the node its address names (the ref is decoded once, as for models). */
function LineageRoute() {
  const address = parseLineageAddress(useRawHashPath());
  const [location] = useLocation();
  if (!address) return <NotFoundPage location={location} />;
  return <LineagePage node={address.node} />;
}

/** The Reports section prefilled for one version's dossier; keyed so a new subject starts a fresh form. */
function DossierReportRoute() {
  const rawPath = useRawHashPath();
  const address = parseDossierAddress(rawPath);
  const [location] = useLocation();
  if (!address) return <NotFoundPage location={location} />;
  return <ReportsPage key={rawPath} prefill={{ connection: address.connection, model: address.name, version: address.version }} />;
}
