import type { ReactNode } from 'react';
import type { VersionDetail } from '../../platform/catalog-types';
import type { VersionTab } from '../../app/routes';
import { riskTierLabel } from '../../ui/RiskTierBadge';
import { EmptyState } from '../../ui/EmptyState';
import type { IconName } from '../../ui/Icon';

type PlannedTab = Exclude<VersionTab, 'overview' | 'activity'>;

interface PlannedContent {
  title: string;
  icon: IconName;
  body: (detail: VersionDetail) => ReactNode;
}

/** What each tab will hold, and what the reader can use today instead. Words, not fake data. */
const PLANNED: Record<PlannedTab, PlannedContent> = {
  lineage: {
    title: 'Lineage arrives here',
    icon: 'lineage',
    body: (detail) => (
      <>
        <p>
          This tab will draw the upstream graph centred on version {detail.version}: the dataset versions, pipeline jobs and runs that
          produced it, from OpenLineage events, DVC lock files and MLflow runs.
        </p>
        <p>
          Today, the Overview tab lists the training run{detail.run ? ` (${detail.run.runName ?? detail.run.runId})` : ''} and the datasets
          it read.
        </p>
      </>
    ),
  },
  'sign-off': {
    title: 'Sign-off arrives with governance',
    icon: 'stamp',
    body: (detail) => (
      <>
        <p>
          This tab will list each role the policy requires for a {riskTierLabel(detail.model.riskTier).toLowerCase()} model: who signed,
          when, with which comment and conditions, and every evidence check with its value and threshold.
        </p>
        <p>Requesting a release, approving, rejecting and waiving will happen here, each showing exactly what is signed and by whom.</p>
      </>
    ),
  },
  drift: {
    title: 'Drift arrives here',
    icon: 'activity',
    body: () => (
      <>
        <p>
          Once this version is deployed and a monitoring backend is connected, or reference and current samples are compared, this tab will
          show its drift status, a per-feature table (method, statistic, threshold) and trends over time.
        </p>
        <p>The Drift section will give the same overview across every deployed model.</p>
      </>
    ),
  },
  evidence: {
    title: 'Evidence and reports arrive here',
    icon: 'fileText',
    body: (detail) => (
      <>
        <p>
          This tab will show what a release dossier for version {detail.version} contains: identity and intended use, lineage, training data
          and code versions, metrics, the policy evaluation, signed sign-offs and drift status, and generate it as PDF, HTML, Markdown or a
          JSON evidence bundle.
        </p>
        <p>Everything in it comes from evidence Quorum stores; nothing is typed by hand.</p>
      </>
    ),
  },
};

export function PlannedTabPanel({ tab, detail }: { tab: PlannedTab; detail: VersionDetail }) {
  const content = PLANNED[tab];
  return (
    <EmptyState title={content.title} icon={content.icon}>
      {content.body(detail)}
    </EmptyState>
  );
}

export function isPlannedTab(tab: VersionTab): tab is PlannedTab {
  return tab !== 'overview' && tab !== 'activity';
}
