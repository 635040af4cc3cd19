import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { EvidenceCheck, GateResult, Identity, RoleRequirement, Signoff } from '@shared/domain/governance';
import { ErrorState } from '../../ui/ErrorState';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import { EmptyState } from '../../ui/EmptyState';
import { pluralize } from '../../format/numbers';
import { summarizeGate } from '../governance/gate-summary';
import { roleLabel } from '../governance/labels';
import { activeIdentityOf, DEFAULT_STAGE, identitiesQuery, policyQuery, type VersionSubject } from '../governance/queries';
import { useVersionGate } from '../governance/use-version-gate';
import { SignoffActDialog, type PendingAct } from './SignoffActDialog';
import { WriteBackAction } from './WriteBackAction';

/**
 * The Sign-off tab (UX.md): the request, each required role (who signed, when, comment,
 * conditions, or "waiting"), each evidence check with its number and threshold, waivers in
 * red outline, and why approvals stopped counting. Every act opens a confirmation that shows
 * what will be signed and by whom.
 */
export function SignoffPanel({ connection, name, version }: { connection: string; name: string; version: number }) {
  const subject: VersionSubject = { connection, model: name, version, stage: DEFAULT_STAGE };
  const { gate, release } = useVersionGate(subject);
  const identities = useQuery(identitiesQuery());
  const policy = useQuery(policyQuery());
  const [act, setAct] = useState<PendingAct | null>(null);

  if (gate.isPending) return <SkeletonBlock label="Evaluating the release gate" lines={8} />;
  if (gate.isError) {
    return (
      <ErrorState
        title="Could not evaluate the release gate"
        error={gate.error}
        onRetry={() => void gate.refetch()}
        retrying={gate.isFetching}
        level={2}
      />
    );
  }
  const result = gate.data;
  const me = activeIdentityOf(identities.data);
  const summary = summarizeGate(result, release);
  const waiverRoles = policy.data?.policy.tiers[result.tier].waivers.allowedRoles ?? [];
  const mayWaive = me !== null && waiverRoles.some((role) => me.roles.includes(role));
  const open = result.request !== null;

  return (
    <div className="signoff">
      <section className="panel" aria-labelledby="signoff-request">
        <div className="panel__heading-row">
          <h2 id="signoff-request">Release to {result.subject.stage}</h2>
          <StatusBadge tone={summary.tone} label={summary.label} />
        </div>
        {result.reasons.length === 0 && <p className="signoff__explanation">{summary.explanation}</p>}
        <RequestFacts gate={result} />
        <WriteBackAction gate={result} signer={me} released={release !== null} />
        {!open && (
          <div className="signoff__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => setAct({ kind: 'request' })}
              disabled={me === null || me.roles.length === 0}
            >
              Request release…
            </button>
            {me !== null && me.roles.length === 0 && <span className="muted">{me.name} holds no role yet; an admin must grant one.</span>}
          </div>
        )}
        {result.reasons.length > 0 && (
          <>
            <h3 className="signoff__subheading">What blocks it</h3>
            <ul className="signoff__reasons">
              {result.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="signoff-roles">
        <h2 id="signoff-roles">Required sign-offs</h2>
        <p className="panel__note">
          A {result.tier}-risk release needs{' '}
          {result.signoffs.map((r) => `${r.required} × ${roleLabel(r.role)}`).join(', ') || 'no sign-off'}. The version’s authors (
          {result.authors.join(', ') || 'none recorded'}) may not sign.
        </p>
        {result.signoffs.length === 0 ? (
          <p>No sign-off is required for this stage.</p>
        ) : (
          <ul className="signoff-roles">
            {result.signoffs.map((requirement) => (
              <RoleRow key={requirement.role} requirement={requirement} me={me} requestOpen={open} onAct={setAct} />
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="signoff-checks">
        <h2 id="signoff-checks">Evidence checks</h2>
        {result.checks.length === 0 ? (
          <EmptyState title="No evidence checks for this stage" level={3} />
        ) : (
          <ul className="evidence-checks">
            {result.checks.map((check) => (
              <CheckRow key={check.id} check={check} mayWaive={mayWaive && open} onWaive={() => setAct({ kind: 'waive', check })} />
            ))}
          </ul>
        )}
        {!mayWaive && result.checks.some((c) => c.status === 'fail') && (
          <p className="panel__note">
            Only {waiverRoles.map(roleLabel).join(' or ') || 'nobody'} may waive a failing check, with a justification.
          </p>
        )}
        {result.notes.length > 0 && (
          <>
            <h3 className="signoff__subheading">Notes</h3>
            <ul className="signoff__notes">
              {result.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </>
        )}
        <p className="panel__note">
          Evaluated against policy <code className="code">{result.policyHash.slice(0, 12)}</code> and evidence{' '}
          <code className="code">{result.evidenceHash.slice(0, 12)}</code>; approvals are bound to both.
        </p>
      </section>

      {act && <SignoffActDialog act={act} gate={result} signer={me} onClose={() => setAct(null)} />}
    </div>
  );
}

function RequestFacts({ gate }: { gate: GateResult }) {
  if (!gate.request) return null;
  return (
    <dl className="key-values">
      <div className="key-values__item">
        <dt>Requested by</dt>
        <dd>
          {gate.request.requestedByName}, <RelativeTime timestamp={gate.request.at} />
        </dd>
      </div>
      <div className="key-values__item">
        <dt>Note</dt>
        <dd>{gate.request.note || <span className="muted">No note</span>}</dd>
      </div>
    </dl>
  );
}

function roleStatus(requirement: RoleRequirement): { tone: StatusTone; label: string } {
  if (requirement.rejected.length > 0) return { tone: 'danger', label: 'Rejected' };
  if (requirement.missing === 0) return { tone: 'ok', label: 'Signed' };
  if (requirement.invalid.length > 0 && requirement.valid.length === 0) return { tone: 'danger', label: 'Invalidated' };
  return { tone: 'warning', label: 'Waiting' };
}

function RoleRow({
  requirement,
  me,
  requestOpen,
  onAct,
}: {
  requirement: RoleRequirement;
  me: Identity | null;
  requestOpen: boolean;
  onAct: (act: PendingAct) => void;
}) {
  const status = roleStatus(requirement);
  const all = [...requirement.valid, ...requirement.invalid, ...requirement.rejected];
  const mine = me ? all.find((s) => s.person === me.publicKey && !s.invalidReason?.startsWith('withdrawn')) : undefined;
  const canSign = requestOpen && me !== null && me.roles.includes(requirement.role) && mine === undefined;
  const role = requirement.role;
  return (
    <li className="signoff-role">
      <div className="signoff-role__head">
        <h3 className="signoff-role__name">{roleLabel(role)}</h3>
        <StatusBadge tone={status.tone} label={status.label} />
        <span className="muted">
          {requirement.valid.length} of {requirement.required} valid
        </span>
      </div>
      {all.length > 0 && (
        <ul className="signoff-role__signoffs">
          {all.map((signoff) => (
            <SignoffItem key={signoff.eventId} signoff={signoff} />
          ))}
        </ul>
      )}
      {requirement.missing > 0 && (
        <p className="signoff-role__waiting">
          Waiting for{' '}
          {pluralize(
            requirement.missing,
            `more ${roleLabel(role).toLowerCase()} sign-off`,
            `more ${roleLabel(role).toLowerCase()} sign-offs`,
          )}
          .
        </p>
      )}
      {(canSign || mine) && (
        <div className="signoff__actions">
          {canSign && (
            <>
              <button type="button" className="button button--primary" onClick={() => onAct({ kind: 'approve', role, conditions: false })}>
                Approve…
              </button>
              <button type="button" className="button" onClick={() => onAct({ kind: 'approve', role, conditions: true })}>
                Approve with conditions…
              </button>
              <button type="button" className="button" onClick={() => onAct({ kind: 'reject', role })}>
                Reject…
              </button>
            </>
          )}
          {mine && requestOpen && (
            <button type="button" className="button" onClick={() => onAct({ kind: 'withdraw', role, signoff: mine })}>
              Withdraw my {mine.decision === 'approved' ? 'approval' : 'rejection'}…
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function SignoffItem({ signoff }: { signoff: Signoff }) {
  const tone: StatusTone = signoff.decision === 'rejected' ? 'danger' : signoff.invalidReason ? 'unknown' : 'ok';
  const label = signoff.decision === 'rejected' ? 'Rejected' : signoff.invalidReason ? 'Does not count' : 'Approved';
  return (
    <li className="signoff-item">
      <div className="signoff-item__head">
        <StatusBadge tone={tone} label={label} />
        <strong>{signoff.name}</strong>
        <RelativeTime timestamp={signoff.at} />
      </div>
      {signoff.comment && <p className="signoff-item__comment">“{signoff.comment}”</p>}
      {signoff.conditions.length > 0 && (
        <div className="signoff-item__conditions">
          <span className="field__label">Conditions</span>
          <ul>
            {signoff.conditions.map((condition) => (
              <li key={condition}>{condition}</li>
            ))}
          </ul>
        </div>
      )}
      {signoff.invalidReason && <p className="signoff-item__invalid">Does not count: {signoff.invalidReason}.</p>}
    </li>
  );
}

const CHECK_STATUS: Record<EvidenceCheck['status'], { tone: StatusTone; label: string }> = {
  pass: { tone: 'ok', label: 'Pass' },
  fail: { tone: 'danger', label: 'Fail' },
  waived: { tone: 'waived', label: 'Waived' },
  skipped: { tone: 'unknown', label: 'Skipped' },
};

function CheckRow({ check, mayWaive, onWaive }: { check: EvidenceCheck; mayWaive: boolean; onWaive: () => void }) {
  const status = CHECK_STATUS[check.status];
  return (
    <li className={`evidence-check evidence-check--${check.status}`}>
      <StatusBadge tone={status.tone} label={status.label} />
      <div className="evidence-check__body">
        <span className="evidence-check__label">{check.label}</span>
        <span className="evidence-check__message">{check.message}</span>
        {(check.actual !== null || check.threshold !== null) && (
          <span className="evidence-check__numbers">
            {check.actual !== null && <>Value {check.actual}</>}
            {check.actual !== null && check.threshold !== null && ' · '}
            {check.threshold !== null && <>threshold {check.threshold}</>}
          </span>
        )}
        {check.waiver && (
          <div className="waiver">
            <strong>
              Waived by {check.waiver.byName}, <RelativeTime timestamp={check.waiver.at} />
            </strong>
            <p>{check.waiver.justification}</p>
          </div>
        )}
      </div>
      {check.status === 'fail' && mayWaive && (
        <button type="button" className="button" onClick={onWaive}>
          Waive…
        </button>
      )}
    </li>
  );
}
