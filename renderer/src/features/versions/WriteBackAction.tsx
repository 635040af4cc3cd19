import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { GateResult, Identity, WriteBackResult } from '@shared/domain/governance';
import { approvalTags, governedAlias } from '@shared/domain/write-back';
import { connectionDetailQuery } from '../connections/queries';
import { useSyncStore } from '../connections/sync-store';
import { shortHash, subjectLabel } from '../governance/labels';
import { policyQuery, useGovernanceAct } from '../governance/queries';
import { SignDialog } from '../governance/SignDialog';
import { versionQuery } from '../models/queries';

/**
 * Releasing through the registry from the gate panel (governance.gate.writeBack, the same act
 * as `quorum gate --write-back`). Offered only when the gate passes and the version's
 * connection allows write-back (and it is not already released there); the confirmation shows the tags, the alias move and the two
 * ledger events before anything is written, and the panel then says what was done.
 */
export function WriteBackAction({ gate, signer, released }: { gate: GateResult; signer: Identity | null; released: boolean }) {
  const { connection, model, version } = gate.subject;
  const settings = useQuery(connectionDetailQuery(connection));
  const policy = useQuery(policyQuery());
  const detail = useQuery(versionQuery(connection, model, version));
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<WriteBackResult | null>(null);

  if (done) return <WriteBackDone result={done} />;
  // Only an MLflow connection can be written to; one that cannot be read (removed meanwhile) offers nothing either.
  if (gate.status !== 'pass' || settings.data?.kind !== 'mlflow' || !policy.data) return null;
  if (!settings.data.settings.writeBack) {
    return (
      <p className="panel__note">
        Write-back is off for {connection}, so Quorum only reads it. Turn it on under Settings → Connections (or{' '}
        <code className="code">quorum connect mlflow --write-back</code>) to let a passing gate tag the version and move its alias there.
      </p>
    );
  }
  const alias = governedAlias(policy.data.policy, gate.subject.stage);
  const previous = alias === null ? null : (detail.data?.model.aliases.find((a) => a.alias === alias)?.version ?? null);
  // Released through Quorum and the alias still on this version: nothing left to write.
  if (released && alias !== null && previous === gate.subject.version) return null;
  return (
    <div className="signoff__actions">
      <button type="button" className="button button--primary" onClick={() => setConfirming(true)}>
        Write release back to {connection}…
      </button>
      {confirming && (
        <WriteBackDialog
          gate={gate}
          signer={signer}
          alias={alias}
          previous={previous}
          onDone={(result) => {
            setConfirming(false);
            setDone(result);
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  );
}

function WriteBackDialog({
  gate,
  signer,
  alias,
  previous,
  onDone,
  onClose,
}: {
  gate: GateResult;
  signer: Identity | null;
  alias: string | null;
  previous: number | null;
  onDone: (result: WriteBackResult) => void;
  onClose: () => void;
}) {
  const writeBack = useGovernanceAct('governance.gate.writeBack');
  const queryClient = useQueryClient();
  const startSync = useSyncStore((state) => state.start);
  const { subject } = gate;
  const tags = approvalTags(gate);
  const move =
    alias === null
      ? `None: the policy names no alias for ${subject.stage}`
      : previous === subject.version
        ? `@${alias} already points at v${subject.version}`
        : `@${alias}: ${previous === null ? 'unset' : `v${previous}`} → v${subject.version}`;

  return (
    <SignDialog
      open
      title={`Write the release of ${subjectLabel(subject)} back to ${subject.connection}`}
      what={`Quorum checks the gate again, sets the tags below and moves the alias in ${subject.connection}, then signs the passing evaluation (gate.evaluated) and the write-back (writeback.performed). If the registry refuses, it writes nothing and signs nothing.`}
      fields={[
        { label: 'Release', value: `${subjectLabel(subject)} to ${subject.stage} (${subject.connection})` },
        { label: 'Alias', value: move },
        {
          label: 'Version tags',
          value: (
            <ul className="plain-list">
              {tags.map((tag) => (
                <li key={tag.key}>
                  <code className="code wrap-anywhere">
                    {tag.key} = {tag.value}
                  </code>
                </li>
              ))}
            </ul>
          ),
        },
        { label: 'Request', value: gate.request ? shortHash(gate.request.id) : <span className="muted">None</span> },
        { label: 'Policy', value: <code className="code">{shortHash(gate.policyHash)}</code> },
        { label: 'Evidence', value: <code className="code">{shortHash(gate.evidenceHash)}</code> },
      ]}
      signer={signer}
      confirmLabel="Write back and sign"
      canConfirm
      pending={writeBack.isPending}
      error={writeBack.error}
      onConfirm={(passphrase) =>
        writeBack.mutate(
          {
            connection: subject.connection,
            model: subject.model,
            version: subject.version,
            stage: subject.stage,
            ...(passphrase === undefined ? {} : { passphrase }),
          },
          {
            onSuccess: (result) => {
              // The catalog learns of the alias move from the registry itself: sync this connection now.
              startSync(subject.connection, queryClient);
              onDone(result);
            },
          },
        )
      }
      onClose={onClose}
    />
  );
}

function WriteBackDone({ result }: { result: WriteBackResult }) {
  const { subject } = result;
  return (
    <div className="writeback-done" role="status">
      <p>
        <strong>Written back to {subject.connection}.</strong>{' '}
        {result.alias === null
          ? `No alias moved (the policy names none for ${subject.stage}); `
          : result.previousVersion === subject.version
            ? `@${result.alias} already pointed at v${subject.version}; `
            : `@${result.alias} now points at v${subject.version}${result.previousVersion === null ? '' : ` (was v${result.previousVersion})`}; `}
        {result.tags.length} approval tags set. Recorded as ledger event <code className="code">{shortHash(result.eventId)}</code> after the
        passing evaluation <code className="code">{shortHash(result.gate.recordedEventId ?? '')}</code>. A sync of {subject.connection} is
        running so the catalog shows the move.
      </p>
    </div>
  );
}
