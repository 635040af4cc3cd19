import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ModelPage } from '../features/models/ModelPage';
import { ModelsPage } from '../features/models/ModelsPage';
import { PlannedSectionPage } from '../features/sections/PlannedSectionPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { VersionPage } from '../features/versions/VersionPage';
import { NotFoundPage } from './NotFoundPage';
import { ROUTE_PATTERNS, parseModelAddress } from './routes';
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
      <Route path={ROUTE_PATTERNS.lineage}>
        <PlannedSectionPage section="lineage" />
      </Route>
      <Route path={ROUTE_PATTERNS.approvals}>
        <PlannedSectionPage section="approvals" />
      </Route>
      <Route path={ROUTE_PATTERNS.drift}>
        <PlannedSectionPage section="drift" />
      </Route>
      <Route path={ROUTE_PATTERNS.reports}>
        <PlannedSectionPage section="reports" />
      </Route>
      <Route path={ROUTE_PATTERNS.audit}>
        <PlannedSectionPage section="audit" />
      </Route>
      <Route path={ROUTE_PATTERNS.settings} component={SettingsPage} />
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
