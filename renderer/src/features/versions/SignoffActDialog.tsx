import { useState } from 'react';
import type { EvidenceCheck, GateResult, Identity, Signoff } from '@shared/domain/governance';
import type { KeyValue } from '../../ui/KeyValueList';
import { formatAbsoluteTime } from '../../format/time';
import { roleLabel, shortHash, subjectLabel } from '../governance/labels';
import { useGovernanceAct } from '../governance/queries';
import { SignDialog } from '../governance/SignDialog';

export type PendingAct =
  | { kind: 'request' }
  | { kind: 'approve'; role: string; conditions: boolean }
  | { kind: 'reject'; role: string }
  | { kind: 'withdraw'; role: string; signoff: Signoff }
  | { kind: 'waive'; check: EvidenceCheck };

const none = <span className="muted">None</span>;

/** One act on a release, confirmed in a SignDialog that lists the event's fields before signing. */
export function SignoffActDialog({
  act,
  gate,
  signer,
  onClose,
}: {
  act: PendingAct;
  gate: GateResult;
  signer: Identity | null;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [conditions, setConditions] = useState('');
  const request = useGovernanceAct('governance.requests.create');
  const approve = useGovernanceAct('governance.signoff.approve');
  const reject = useGovernanceAct('governance.signoff.reject');
  const withdraw = useGovernanceAct('governance.signoff.withdraw');
  const waive = useGovernanceAct('governance.signoff.waive');
  const mutation = { request, approve, reject, withdraw, waive }[act.kind];

  const { subject } = gate;
  const target = { connection: subject.connection, model: subject.model, version: subject.version, stage: subject.stage };
  const conditionList = conditions
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const release: KeyValue = { label: 'Release', value: `${subjectLabel(subject)} to ${subject.stage} (${subject.connection})` };
  const requestFact: KeyValue = {
    label: 'Request',
    value: gate.request
      ? `by ${gate.request.requestedByName} on ${formatAbsoluteTime(gate.request.at)} (${shortHash(gate.request.id)})`
      : none,
  };
  const binding: KeyValue[] = [
    { label: 'Artifact', value: <code className="code wrap-anywhere">{gate.artifact.source ?? 'none recorded'}</code> },
    { label: 'Policy', value: <code className="code">{shortHash(gate.policyHash)}</code> },
    { label: 'Evidence', value: <code className="code">{shortHash(gate.evidenceHash)}</code> },
  ];
  const textValue = text.trim() === '' ? none : text.trim();

  let title: string;
  let what: string;
  let fields: KeyValue[];
  let confirmLabel: string;
  let canConfirm = true;
  let blockedReason: string | undefined;
  let textLabel: string | null = null;
  let textRequired = false;
  switch (act.kind) {
    case 'request':
      title = `Request release of ${subjectLabel(subject)}`;
      what = 'A release request (release.requested): reviewers of each required role will see it in their Approvals inbox.';
      fields = [release, { label: 'Note', value: textValue }, ...binding];
      confirmLabel = 'Sign request';
      textLabel = 'Note for reviewers';
      break;
    case 'approve':
      title = `${act.conditions ? 'Approve with conditions' : 'Approve'}: ${subjectLabel(subject)}`;
      what = `An approval (signoff.approved) in the ${roleLabel(act.role)} role. It binds to the artifact, the policy and the evidence below; if any of them changes, it stops counting.`;
      fields = [
        release,
        requestFact,
        { label: 'Role', value: roleLabel(act.role) },
        { label: 'Comment', value: textValue },
        {
          label: 'Conditions',
          value:
            conditionList.length === 0 ? (
              none
            ) : (
              <ul className="plain-list">
                {conditionList.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            ),
        },
        ...binding,
      ];
      confirmLabel = 'Sign approval';
      textLabel = 'Comment';
      if (act.conditions && conditionList.length === 0) {
        canConfirm = false;
        blockedReason = 'Write at least one condition, one per line.';
      }
      break;
    case 'reject':
      title = `Reject ${subjectLabel(subject)}`;
      what = `A rejection (signoff.rejected) in the ${roleLabel(act.role)} role. The gate stays blocked until you withdraw it.`;
      fields = [release, requestFact, { label: 'Role', value: roleLabel(act.role) }, { label: 'Comment', value: textValue }, ...binding];
      confirmLabel = 'Sign rejection';
      textLabel = 'Why you reject it (required)';
      textRequired = true;
      break;
    case 'withdraw':
      title = `Withdraw your ${act.signoff.decision === 'approved' ? 'approval' : 'rejection'} of ${subjectLabel(subject)}`;
      what = `A withdrawal (signoff.withdrawn) of your ${roleLabel(act.role)} ${act.signoff.decision === 'approved' ? 'approval' : 'rejection'} of ${formatAbsoluteTime(act.signoff.at)}.`;
      fields = [
        release,
        requestFact,
        { label: 'Role', value: roleLabel(act.role) },
        { label: 'Withdraws', value: <code className="code">{shortHash(act.signoff.eventId)}</code> },
        { label: 'Comment', value: textValue },
      ];
      confirmLabel = 'Sign withdrawal';
      textLabel = 'Comment';
      break;
    case 'waive':
      title = `Waive “${act.check.label}” for ${subjectLabel(subject)}`;
      what = 'A waiver (waiver.granted) of a failing evidence check. Waived checks stay marked in red everywhere, with your justification.';
      fields = [
        release,
        requestFact,
        { label: 'Check', value: `${act.check.label} (${act.check.id})` },
        { label: 'Failing because', value: act.check.message },
        { label: 'Justification', value: textValue },
        ...binding,
      ];
      confirmLabel = 'Sign waiver';
      textLabel = 'Justification (required)';
      textRequired = true;
      break;
  }
  if (textRequired && text.trim() === '') {
    canConfirm = false;
    blockedReason = act.kind === 'waive' ? 'A waiver needs a justification.' : 'A rejection needs a comment.';
  }

  function confirm(passphrase: string | undefined): void {
    const secret = passphrase === undefined ? {} : { passphrase };
    const done = { onSuccess: onClose };
    const comment = text.trim();
    switch (act.kind) {
      case 'request':
        request.mutate({ ...target, ...secret, note: comment }, done);
        return;
      case 'approve':
        approve.mutate({ ...target, ...secret, role: act.role, comment, conditions: act.conditions ? conditionList : [] }, done);
        return;
      case 'reject':
        reject.mutate({ ...target, ...secret, role: act.role, comment }, done);
        return;
      case 'withdraw':
        withdraw.mutate({ ...target, ...secret, role: act.role, comment }, done);
        return;
      case 'waive':
        waive.mutate({ ...target, ...secret, check: act.check.id, justification: comment }, done);
        return;
    }
  }

  return (
    <SignDialog
      open
      title={title}
      what={what}
      fields={fields}
      signer={signer}
      confirmLabel={confirmLabel}
      canConfirm={canConfirm}
      blockedReason={blockedReason}
      pending={mutation.isPending}
      error={mutation.error}
      onConfirm={confirm}
      onClose={onClose}
    >
      {textLabel && (
        <label className="field">
          <span className="field__label">{textLabel}</span>
          <textarea
            className="input textarea"
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
            required={textRequired}
          />
        </label>
      )}
      {act.kind === 'approve' && act.conditions && (
        <label className="field">
          <span className="field__label">Conditions, one per line (required)</span>
          <textarea className="input textarea" rows={3} value={conditions} onChange={(event) => setConditions(event.target.value)} />
        </label>
      )}
    </SignDialog>
  );
}
