import { useState } from 'react';
import { FINDING_KIND_LABELS, type Finding, type Identity } from '@shared/domain/governance';
import { formatAbsoluteTime } from '../../format/time';
import { shortHash } from '../governance/labels';
import { useGovernanceAct } from '../governance/queries';
import { SignDialog } from '../governance/SignDialog';
import { findingSummary } from './finding-text';

export type FindingAct = { kind: 'acknowledge' | 'resolve'; finding: Finding };

/** Acknowledging or resolving a finding is a signed event; the dialog shows it before signing. */
export function FindingActDialog({ act, signer, onClose }: { act: FindingAct; signer: Identity | null; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const acknowledge = useGovernanceAct('governance.findings.acknowledge');
  const resolve = useGovernanceAct('governance.findings.resolve');
  const mutation = act.kind === 'resolve' ? resolve : acknowledge;
  const { finding } = act;
  const required = act.kind === 'resolve';
  const trimmed = comment.trim();
  return (
    <SignDialog
      open
      title={`${act.kind === 'resolve' ? 'Resolve' : 'Acknowledge'} the finding on ${finding.model}`}
      what={
        act.kind === 'resolve'
          ? `A resolution (finding.resolved): says how the ${FINDING_KIND_LABELS[finding.kind].toLowerCase()} finding was dealt with. Only admin or compliance may resolve.`
          : 'An acknowledgement (finding.acknowledged): says you have seen it; the finding stays open until resolved.'
      }
      fields={[
        { label: 'Kind', value: FINDING_KIND_LABELS[finding.kind] },
        { label: 'Finding', value: findingSummary(finding) },
        { label: 'Observed', value: formatAbsoluteTime(finding.observedAt) },
        { label: 'Finding id', value: <code className="code">{shortHash(finding.id)}</code> },
        { label: 'Comment', value: trimmed === '' ? <span className="muted">None</span> : trimmed },
      ]}
      signer={signer}
      confirmLabel={act.kind === 'resolve' ? 'Sign resolution' : 'Sign acknowledgement'}
      canConfirm={!required || trimmed !== ''}
      blockedReason={required && trimmed === '' ? 'Say how it was resolved.' : undefined}
      pending={mutation.isPending}
      error={mutation.error}
      onConfirm={(passphrase) =>
        mutation.mutate(
          { finding: finding.id, comment: trimmed, ...(passphrase === undefined ? {} : { passphrase }) },
          { onSuccess: onClose },
        )
      }
      onClose={onClose}
    >
      <label className="field">
        <span className="field__label">{required ? 'How it was resolved (required)' : 'Comment'}</span>
        <textarea className="input textarea" rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
      </label>
    </SignDialog>
  );
}
