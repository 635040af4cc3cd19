import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { OperationInput } from '@shared/contract';
import { REPORT_FORMATS, type GeneratedReport } from '@shared/domain/reports';
import { call } from '../../platform/api';
import { isQuorumCallError } from '../../platform/call';
import { ErrorState } from '../../ui/ErrorState';
import { Icon } from '../../ui/Icon';
import { ProgressBar } from '../../ui/ProgressBar';
import { systemInfoQuery } from '../workspace/queries';
import { GenerationResult } from './GenerationResult';
import { FORMAT_LABELS } from './labels';
import {
  EXTENSIONS,
  extensionMismatch,
  generateInput,
  previewInput,
  validate,
  type ReportFormErrors,
  type ReportFormValues,
} from './report-form';
import { SubjectPicker } from './SubjectPicker';
import { useReportJob } from './use-report-job';

export interface GeneratePanelProps {
  values: ReportFormValues;
  onChange: (values: ReportFormValues) => void;
  onPreview: (input: OperationInput<'reports.preview'>) => void;
}

/** Generate (UX.md Reports): template and subject, format and file, then progress with cancel and the issued report. */
export function GeneratePanel({ values, onChange, onPreview }: GeneratePanelProps) {
  const id = useId();
  const [errors, setErrors] = useState<ReportFormErrors>({});
  const info = useQuery(systemInfoQuery());
  const { job, begin, end } = useReportJob();
  const generate = useMutation<GeneratedReport, Error, OperationInput<'reports.generate'>>({
    mutationFn: (input) => call('reports.generate', input),
    onSettled: end,
  });
  const cancel = useMutation({ mutationFn: (jobId: string) => call('reports.cancel', { jobId }) });

  const change = (patch: Partial<ReportFormValues>) => {
    onChange({ ...values, ...patch });
    setErrors({});
  };

  function checked(): boolean {
    const found = validate(values);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) document.getElementById(`${id}-${first}`)?.focus();
    return first === undefined;
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!checked()) return;
    begin();
    cancel.reset();
    generate.mutate(generateInput(values));
  }

  // The core names the field it refuses (an output folder that does not exist, say): show it there, input kept.
  const failure = generate.error;
  const cancelled = isQuorumCallError(failure) && failure.code === 'cancelled';
  const outError = errors.out ?? (isQuorumCallError(failure) && failure.details?.field === 'out' ? failure.message : undefined);
  const mismatch = extensionMismatch(values);
  const defaultDir = info.data ? `${info.data.dataDir.replace(/[\\/]+$/, '')}/reports/` : 'the workspace’s reports folder';
  const field = (key: keyof ReportFormErrors, message: string | undefined) => ({
    id: `${id}-${key}`,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': message ? `${id}-${key}-error` : undefined,
  });
  const error = (key: keyof ReportFormErrors, message: string | undefined) =>
    message ? (
      <span id={`${id}-${key}-error`} className="field__error">
        <Icon name="alert" /> {message}
      </span>
    ) : null;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Generate a report</h2>
      <form className="reports-form" onSubmit={submit} noValidate>
        <fieldset className="choice-group">
          <legend>Template</legend>
          <label className="choice">
            <input type="radio" name={`${id}-kind`} checked={values.kind === 'dossier'} onChange={() => change({ kind: 'dossier' })} />
            <span className="choice__text">
              <span className="choice__label">Release dossier</span>
              <span className="choice__hint">Everything about one model version, for an auditor or a release board.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name={`${id}-kind`} checked={values.kind === 'audit'} onChange={() => change({ kind: 'audit' })} />
            <span className="choice__text">
              <span className="choice__label">Period audit</span>
              <span className="choice__hint">Releases, approvals, waivers, findings and policy changes between two dates.</span>
            </span>
          </label>
        </fieldset>

        {values.kind === 'dossier' ? (
          <SubjectPicker
            idPrefix={id}
            connection={values.connection}
            model={values.model}
            version={values.version}
            errors={errors}
            onChange={(subject) => change(subject)}
          />
        ) : (
          <div className="reports-form__pair">
            <div className="field">
              <label className="field__label" htmlFor={`${id}-from`}>
                From (first day)
              </label>
              <input
                {...field('from', errors.from)}
                type="date"
                className="input"
                value={values.from}
                onChange={(e) => change({ from: e.target.value })}
              />
              {error('from', errors.from)}
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-to`}>
                To (last day, included)
              </label>
              <input
                {...field('to', errors.to)}
                type="date"
                className="input"
                value={values.to}
                onChange={(e) => change({ to: e.target.value })}
              />
              {error('to', errors.to)}
            </div>
          </div>
        )}

        <div className="reports-form__pair">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-format`}>
              Format
            </label>
            <select
              id={`${id}-format`}
              className="select"
              value={values.format}
              onChange={(e) => change({ format: e.target.value as ReportFormValues['format'] })}
            >
              {REPORT_FORMATS.map((format) => (
                <option key={format} value={format}>
                  {FORMAT_LABELS[format]}
                </option>
              ))}
            </select>
          </div>
          <div className="field reports-form__out">
            <label className="field__label" htmlFor={`${id}-out`}>
              Output file <span className="muted">(optional)</span>
            </label>
            <input
              {...field('out', outError)}
              className="input code"
              value={values.out}
              spellCheck={false}
              placeholder={`/path/to/report${EXTENSIONS[values.format]}`}
              onChange={(e) => change({ out: e.target.value })}
            />
            <span className="field__hint">
              A path on the machine running Quorum. Empty: a new file in <code className="code wrap-anywhere">{defaultDir}</code>. The
              signed manifest is written beside it as FILE.manifest.json.
            </span>
            {!outError && mismatch && <span className="field__hint">{mismatch}</span>}
            {error('out', outError)}
          </div>
        </div>

        <div className="reports-form__actions">
          <button type="submit" className="button button--primary" disabled={generate.isPending}>
            {generate.isPending ? 'Generating…' : 'Generate report'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              if (checked()) onPreview(previewInput(values));
            }}
          >
            Preview
          </button>
        </div>
      </form>

      <div aria-live="polite">
        {generate.isPending && (
          <div className="reports-progress">
            <ProgressBar label={job?.label ?? 'Starting'} done={job?.done ?? 0} total={job?.total ?? null} unit="steps" />
            <button
              type="button"
              className="button"
              disabled={!job || cancel.isPending || cancel.data?.cancelled === true}
              onClick={() => job && cancel.mutate(job.jobId)}
            >
              {cancel.isPending || cancel.data?.cancelled ? 'Cancelling…' : 'Cancel'}
            </button>
          </div>
        )}
        {generate.isSuccess && <GenerationResult report={generate.data} />}
        {cancelled && (
          <p className="notice">
            <Icon name="info" /> Cancelled: nothing was issued. Your choices are kept; generate again when ready.
          </p>
        )}
        {generate.isError && !cancelled && !outError && (
          <ErrorState
            title="The report was not generated"
            error={failure}
            level={3}
            hint="Nothing was issued. Your choices are kept: correct what the message names and generate again."
          />
        )}
      </div>
    </section>
  );
}
