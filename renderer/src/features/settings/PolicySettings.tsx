import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatAbsoluteTime } from '../../format/time';
import { ErrorState } from '../../ui/ErrorState';
import { KeyValueList } from '../../ui/KeyValueList';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { shortHash } from '../governance/labels';
import { policyDiffQuery, policyQuery } from '../governance/queries';

/** The policy in force, read-only (it changes only by a signed admin act: `quorum policy set`), and the diff to an earlier version. */
export function PolicySettings() {
  const policy = useQuery(policyQuery());
  const [from, setFrom] = useState<string | null>(null);
  const selectId = useId();
  return (
    <section className="panel" aria-labelledby="policy">
      <h2 id="policy">Release policy</h2>
      {policy.isPending ? (
        <SkeletonBlock label="Loading the policy" lines={6} />
      ) : policy.isError ? (
        <ErrorState title="Could not read the policy" error={policy.error} level={3} onRetry={() => void policy.refetch()} />
      ) : (
        <>
          <KeyValueList
            items={[
              { label: 'Name', value: policy.data.policy.name },
              { label: 'Hash', value: <code className="code wrap-anywhere">{policy.data.hash}</code> },
              {
                label: 'Recorded',
                value:
                  policy.data.versions.length === 0 ? (
                    <StatusBadge tone="unknown" label="Shipped default, not yet recorded" />
                  ) : (
                    (() => {
                      const v = policy.data.versions.find((p) => p.hash === policy.data.hash);
                      return v ? `${formatAbsoluteTime(v.setAt)} by ${v.setByName}${v.message ? ` — ${v.message}` : ''}` : 'Unknown';
                    })()
                  ),
              },
            ]}
          />
          <details className="disclosure">
            <summary>Policy YAML (read-only)</summary>
            <pre className="code-block">{policy.data.yaml}</pre>
          </details>
          {policy.data.versions.length > 1 && (
            <div className="policy-diff">
              <label className="field field--inline" htmlFor={selectId}>
                <span className="field__label">Compare the policy in force with</span>
              </label>
              <select
                id={selectId}
                className="select"
                value={from ?? ''}
                onChange={(e) => setFrom(e.target.value === '' ? null : e.target.value)}
              >
                <option value="">Choose an earlier version</option>
                {policy.data.versions
                  .filter((v) => v.hash !== policy.data.hash)
                  .map((v) => (
                    <option key={v.eventId} value={v.hash}>
                      {shortHash(v.hash)} — {formatAbsoluteTime(v.setAt)} by {v.setByName}
                    </option>
                  ))}
              </select>
              {from && <PolicyDiff from={from} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}

function PolicyDiff({ from }: { from: string }) {
  const diff = useQuery(policyDiffQuery(from));
  if (diff.isPending) return <SkeletonBlock label="Comparing policy versions" lines={4} />;
  if (diff.isError) return <ErrorState title="Could not compare the policies" error={diff.error} level={3} />;
  return (
    <>
      <p className="panel__note">
        {diff.data.changes.length} changed {diff.data.changes.length === 1 ? 'field' : 'fields'} from {shortHash(diff.data.from)} to{' '}
        {shortHash(diff.data.to)}.
      </p>
      <pre className="code-block diff" aria-label="Unified diff of the two policy versions">
        {diff.data.unified.split('\n').map((line, index) => (
          <span key={index} className={line.startsWith('+') ? 'diff__added' : line.startsWith('-') ? 'diff__removed' : undefined}>
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
    </>
  );
}
