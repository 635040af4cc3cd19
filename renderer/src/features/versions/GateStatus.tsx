import { useId } from 'react';
import { StatusBadge } from '../../ui/StatusBadge';

/**
 * The release gate's place in the header. Governance (policy, sign-offs, evidence checks)
 * arrives in a later issue; until then the gate says plainly that it has not evaluated anything.
 */
export function GateStatus({ version }: { version: number }) {
  const explanationId = useId();
  return (
    <div className="gate">
      <span className="gate__label">Release gate</span>
      <StatusBadge tone="unknown" label="Not evaluated" size="lg" describedBy={explanationId} />
      <p className="gate__explanation" id={explanationId}>
        Release gates arrive with governance: once a policy is set, this says whether version {version} may ship and which sign-offs and
        checks are missing.
      </p>
    </div>
  );
}
