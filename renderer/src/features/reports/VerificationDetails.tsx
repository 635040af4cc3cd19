import type { ReportVerification } from '@shared/domain/reports';
import { Icon } from '../../ui/Icon';
import { StatusBadge } from '../../ui/StatusBadge';
import { verificationStatus } from './labels';

/** A verification verdict: the status with its reason, then each check the core made, in its words. */
export function VerificationDetails({ verification, headingId }: { verification: ReportVerification; headingId?: string }) {
  const status = verificationStatus(verification);
  return (
    <div className="report-verification">
      <p className="report-verification__verdict" id={headingId}>
        <StatusBadge tone={status.tone} label={status.label} icon={status.icon} /> <span>{status.reason}</span>
      </p>
      {verification.title && <p className="muted">{verification.title}</p>}
      <ul className="report-verification__checks" aria-label="Checks">
        {verification.checks.map((check, index) => (
          <li key={`${check.check}-${index}`} className={check.ok ? 'report-check' : 'report-check report-check--failed'}>
            <Icon name={check.ok ? 'check' : 'xCircle'} />
            <span className="visually-hidden">{check.ok ? 'Passed:' : 'Failed:'}</span>
            <span>{check.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
