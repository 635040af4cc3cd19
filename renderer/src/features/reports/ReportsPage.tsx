import { useState } from 'react';
import type { OperationInput } from '@shared/contract';
import { PageHeader } from '../../ui/PageHeader';
import { GeneratePanel } from './GeneratePanel';
import { PreviewPanel } from './PreviewPanel';
import { initialValues, type ReportFormValues } from './report-form';
import { ReportHistory } from './ReportHistory';
import { VerifyFilePanel } from './VerifyFilePanel';
import './reports.css';

export interface ReportsPageProps {
  /** A dossier subject from the address (the version page's "Generate dossier"). */
  prefill?: { connection: string; model: string; version: number | null };
}

/** The Reports section (UX.md): generate, preview, history, verify. */
export function ReportsPage({ prefill }: ReportsPageProps) {
  const [values, setValues] = useState<ReportFormValues>(() => initialValues(Date.now(), prefill));
  const [preview, setPreview] = useState<OperationInput<'reports.preview'> | null>(null);
  return (
    <div className="page">
      <PageHeader
        title="Reports"
        description="Signed release dossiers and period audit reports for auditors: generate, preview, and verify any report against its manifest."
      />
      <div className="reports">
        <GeneratePanel values={values} onChange={setValues} onPreview={setPreview} />
        {preview && <PreviewPanel input={preview} onClose={() => setPreview(null)} />}
        <ReportHistory />
        <VerifyFilePanel />
      </div>
    </div>
  );
}
