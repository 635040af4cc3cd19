import type { SectionStatus } from '@shared/domain/reports';

/**
 * A report as a format-neutral document: sections of typed blocks. The HTML template (and so
 * the PDF) and the Markdown renderer both walk this one structure, so every format says the
 * same thing; only the JSON format is the raw evidence instead.
 */

export type Tone = 'ok' | 'warn' | 'bad' | 'waived' | 'unknown' | 'info';

export type Cell = string | { text: string; tone?: Tone; mono?: boolean };

export type Block =
  | { kind: 'p'; text: string }
  /** Evidence that is absent, said plainly. */
  | { kind: 'missing'; text: string }
  | { kind: 'h3'; text: string }
  | { kind: 'kv'; rows: [string, Cell][] }
  | { kind: 'table'; columns: string[]; rows: Cell[][]; caption?: string }
  /** An inline SVG drawn for paper: placed at its own size, so it prints as drawn. */
  | { kind: 'figure'; svg: string; caption: string }
  | { kind: 'callout'; tone: Tone; title: string; text: string }
  | { kind: 'list'; items: string[] };

export interface Section {
  id: string;
  title: string;
  status: SectionStatus;
  blocks: Block[];
}

export interface ReportDocument {
  kind: 'dossier' | 'audit';
  title: string;
  subtitle: string;
  /** Shown in the PDF's running header on every page. */
  runningHeader: string;
  cover: { facts: [string, string][]; status: { tone: Tone; text: string } | null };
  sections: Section[];
  generatedAt: string;
}

export const cellText = (cell: Cell): string => (typeof cell === 'string' ? cell : cell.text);

export function iso(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d{3}Z$/, ' UTC');
}

export function section(id: string, title: string, status: SectionStatus, blocks: Block[]): Section {
  return { id, title, status, blocks };
}
