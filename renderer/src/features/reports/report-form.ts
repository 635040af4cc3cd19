import type { OperationInput } from '@shared/contract';
import type { ReportFormat, ReportKind } from '@shared/domain/reports';

/** What the Generate form holds, as typed; kept as strings so an error never loses the reader's input. */
export interface ReportFormValues {
  kind: ReportKind;
  connection: string;
  model: string;
  version: string;
  from: string;
  to: string;
  format: ReportFormat;
  /** Empty: the workspace's reports folder. */
  out: string;
}

export type ReportFormErrors = Partial<Record<'model' | 'version' | 'from' | 'to' | 'out', string>>;

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A dossier of nothing yet, or the version the reader came from; an audit defaults to the last 30 days. */
export function initialValues(now: number, subject?: { connection: string; model: string; version: number | null }): ReportFormValues {
  return {
    kind: 'dossier',
    connection: subject?.connection ?? '',
    model: subject?.model ?? '',
    version: subject?.version ? String(subject.version) : '',
    from: isoDay(now - 30 * DAY_MS),
    to: isoDay(now),
    format: 'pdf',
    out: '',
  };
}

export function validate(values: ReportFormValues): ReportFormErrors {
  const errors: ReportFormErrors = {};
  if (values.kind === 'dossier') {
    if (!values.model) errors.model = 'Choose the model the dossier is about.';
    if (!/^[1-9]\d*$/.test(values.version)) errors.version = 'Choose a version of the model.';
  } else {
    if (!DATE.test(values.from)) errors.from = 'Give the first day of the period (YYYY-MM-DD).';
    if (!DATE.test(values.to)) errors.to = 'Give the last day of the period (YYYY-MM-DD).';
    if (!errors.from && !errors.to && values.to < values.from) errors.to = 'The last day comes before the first; swap them.';
  }
  const out = values.out.trim();
  if (out && /[\\/]$/.test(out)) errors.out = 'This is a folder; add a file name, e.g. dossier.pdf.';
  return errors;
}

/** The subject alone: what the in-app preview gathers. */
export function previewInput(values: ReportFormValues): OperationInput<'reports.preview'> {
  return values.kind === 'dossier'
    ? {
        kind: 'dossier',
        ...(values.connection ? { connection: values.connection } : {}),
        model: values.model,
        version: Number(values.version),
      }
    : { kind: 'audit', from: values.from, to: values.to };
}

export function generateInput(values: ReportFormValues): OperationInput<'reports.generate'> {
  const out = values.out.trim();
  return { ...previewInput(values), format: values.format, ...(out ? { out } : {}) };
}

/** The extension a file of this format usually has, for the path hint and to catch a mismatch early. */
export const EXTENSIONS: Record<ReportFormat, string> = { pdf: '.pdf', html: '.html', md: '.md', json: '.json' };

/** A gentle warning, not an error: a report named .pdf holding Markdown confuses whoever opens it. */
export function extensionMismatch(values: ReportFormValues): string | null {
  const out = values.out.trim();
  if (!out || !/\.[A-Za-z0-9]+$/.test(out)) return null;
  return out.toLowerCase().endsWith(EXTENSIONS[values.format]) ? null : `The file name does not end in ${EXTENSIONS[values.format]}.`;
}
