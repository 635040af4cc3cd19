import { useId } from 'react';
import { Link } from 'wouter';
import { versionPath } from '../../app/routes';
import { isQuorumCallError } from '../../platform/call';
import { StatusBadge } from '../../ui/StatusBadge';
import { summarizeGate } from '../governance/gate-summary';
import { DEFAULT_STAGE } from '../governance/queries';
import { useVersionGate } from '../governance/use-version-gate';

/**
 * The release gate in the version header: one large status that opens the checklist on the
 * Sign-off tab. The same evaluation as `quorum gate` (governance.gate.evaluate).
 */
export function GateStatus({ connection, name, version }: { connection: string; name: string; version: number }) {
  const explanationId = useId();
  const subject = { connection, model: name, version, stage: DEFAULT_STAGE };
  const { gate, release } = useVersionGate(subject);
  const href = versionPath(connection, name, version, 'sign-off');

  let badge;
  let explanation: string;
  if (gate.isPending) {
    badge = <StatusBadge tone="unknown" label="Evaluating…" size="lg" describedBy={explanationId} />;
    explanation = `Checking the policy, sign-offs and evidence for ${DEFAULT_STAGE}.`;
  } else if (gate.isError) {
    badge = <StatusBadge tone="unknown" label="Not evaluated" size="lg" describedBy={explanationId} />;
    explanation =
      isQuorumCallError(gate.error) && gate.error.code === 'invalid_input'
        ? gate.error.message
        : `The gate could not be evaluated: ${gate.error.message} Open the Sign-off tab to retry.`;
  } else {
    const summary = summarizeGate(gate.data, release);
    badge = <StatusBadge tone={summary.tone} label={summary.label} size="lg" describedBy={explanationId} />;
    explanation = summary.explanation;
  }
  return (
    <div className="gate">
      <span className="gate__label">Release gate · {DEFAULT_STAGE}</span>
      <Link href={href} className="gate__link">
        {badge}
        <span className="visually-hidden">, open the sign-off checklist</span>
      </Link>
      <p className="gate__explanation" id={explanationId}>
        {explanation}
      </p>
    </div>
  );
}
