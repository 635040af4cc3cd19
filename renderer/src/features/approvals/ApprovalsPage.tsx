import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import type { InboxBox, RequestSummary } from '@shared/domain/governance';
import { versionPath } from '../../app/routes';
import { operationQuery } from '../../platform/operation-query';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { RelativeTime } from '../../ui/RelativeTime';
import { RiskTierBadge } from '../../ui/RiskTierBadge';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import { TabPanel, Tabs, type TabItem } from '../../ui/Tabs';
import { roleLabel } from '../governance/labels';
import { activeIdentityOf, identitiesQuery } from '../governance/queries';

const BOXES: readonly { id: InboxBox; label: string; empty: string }[] = [
  { id: 'waiting-for-me', label: 'Waiting for me', empty: 'Nothing waits for your sign-off.' },
  { id: 'my-role', label: 'Waiting for my role', empty: 'No open request needs a sign-off from your roles.' },
  { id: 'mine', label: 'Requested by me', empty: 'You have not requested a release.' },
  { id: 'decided', label: 'Decided', empty: 'No request has been decided yet.' },
  { id: 'open', label: 'All open', empty: 'No release request is open.' },
];

const TABS_ID = 'inbox';

/** The approvals inbox (UX.md): what waits for the acting identity, its roles, what it asked for, and what was decided. */
export function ApprovalsPage() {
  const [box, setBox] = useState<InboxBox>('waiting-for-me');
  const inbox = useQuery(operationQuery('governance.requests.inbox', { box, limit: 200 }));
  const identities = useQuery(identitiesQuery());
  const me = activeIdentityOf(identities.data);
  const counts = inbox.data?.counts;
  const items: TabItem<InboxBox>[] = BOXES.map((b) => ({ id: b.id, label: counts ? `${b.label} (${counts[b.id]})` : b.label }));
  const current = BOXES.find((b) => b.id === box) ?? BOXES[0];

  return (
    <div className="page">
      <PageHeader
        title="Approvals"
        description={
          me
            ? `Release requests and sign-offs, as ${me.name}. Switch identity under “Acting as” in the top bar.`
            : 'Release requests and sign-offs across teams. Choose who you act as in the top bar.'
        }
      />
      <Tabs label="Approvals inbox" items={items} selected={box} onSelect={setBox} idPrefix={TABS_ID} />
      <TabPanel idPrefix={TABS_ID} id={box}>
        {inbox.isPending ? (
          <SkeletonBlock label="Loading the inbox" lines={5} />
        ) : inbox.isError ? (
          <ErrorState
            title="Could not load the inbox"
            error={inbox.error}
            onRetry={() => void inbox.refetch()}
            retrying={inbox.isFetching}
          />
        ) : inbox.data.items.length === 0 ? (
          <EmptyState title={current?.empty ?? 'Nothing here'} icon="stamp">
            <p>
              {counts && counts.open > 0 && box !== 'open' ? (
                <>
                  {counts.open} {counts.open === 1 ? 'request is' : 'requests are'} open for other roles: see{' '}
                  <button type="button" className="button button--quiet inline-button" onClick={() => setBox('open')}>
                    All open
                  </button>
                  .
                </>
              ) : (
                <>
                  A release is requested from a version’s Sign-off tab in <Link href="/models">Models</Link>; reviewers of each required
                  role then see it here.
                </>
              )}
            </p>
          </EmptyState>
        ) : (
          <InboxTable items={inbox.data.items} />
        )}
      </TabPanel>
    </div>
  );
}

function requestStatus(item: RequestSummary): { tone: StatusTone; label: string } {
  if (item.status === 'cancelled') return { tone: 'unknown', label: 'Cancelled' };
  if (item.status === 'rejected' || item.rejections > 0) return { tone: 'danger', label: 'Rejected' };
  if (item.status === 'signed-off') return { tone: 'ok', label: 'Signed off' };
  return { tone: 'warning', label: `Waiting: ${item.missingRoles.map(roleLabel).join(', ')}` };
}

function InboxTable({ items }: { items: readonly RequestSummary[] }) {
  return (
    <table className="table inbox-table">
      <caption className="visually-hidden">Release requests</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Stage</th>
          <th scope="col">Risk</th>
          <th scope="col">Requested by</th>
          <th scope="col">Age</th>
          <th scope="col">Sign-off status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const status = requestStatus(item);
          return (
            <tr key={item.id}>
              <td>
                <Link href={versionPath(item.connection, item.model, item.version, 'sign-off')}>
                  {item.model}@{item.version}
                </Link>
              </td>
              <td>{item.stage}</td>
              <td>
                <RiskTierBadge tier={item.tier} />
              </td>
              <td>{item.requestedByName}</td>
              <td>
                <RelativeTime timestamp={item.at} />
              </td>
              <td>
                <StatusBadge tone={status.tone} label={status.label} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
