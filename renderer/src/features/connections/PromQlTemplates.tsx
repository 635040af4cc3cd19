import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  MONITORING_QUERY_INFO,
  MONITORING_QUERY_NAMES,
  TEMPLATE_PLACEHOLDER_INFO,
  type MonitoringQueryName,
} from '@shared/domain/monitoring';
import type { ModelSummary } from '../../platform/catalog-types';
import { operationQuery } from '../../platform/operation-query';
import { ErrorState } from '../../ui/ErrorState';
import { Icon } from '../../ui/Icon';
import { SkeletonBlock } from '../../ui/Skeleton';
import { Spinner } from '../../ui/Spinner';
import { StatusBadge } from '../../ui/StatusBadge';
import { monitoringQueriesQuery, useSaveQueries, useTestTemplate, type QueriesView, type TemplateTest } from './monitoring-queries';

const GROUP_LABELS: Record<(typeof MONITORING_QUERY_INFO)[MonitoringQueryName]['group'], string> = {
  drift: 'Drift score',
  quality: 'Quality',
  'data-quality': 'Data quality',
  serving: 'Serving',
};

/** The placeholder values "Test query" renders a draft with; blank ones are left out, and the core says which are needed. */
export interface TestValues {
  model: string;
  version: string;
  feature: string;
}

/** At most this many series are listed under a test result; the count says how many came back. */
const SHOWN_SERIES = 10;

/**
 * The PromQL templates of one Prometheus connection, or one model's overrides of them: a
 * text field per template, the placeholders it may use, "Test query" (the draft, run as an
 * instant query; Prometheus's own error shown verbatim), Save and Reset. Drafts stay in their
 * fields whatever goes wrong; the core checks every template again before storing it.
 */
export function PromQlTemplates({ connection, removing = false }: { connection: string; removing?: boolean }) {
  const [model, setModel] = useState<string | null>(null);
  const [testValues, setTestValues] = useState<TestValues | null>(null);
  const models = useQuery(operationQuery('models.list', {}));
  const view = useQuery({ ...monitoringQueriesQuery(connection, model), enabled: !removing });
  const id = useId();
  const modelNames = [...new Set((models.data?.items ?? []).map((m) => m.name))].sort((a, b) => a.localeCompare(b));
  const values = testValues ?? defaultTestValues(models.data?.items ?? [], model, view.data?.connectionSettings.deployedAliases ?? []);

  return (
    <section className="panel promql-templates" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>PromQL templates</h2>
      <p className="panel__note">
        What Quorum asks this Prometheus for each model version. Defaults fit common exporter naming; change them to fit yours, for the
        whole connection or for one model.
      </p>
      <div className="promql-templates__scope">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-scope`}>
            Templates for
          </label>
          <select
            id={`${id}-scope`}
            className="select"
            value={model ?? ''}
            onChange={(event) => {
              setModel(event.target.value === '' ? null : event.target.value);
              setTestValues(null);
            }}
          >
            <option value="">Every model on {connection}</option>
            {modelNames.map((name) => (
              <option key={name} value={name}>
                {name} only
              </option>
            ))}
          </select>
          <span className="field__hint">
            {model === null
              ? 'A model with its own template uses that instead.'
              : `Templates you change here apply to ${model} only; the others follow the connection.`}
          </span>
        </div>
      </div>
      <Placeholders />
      <fieldset className="promql-templates__test-values">
        <legend>Test with</legend>
        <TestValueField id={`${id}-model`} label="Model" value={values.model} onChange={(v) => setTestValues({ ...values, model: v })} />
        <TestValueField
          id={`${id}-version`}
          label="Version"
          value={values.version}
          inputMode="numeric"
          onChange={(v) => setTestValues({ ...values, version: v })}
        />
        <TestValueField
          id={`${id}-feature`}
          label="Feature (if used)"
          value={values.feature}
          onChange={(v) => setTestValues({ ...values, feature: v })}
        />
      </fieldset>
      {view.isPending ? (
        <SkeletonBlock label="Loading the templates" lines={6} />
      ) : view.isError ? (
        <ErrorState
          level={3}
          title="Could not load the templates"
          error={view.error}
          onRetry={() => void view.refetch()}
          retrying={view.isFetching}
        />
      ) : (
        MONITORING_QUERY_NAMES.map((name) => (
          <TemplateEditor
            key={`${model ?? ''}:${name}`}
            connection={connection}
            model={model}
            name={name}
            view={view.data}
            values={values}
          />
        ))
      )}
    </section>
  );
}

function Placeholders() {
  return (
    <div className="promql-templates__placeholders">
      <h3>Placeholders</h3>
      <p className="field__hint">
        Write them inside a double-quoted label value, e.g. <code className="code">model=&quot;{'{{model}}'}&quot;</code>; Quorum escapes
        the value so no name can change the query.
      </p>
      <dl>
        {Object.entries(TEMPLATE_PLACEHOLDER_INFO).map(([name, text]) => (
          <div key={name}>
            <dt>
              <code className="code">{`{{${name}}}`}</code>
            </dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function TestValueField(props: { id: string; label: string; value: string; onChange: (value: string) => void; inputMode?: 'numeric' }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        className="input"
        value={props.value}
        inputMode={props.inputMode}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

/** A deployed version of the chosen model (or of the first deployed model), so "Test query" asks about something that exports metrics. */
export function defaultTestValues(models: readonly ModelSummary[], scope: string | null, deployedAliases: readonly string[]): TestValues {
  const deployedVersion = (m: ModelSummary) => m.aliases.find((a) => deployedAliases.includes(a.alias))?.version ?? null;
  const candidates = scope === null ? models : models.filter((m) => m.name === scope);
  const chosen = candidates.find((m) => deployedVersion(m) !== null) ?? candidates[0];
  if (!chosen) return { model: scope ?? '', version: '', feature: '' };
  const version = deployedVersion(chosen) ?? chosen.latestVersion;
  return { model: chosen.name, version: version === null ? '' : String(version), feature: '' };
}

interface TemplateEditorProps {
  connection: string;
  model: string | null;
  name: MonitoringQueryName;
  view: QueriesView;
  values: TestValues;
}

function TemplateEditor({ connection, model, name, view, values }: TemplateEditorProps) {
  const stored = view.effective.queries[name];
  // null: not edited, the field shows what is stored (and follows it when it changes).
  const [draft, setDraft] = useState<string | null>(null);
  const [emptyError, setEmptyError] = useState(false);
  const save = useSaveQueries();
  const test = useTestTemplate();
  const id = useId();
  const info = MONITORING_QUERY_INFO[name];
  const text = draft ?? stored;
  const dirty = draft !== null && draft !== stored;
  const own =
    model === null ? view.connectionSettings.queries[name] !== view.defaults[name] : view.overrides?.queries?.[name] !== undefined;
  const origin = model === null ? (own ? 'Edited' : 'Default') : own ? `${model} only` : 'From the connection';
  const scope = model === null ? { connection } : { connection, model };

  function saveDraft(): void {
    if (text.trim() === '') {
      setEmptyError(true);
      return;
    }
    save.mutate({ ...scope, queries: { [name]: text } }, { onSuccess: () => setDraft(null) });
  }

  function reset(): void {
    save.mutate({ ...scope, queries: { [name]: null } }, { onSuccess: () => setDraft(null) });
  }

  function runTest(): void {
    if (text.trim() === '') {
      setEmptyError(true);
      return;
    }
    const version = Number(values.version.trim());
    test.mutate({
      connection,
      template: text,
      query: name,
      ...(values.model.trim() !== '' ? { model: values.model.trim() } : {}),
      ...(Number.isInteger(version) && version > 0 ? { version } : {}),
      ...(values.feature.trim() !== '' ? { feature: values.feature.trim() } : {}),
    });
  }

  return (
    <section className="promql-template" aria-labelledby={`${id}-label`}>
      <div className="promql-template__head">
        <label id={`${id}-label`} className="promql-template__label" htmlFor={`${id}-text`}>
          {GROUP_LABELS[info.group]} · {info.label}
        </label>
        {/* Where the template comes from is not a status, so it is words, not a coloured badge. */}
        <span className={own ? 'promql-template__origin promql-template__origin--own' : 'promql-template__origin'}>
          {dirty ? `${origin} · unsaved changes` : origin}
        </span>
      </div>
      <p id={`${id}-hint`} className="field__hint">
        {info.description}
      </p>
      <textarea
        id={`${id}-text`}
        className="input promql-template__input"
        rows={Math.min(6, Math.max(2, Math.ceil(text.length / 90)))}
        value={text}
        spellCheck={false}
        aria-describedby={`${id}-hint${emptyError ? ` ${id}-empty` : ''}`}
        aria-invalid={emptyError ? true : undefined}
        onChange={(event) => {
          setDraft(event.target.value);
          setEmptyError(false);
        }}
      />
      {emptyError && (
        <span id={`${id}-empty`} className="field__error">
          <Icon name="alert" /> A query template cannot be empty. Write the PromQL, or reset it to the default.
        </span>
      )}
      <div className="promql-template__actions">
        <button type="button" className="button" onClick={runTest} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test query'}
          <span className="visually-hidden"> for {info.label}</span>
        </button>
        <button type="button" className="button button--primary" onClick={saveDraft} disabled={!dirty || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
          <span className="visually-hidden"> {info.label}</span>
        </button>
        <button type="button" className="button button--quiet" onClick={reset} disabled={!own || save.isPending}>
          {model === null ? 'Reset to default' : 'Use the connection’s'}
          <span className="visually-hidden"> for {info.label}</span>
        </button>
        {dirty && (
          <button type="button" className="button button--quiet" onClick={() => setDraft(null)}>
            Discard changes<span className="visually-hidden"> to {info.label}</span>
          </button>
        )}
      </div>
      {save.isError && (
        <ErrorState level={3} title={`${info.label}: not saved`} error={save.error} hint="Your text is kept: correct it and save again." />
      )}
      <div aria-live="polite">
        {test.isPending && <Spinner label={`Running ${info.label} on ${connection}`} />}
        {test.isError && (
          <ErrorState
            level={3}
            title={`${info.label}: the test could not run`}
            error={test.error}
            hint="Nothing was sent to Prometheus, or it could not be reached; your text is kept."
          />
        )}
        {test.data && !test.isPending && <TestOutcome outcome={test.data} connection={connection} label={info.label} />}
      </div>
    </section>
  );
}

/** Prometheus's answer to "Test query": its own error verbatim, or the samples it returned. */
export function TestOutcome({ outcome, connection, label }: { outcome: TemplateTest; connection: string; label: string }) {
  if (!outcome.ok) {
    return (
      <div className="test-result test-result--failed" role="alert" aria-label={`${label}: Prometheus refused the query`}>
        <p className="test-result__title">
          <StatusBadge tone="danger" label="Refused" /> Prometheus refused the query ({outcome.errorType}, HTTP {outcome.status}):
        </p>
        <pre className="monitoring-error">{outcome.error}</pre>
        <p className="field__hint">
          Sent to {connection}: <code className="code">{outcome.promql}</code>
        </p>
      </div>
    );
  }
  const { result } = outcome;
  return (
    <div className="test-result" role="status" aria-label={`${label}: Prometheus answered`}>
      <p className="test-result__title">
        <StatusBadge tone="ok" label="Answered" /> {describeResult(result)}
      </p>
      {(result.resultType === 'vector' || result.resultType === 'matrix') && result.series.length > 0 && (
        <table className="table promql-templates__samples">
          <caption className="visually-hidden">Series returned</caption>
          <thead>
            <tr>
              <th scope="col">Series</th>
              <th scope="col">{result.resultType === 'vector' ? 'Value' : 'Latest value'}</th>
            </tr>
          </thead>
          <tbody>
            {result.series.slice(0, SHOWN_SERIES).map((series, index) => {
              const sample = 'sample' in series ? series.sample : series.samples.at(-1);
              return (
                <tr key={index}>
                  <td className="wrap-anywhere">
                    <code className="code">{labelsText(series.metric)}</code>
                  </td>
                  <td>{sample?.raw ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {result.resultType === 'vector' && result.series.length === 0 && (
        <p className="field__hint">
          The query is valid but matched nothing at this time. Check the label values it asks for — an exporter may label versions “v4”
          rather than “4”.
        </p>
      )}
      {[...outcome.warnings, ...outcome.infos].map((note) => (
        <p key={note} className="field__hint">
          <Icon name="alert" /> Prometheus: {note}
        </p>
      ))}
      <p className="field__hint">
        Sent: <code className="code">{outcome.promql}</code>
      </p>
    </div>
  );
}

function describeResult(result: Extract<TemplateTest, { ok: true }>['result']): string {
  switch (result.resultType) {
    case 'vector':
      return result.series.length === 1 ? '1 series.' : `${result.series.length} series.`;
    case 'matrix':
      return `${result.series.length} series over a range.`;
    case 'scalar':
      return `A single number: ${result.sample.raw}.`;
    case 'string':
      return `A string: ${result.value}.`;
  }
}

function labelsText(metric: Record<string, string>): string {
  const name = metric.__name__ ?? '';
  const labels = Object.entries(metric)
    .filter(([key]) => key !== '__name__')
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
  return `${name}{${labels}}`;
}
