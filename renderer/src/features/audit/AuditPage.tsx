import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { FINDING_KIND_LABELS, type Finding, type Identity, type LedgerEntry, type VerifyReport } from '@shared/domain/governance';
import { versionPath } from '../../app/routes';
import { formatAbsoluteTime, formatDuration } from '../../format/time';
import { pluralize } from '../../format/numbers';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { EmptyState } from '../../ui/EmptyState';
import { rolesLabel, shortHash } from '../governance/labels';
import { activeIdentityOf, findingsQuery, identitiesQuery, ledgerQuery, verifyQuery } from '../governance/queries';
import { FindingActDialog, type FindingAct } from './FindingActDialog';
import { findingHeadline } from './finding-text';

const PAGE = 50;

/** The Audit section (UX.md): verification state, findings, and the ledger timeline, newest first. */
export function AuditPage() {
  const identities = useQuery(identitiesQuery());
  return (
    <div className="page">
      <PageHeader title="Audit" description="The ledger: every governance act, signed by its author and linked to what came before." />
      <div className="audit">
        <VerificationPanel />
        <FindingsPanel identities={identities.data} />
        <TimelinePanel identities={identities.data} />
      </div>
    </div>
  );
}

function VerificationPanel() {
  const verify = useQuery(verifyQuery());
  return (
    <section className="panel" aria-labelledby="audit-verify">
      <div className="panel__heading-row">
        <h2 id="audit-verify">Ledger verification</h2>
        <button type="button" className="button" onClick={() => void verify.refetch()} disabled={verify.isFetching}>
          {verify.isFetching ? 'Verifying…' : 'Verify again'}
        </button>
      </div>
      {verify.isPending ? (
        <SkeletonBlock label="Verifying the ledger" lines={2} />
      ) : verify.isError ? (
        <ErrorState title="Could not verify the ledger" error={verify.error} level={3} />
      ) : (
        <VerifyResult report={verify.data} />
      )}
    </section>
  );
}

function VerifyResult({ report }: { report: VerifyReport }) {
  if (report.intact) {
    return (
      <div className="verify">
        <StatusBadge tone="ok" label="Intact" size="lg" icon="checkCircle" />
        <p>
          All {pluralize(report.events, 'event')} verified: content addresses, signatures, links, order and each author’s role at the time (
          {report.elapsedMs < 1000 ? `${Math.max(1, Math.round(report.elapsedMs))} ms` : formatDuration(report.elapsedMs)}).
        </p>
      </div>
    );
  }
  return (
    <div className="verify">
      <StatusBadge tone="danger" label="Tampered" size="lg" icon="alert" />
      <p>
        {pluralize(report.problems.length + report.truncated, 'problem')} found in {pluralize(report.events, 'event')}. Nothing new can be
        signed on top of this ledger until it is restored from another replica or a backup.
      </p>
      <ul className="verify__problems">
        {report.problems.map((problem, index) => (
          <li key={`${problem.kind}-${problem.seq ?? 'x'}-${index}`}>
            <StatusBadge tone="danger" label={problem.kind} />{' '}
            <span>
              {problem.seq !== null ? `Row ${problem.seq}` : 'A missing row'}
              {problem.eventId ? ` (event ${shortHash(problem.eventId)})` : ''}: {problem.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const FINDING_STATE = {
  open: { tone: 'danger', label: 'Open' },
  acknowledged: { tone: 'warning', label: 'Acknowledged' },
  resolved: { tone: 'ok', label: 'Resolved' },
} as const;

function FindingsPanel({ identities }: { identities: readonly Identity[] | undefined }) {
  const findings = useQuery(findingsQuery());
  const [act, setAct] = useState<FindingAct | null>(null);
  const me = activeIdentityOf(identities);
  const mayResolve = me !== null && (me.roles.includes('admin') || me.roles.includes('compliance'));
  return (
    <section className="panel" aria-labelledby="audit-findings">
      <h2 id="audit-findings">Findings</h2>
      <p className="panel__note">
        Promotions outside Quorum (a governed alias or stage moved to a version without a passing gate) and drift threshold crossings on
        deployed versions.
      </p>
      {findings.isPending ? (
        <SkeletonBlock label="Loading findings" lines={2} />
      ) : findings.isError ? (
        <ErrorState title="Could not load findings" error={findings.error} level={3} onRetry={() => void findings.refetch()} />
      ) : findings.data.length === 0 ? (
        <EmptyState title="No findings" level={3} icon="checkCircle">
          <p>
            Every governed alias and stage Quorum has observed moved through a passing gate, and no deployed version crossed its drift
            threshold{me ? ` (as far as ${me.name} may see)` : ''}.
          </p>
        </EmptyState>
      ) : (
        <ul className="findings">
          {findings.data.map((finding) => (
            <FindingItem key={finding.id} finding={finding} mayResolve={mayResolve} canAct={me !== null} onAct={setAct} />
          ))}
        </ul>
      )}
      {act && <FindingActDialog act={act} signer={me} onClose={() => setAct(null)} />}
    </section>
  );
}

function FindingItem({
  finding,
  mayResolve,
  canAct,
  onAct,
}: {
  finding: Finding;
  mayResolve: boolean;
  canAct: boolean;
  onAct: (act: FindingAct) => void;
}) {
  const state = FINDING_STATE[finding.state];
  return (
    <li className="finding">
      <div className="finding__head">
        <StatusBadge tone={state.tone} label={state.label} />
        <StatusBadge tone={finding.severity === 'low' ? 'warning' : 'danger'} label={`${finding.severity} severity`} icon="alert" />
        <span className="finding__kind">{FINDING_KIND_LABELS[finding.kind]}</span>
        <strong>{findingHeadline(finding)}</strong>
        <span className="muted">
          {finding.kind === 'drift-threshold' ? 'computed' : 'observed'} <RelativeTime timestamp={finding.observedAt} />
        </span>
      </div>
      <p className="finding__message">{finding.message}</p>
      {finding.kind === 'drift-threshold' && finding.version !== null && (
        <p className="finding__link">
          <Link href={versionPath(finding.connection, finding.model, finding.version, 'drift')}>
            Open the drift of {finding.model} v{finding.version}
          </Link>
        </p>
      )}
      {finding.history.length > 0 && (
        <ul className="finding__history">
          {finding.history.map((h) => (
            <li key={h.eventId}>
              {h.act} by {h.byName}, <RelativeTime timestamp={h.at} />
              {h.comment ? `: “${h.comment}”` : ''}
            </li>
          ))}
        </ul>
      )}
      {finding.state !== 'resolved' && canAct && (
        <div className="signoff__actions">
          {finding.state === 'open' && (
            <button type="button" className="button" onClick={() => onAct({ kind: 'acknowledge', finding })}>
              Acknowledge…
            </button>
          )}
          {mayResolve && (
            <button type="button" className="button" onClick={() => onAct({ kind: 'resolve', finding })}>
              Resolve…
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function TimelinePanel({ identities }: { identities: readonly Identity[] | undefined }) {
  const [limit, setLimit] = useState(PAGE);
  const ledger = useQuery(ledgerQuery(limit));
  const roles = new Map((identities ?? []).map((i) => [i.publicKey, i.roles]));
  return (
    <section className="panel" aria-labelledby="audit-timeline">
      <h2 id="audit-timeline">Timeline</h2>
      {ledger.isPending ? (
        <SkeletonBlock label="Loading the ledger" lines={6} />
      ) : ledger.isError ? (
        <ErrorState title="Could not load the ledger" error={ledger.error} level={3} onRetry={() => void ledger.refetch()} />
      ) : ledger.data.total === 0 ? (
        <EmptyState title="The ledger is empty" level={3} icon="ledger">
          <p>The first identity created in Settings founds the workspace; every governance act after it appears here.</p>
        </EmptyState>
      ) : (
        <>
          <ol className="timeline">
            {ledger.data.items.map((entry) => (
              <TimelineEntry key={entry.id} entry={entry} roles={roles.get(entry.author) ?? []} />
            ))}
          </ol>
          <p className="panel__note">
            Showing {ledger.data.items.length} of {pluralize(ledger.data.total, 'event')}.
            {ledger.data.items.length < ledger.data.total && (
              <>
                {' '}
                <button type="button" className="button" onClick={() => setLimit((n) => n + PAGE)} disabled={ledger.isFetching}>
                  Show {Math.min(PAGE, ledger.data.total - ledger.data.items.length)} more
                </button>
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}

function TimelineEntry({ entry, roles }: { entry: LedgerEntry; roles: readonly string[] }) {
  return (
    <li className="timeline__entry">
      <span className="timeline__summary">{entry.summary}</span>
      <span className="timeline__meta">
        {entry.authorName} ({rolesLabel(roles)}) · <RelativeTime timestamp={entry.at} /> ·{' '}
        <code className="code" title={`${entry.kind}, event ${entry.id}, signed ${formatAbsoluteTime(entry.at)}`}>
          {entry.kind} {shortHash(entry.id)}
        </code>
      </span>
    </li>
  );
}
