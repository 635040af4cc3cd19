import { Link } from 'wouter';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

/** An address that leads nowhere: say which, and offer the way home. */
export function NotFoundPage({ location }: { location: string }) {
  return (
    <div className="page">
      <PageHeader title="Page not found" />
      <EmptyState
        title="Nothing lives at this address"
        icon="info"
        actions={
          <Link href="/models" className="button button--primary">
            Go to Models
          </Link>
        }
      >
        <p>
          Quorum has no screen at <code className="code">#{location}</code>. The link may be mistyped, or come from a newer version of
          Quorum.
        </p>
      </EmptyState>
    </div>
  );
}
