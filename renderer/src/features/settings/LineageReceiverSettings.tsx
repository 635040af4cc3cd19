import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { LineageReceiverSettings as Settings, LineageReceiverStatus } from '@shared/contract/lineage.contract';
import { pluralize } from '../../format/numbers';
import { call } from '../../platform/api';
import { ErrorState } from '../../ui/ErrorState';
import { Icon, type IconName } from '../../ui/Icon';
import { KeyValueList, NotRecorded } from '../../ui/KeyValueList';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import './lineage-receiver.css';

/**
 * Topic first, like operationQuery's keys: a `data.changed` for lineage (events arriving) then
 * refreshes the counts. Not an operationQuery because the topic table is shared with others.
 */
export const receiverStatusQuery = () =>
  queryOptions({
    queryKey: ['lineage', 'lineage.receiver.status', {}] as const,
    queryFn: () => call('lineage.receiver.status', {}),
  });

/** While it starts, look again soon; while it listens, now and then for the counts of rejected events (which push nothing). */
const STARTING_POLL_MS = 1000;
const LISTENING_POLL_MS = 10_000;

const STATE: Record<LineageReceiverStatus['state'], { tone: StatusTone; label: string; icon?: IconName; explanation: string }> = {
  listening: { tone: 'ok', label: 'Receiving', explanation: 'Pipelines can send OpenLineage events to the address below.' },
  disabled: {
    tone: 'unknown',
    label: 'Off',
    explanation: 'Quorum does not receive OpenLineage events. Turn it on to let pipelines send them.',
  },
  'not-hosted': {
    tone: 'unknown',
    label: 'On, not running here',
    explanation: 'It runs in the desktop app and in quorum serve for this workspace.',
  },
  starting: { tone: 'warning', label: 'Starting', explanation: 'Opening the port.' },
  failed: { tone: 'danger', label: 'Not running', icon: 'alert', explanation: 'The receiver could not start; the reason is below.' },
};

/** Settings › Lineage receiver: where pipelines send OpenLineage events, its key, and what arrived. */
export function LineageReceiverSettings() {
  const status = useQuery({
    ...receiverStatusQuery(),
    refetchInterval: (query) =>
      query.state.data?.state === 'starting' ? STARTING_POLL_MS : query.state.data?.state === 'listening' ? LISTENING_POLL_MS : false,
  });
  // A new key is shown once, right after the operation that made it; it is never fetched again.
  const [revealed, setRevealed] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="settings-lineage-receiver">
      <h2 id="settings-lineage-receiver">Lineage receiver</h2>
      <p className="panel__note">
        Pipelines (Airflow, Spark, dbt, Flink…) send their OpenLineage events here: point <code className="code">OPENLINEAGE_URL</code> at
        this address and give them the key as <code className="code">OPENLINEAGE_API_KEY</code>. Events are checked, stored and drawn in
        Lineage; refused ones are listed there with the reason.
      </p>
      {status.isPending ? (
        <SkeletonBlock label="Reading the lineage receiver status" lines={3} />
      ) : status.isError ? (
        <ErrorState
          title="Could not read the lineage receiver status"
          error={status.error}
          level={3}
          onRetry={() => void status.refetch()}
          retrying={status.isFetching}
        />
      ) : (
        <>
          <ReceiverStatusView status={status.data} />
          {revealed !== null && <NewKey apiKey={revealed} url={urlOf(status.data)} onDone={() => setRevealed(null)} />}
          <ReceiverForm key={JSON.stringify(status.data.settings)} settings={status.data.settings} onKey={setRevealed} />
          <RotateKey hasKey={status.data.key.present} onKey={setRevealed} />
        </>
      )}
    </section>
  );
}

function ReceiverStatusView({ status }: { status: LineageReceiverStatus }) {
  const state = STATE[status.state];
  const { counts } = status;
  return (
    <>
      <p className="receiver-state" role="status">
        <StatusBadge tone={state.tone} label={state.label} icon={state.icon} size="lg" /> <span>{state.explanation}</span>
      </p>
      {status.lastError && <p className="receiver-state__error">{status.lastError}</p>}
      <KeyValueList
        items={[
          {
            label: status.state === 'listening' ? 'Listening at' : 'Address',
            value: (
              <>
                <code className="code wrap-anywhere">{urlOf(status)}</code>
                {status.source === 'serve-override' && <span className="muted"> (set by quorum serve --lineage-port for this run)</span>}
              </>
            ),
          },
          {
            label: 'API key',
            value: status.key.present ? (
              <>
                <code className="code">{status.key.hint}</code>{' '}
                <span className="muted">
                  {status.key.source === 'environment' ? '(from QUORUM_LINEAGE_API_KEY)' : `(${status.key.storedIn})`}
                </span>
              </>
            ) : (
              <NotRecorded>None yet: one is made when you turn the receiver on</NotRecorded>
            ),
          },
          {
            label: 'Events since Quorum started',
            value: `${pluralize(counts.accepted, 'stored', 'stored')}, ${pluralize(counts.duplicates, 'already known', 'already known')}, ${pluralize(counts.rejected, 'rejected', 'rejected')}${counts.unauthorized > 0 ? `; ${pluralize(counts.unauthorized, 'request')} with a wrong or missing key` : ''}${counts.busy > 0 ? `; ${pluralize(counts.busy, 'request')} asked to retry` : ''}`,
          },
          {
            label: 'Last event',
            value: status.lastEventAt !== null ? <RelativeTime timestamp={status.lastEventAt} /> : <NotRecorded>None yet</NotRecorded>,
          },
        ]}
      />
    </>
  );
}

interface Draft {
  enabled: boolean;
  host: string;
  port: string;
  allowNonLoopback: boolean;
}

function ReceiverForm({ settings, onKey }: { settings: Settings; onKey: (key: string) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({ ...settings, port: String(settings.port) });
  const [portError, setPortError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: Settings) => call('lineage.receiver.configure', input),
    onSuccess: (result) => {
      queryClient.setQueryData(receiverStatusQuery().queryKey, result.status);
      if (result.apiKey !== null) onKey(result.apiKey);
    },
  });

  function submit(event: FormEvent): void {
    event.preventDefault();
    const port = /^\d{1,5}$/.test(draft.port.trim()) ? Number(draft.port.trim()) : Number.NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      setPortError('Use a whole number from 1 to 65535, such as 5099.');
      document.getElementById(`${id}-port`)?.focus();
      return;
    }
    setPortError(null);
    save.mutate({ enabled: draft.enabled, host: draft.host.trim(), port, allowNonLoopback: draft.allowNonLoopback });
  }

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  return (
    <form className="receiver-form" onSubmit={submit} noValidate aria-label="Lineage receiver settings">
      <label className="receiver-form__check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        <span>Receive OpenLineage events from pipelines</span>
      </label>
      <div className="receiver-form__pair">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-host`}>
            Address to listen on
          </label>
          <input
            id={`${id}-host`}
            className="input code"
            value={draft.host}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-host-hint`}
            onChange={(e) => set('host', e.target.value)}
          />
          <span id={`${id}-host-hint`} className="field__hint">
            127.0.0.1: only pipelines on this machine can send. Anything else needs the permission below.
          </span>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-port`}>
            Port
          </label>
          <input
            id={`${id}-port`}
            className="input code"
            inputMode="numeric"
            value={draft.port}
            autoComplete="off"
            aria-invalid={portError ? true : undefined}
            aria-describedby={portError ? `${id}-port-error` : `${id}-port-hint`}
            onChange={(e) => {
              set('port', e.target.value);
              setPortError(null);
            }}
          />
          {portError ? (
            <span id={`${id}-port-error`} className="field__error">
              <Icon name="alert" /> {portError}
            </span>
          ) : (
            <span id={`${id}-port-hint`} className="field__hint">
              5099 unless you change it; not 5000, which MLflow and Marquez use.
            </span>
          )}
        </div>
      </div>
      <label className="receiver-form__check">
        <input
          type="checkbox"
          checked={draft.allowNonLoopback}
          aria-describedby={`${id}-remote-hint`}
          onChange={(e) => set('allowNonLoopback', e.target.checked)}
        />
        <span>Allow an address other machines can reach</span>
      </label>
      <span id={`${id}-remote-hint`} className="field__hint receiver-form__hint">
        The receiver speaks plain HTTP: on a network the key travels readable, and anyone holding it can add to this workspace’s lineage.
        Prefer 127.0.0.1 behind a TLS proxy.
      </span>
      <div>
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div aria-live="polite">
        {save.isSuccess && save.data.apiKey === null && <p className="notice">Saved.</p>}
        {save.isError && (
          <ErrorState
            title="The receiver settings were not saved"
            error={save.error}
            level={3}
            hint="Your input is kept: correct it and save again."
          />
        )}
      </div>
    </form>
  );
}

function RotateKey({ hasKey, onKey }: { hasKey: boolean; onKey: (key: string) => void }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation({
    mutationFn: () => call('lineage.receiver.rotateKey', {}),
    onSuccess: (result) => {
      setConfirming(false);
      queryClient.setQueryData(receiverStatusQuery().queryKey, result.status);
      onKey(result.apiKey);
    },
  });
  return (
    <div className="receiver-actions">
      {!hasKey ? (
        <button type="button" className="button" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
          {rotate.isPending ? 'Making a key…' : 'Make an API key'}
        </button>
      ) : confirming ? (
        <span className="receiver-actions" role="group" aria-label="Confirm a new API key">
          <span>Make a new key? Pipelines using the current one are refused until they get the new one.</span>
          <button type="button" className="button" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
            {rotate.isPending ? 'Making a key…' : 'Make a new key'}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
            Keep the current key
          </button>
        </span>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Rotate key…
        </button>
      )}
      {rotate.isError && <ErrorState title="No new key was made" error={rotate.error} level={3} hint="The current key still works." />}
    </div>
  );
}

/** The key, once: copy it now (it is not shown again), with the address pipelines need beside it. */
function NewKey({ apiKey, url, onDone }: { apiKey: string; url: string; onDone: () => void }) {
  return (
    <div className="receiver-key" role="region" aria-label="New API key">
      <p className="receiver-key__title">
        <Icon name="info" /> Copy the key now: Quorum keeps it in its secret store and does not show it again.
      </p>
      <CopyField label="OPENLINEAGE_URL" value={url} />
      <CopyField label="OPENLINEAGE_API_KEY" value={apiKey} />
      <div>
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}

function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'selected' | null>(null);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="receiver-copy">
        <input
          id={id}
          ref={input}
          className="input code receiver-copy__value"
          readOnly
          value={value}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button"
          aria-label={`Copy ${label}`}
          onClick={() => void copy(value, input.current).then(setOutcome)}
        >
          Copy
        </button>
      </div>
      <span className="field__hint" aria-live="polite">
        {outcome === 'copied' ? `${label} copied.` : outcome === 'selected' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy.' : ''}
      </span>
    </div>
  );
}

/**
 * The Clipboard API first; where the page may not use it (the desktop app grants web
 * permissions to nothing), the browser's copy command on the selected field; failing both, the
 * text is left selected for the keyboard.
 */
async function copy(text: string, field: HTMLInputElement | null): Promise<'copied' | 'selected'> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // Fall through to the copy command.
  }
  field?.focus();
  field?.select();
  try {
    return document.execCommand('copy') ? 'copied' : 'selected';
  } catch {
    return 'selected';
  }
}

/** OPENLINEAGE_URL: where it listens now, else where the settings say it will. */
function urlOf(status: LineageReceiverStatus): string {
  if (status.url !== null) return status.url;
  const { host, port } = status.settings;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
