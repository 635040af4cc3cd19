import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ApprovalsPage } from '../features/approvals/ApprovalsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { ComparePage } from '../features/compare/ComparePage';
import { AddConnectionPage, ConnectionsPage, EditConnectionPage } from '../features/connections/ConnectionsPage';
import { DriftOverviewPage } from '../features/drift/DriftOverviewPage';
import { LineagePage } from '../features/lineage/LineagePage';
import { parseLineageAddress } from '../features/lineage/routes';
import { ModelPage } from '../features/models/ModelPage';
import { ModelsPage } from '../features/models/ModelsPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { VersionPage } from '../features/versions/VersionPage';
import { NotFoundPage } from './NotFoundPage';
import { ROUTE_PATTERNS, decodeSegment, parseCompareAddress, parseDossierAddress, parseModelAddress } from './routes';
import { useRawHashPath } from './use-raw-location';

export function AppRoutes() {
  const [location] = useLocation();
  return (
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
