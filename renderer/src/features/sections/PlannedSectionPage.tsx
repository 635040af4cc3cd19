import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { Section } from '../../app/sections';
import { SECTIONS } from '../../app/sections';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

type PlannedSection = Exclude<Section['id'], 'models' | 'settings'>;

interface PlannedContent {
  description: string;
  emptyTitle: string;
  willShow: ReactNode;
  now: ReactNode;
}

/** What each section will be, and what the reader can do today. Product words, never sample data. */
const CONTENT: Record<PlannedSection, PlannedContent> = {
  lineage: {
    description: 'Where every model came from: datasets, pipeline jobs and runs, training runs, versions and deployments.',
    emptyTitle: 'No lineage recorded yet',
    willShow: (
      <p>
        The whole graph from dataset versions through pipeline jobs and training runs to registered versions and deployments, built from
        OpenLineage events (Airflow, Spark, dbt, Flink…), DVC lock files and MLflow runs. Each version page will get its own lineage tab
        centred on it.
      </p>
    ),
    now: (
      <p>
        Open a model version from <Link href="/models">Models</Link>: its Overview lists the training run, its git commit and the datasets
        it read.
      </p>
    ),
  },
  approvals: {
    description: 'Release requests and sign-offs across teams: what waits for you, your role, and what you asked for.',
    emptyTitle: 'No release requests yet',
    willShow: (
      <p>
        An inbox of release requests — waiting for me, for my role, requested by me, decided — each opening the version’s sign-off panel,
        where the policy says which roles must sign and which evidence must hold for the model’s risk tier.
      </p>
    ),
    now: (
      <p>
        Check each model’s risk tier and owner team in <Link href="/models">Models</Link>: they decide which sign-offs a release will need.
      </p>
    ),
  },
  drift: {
    description: 'How deployed models behave now: drift status per model, per feature, over time.',
    emptyTitle: 'No drift results yet',
    willShow: (
      <p>
        Drift status for every deployed model, from Prometheus or computed from reference and current samples (Kolmogorov–Smirnov,
        chi-square, Wasserstein, Jensen–Shannon, PSI), with per-feature detail and trends against their thresholds.
      </p>
    ),
    now: (
      <p>
        See which versions hold the <em>champion</em> alias in <Link href="/models">Models</Link>: those are the ones drift will watch
        first.
      </p>
    ),
  },
  reports: {
    description: 'Release dossiers and period audit reports, generated from stored evidence and verifiable offline.',
    emptyTitle: 'No reports generated yet',
    willShow: (
      <p>
        Release dossiers for one model version and periodic audit reports, mapped to EU AI Act Annex IV, SR 11-7, ISO/IEC 42001 and NIST AI
        RMF, as PDF, HTML, Markdown or a JSON evidence bundle — each with a signed manifest that can be verified.
      </p>
    ),
    now: (
      <p>
        Everything a dossier will cite is already gathered per version: open one from <Link href="/models">Models</Link> to see its training
        run, parameters, metrics and datasets.
      </p>
    ),
  },
  audit: {
    description: 'The ledger: every governance act, signed by its author and linked to what came before.',
    emptyTitle: 'The ledger is empty',
    willShow: (
      <p>
        A timeline of every governance act — release requests, sign-offs, rejections, waivers, role grants, policy changes, reports issued —
        with findings and the ledger’s verification state, so any edit or deletion shows.
      </p>
    ),
    now: (
      <p>
        Registry changes Quorum has observed (aliases moved, tags changed, versions deleted) are already in each model’s activity in{' '}
        <Link href="/models">Models</Link>.
      </p>
    ),
  },
};

export function PlannedSectionPage({ section }: { section: PlannedSection }) {
  const label = SECTIONS.find((candidate) => candidate.id === section)?.label ?? section;
  const content = CONTENT[section];
  const icon = SECTIONS.find((candidate) => candidate.id === section)?.icon ?? 'info';
  return (
    <div className="page">
      <PageHeader title={label} description={content.description} />
      <EmptyState title={content.emptyTitle} icon={icon}>
        <h3 className="empty-state__subtitle">What this section will show</h3>
        {content.willShow}
        <h3 className="empty-state__subtitle">What you can do now</h3>
        {content.now}
      </EmptyState>
    </div>
  );
}
