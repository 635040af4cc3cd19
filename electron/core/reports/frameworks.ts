import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { SectionStatus } from '@shared/domain/reports';
import { QuorumError } from '../errors';
import { section, type Block, type Cell, type Section } from './document';

/**
 * Framework mappings (resources/frameworks/*.yaml): data a compliance officer reviews and
 * extends, read at generation time. Each clause names the report sections that evidence it;
 * the report shows, per clause, those sections' status or flags the evidence as missing.
 */

const clauseSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    dossier: z.array(z.string()).default([]),
    audit: z.array(z.string()).default([]),
  })
  .strict();

export const frameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    source: z.string().min(1),
    clauses: z.array(clauseSchema).min(1),
  })
  .strict();
export type Framework = z.infer<typeof frameworkSchema>;

export function loadFrameworks(resourcesDir: string): Framework[] {
  const dir = join(resourcesDir, 'frameworks');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((file) => {
      const parsed = frameworkSchema.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new QuorumError(
          'invalid_input',
          `Framework mapping ${file} is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
          { file },
        );
      }
      return parsed.data;
    });
}

export interface ClauseResult {
  framework: string;
  clause: string;
  title: string;
  status: SectionStatus;
  evidence: { section: string; title: string; status: SectionStatus }[];
}

export function mapFrameworks(frameworks: Framework[], kind: 'dossier' | 'audit', sections: Section[]): ClauseResult[] {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const out: ClauseResult[] = [];
  for (const f of frameworks) {
    for (const c of f.clauses) {
      const ids = kind === 'dossier' ? c.dossier : c.audit;
      if (ids.length === 0) continue;
      const evidence = ids.map((id) => {
        const s = byId.get(id);
        return { section: id, title: s?.title ?? id, status: s?.status ?? ('missing' as const) };
      });
      const present = evidence.filter((e) => e.status === 'present').length;
      const status: SectionStatus =
        present === evidence.length ? 'present' : evidence.every((e) => e.status === 'missing') ? 'missing' : 'partial';
      out.push({ framework: f.id, clause: c.id, title: c.title, status, evidence });
    }
  }
  return out;
}

const WORD: Record<SectionStatus, Cell> = {
  present: { text: '✓ evidence present', tone: 'ok' },
  partial: { text: '! partial evidence', tone: 'warn' },
  missing: { text: '✗ MISSING EVIDENCE', tone: 'bad' },
};

export function frameworkSection(frameworks: Framework[], results: ClauseResult[]): Section {
  const blocks: Block[] = [
    {
      kind: 'p',
      text: 'Each clause lists the sections of this report that evidence it. "Missing evidence" means Quorum has nothing stored for at least one of them; the mapping files are in resources/frameworks/ for review.',
    },
  ];
  for (const f of frameworks) {
    const rows = results.filter((r) => r.framework === f.id);
    if (rows.length === 0) continue;
    blocks.push({ kind: 'h3', text: f.title });
    blocks.push({
      kind: 'table',
      columns: ['Clause', 'Requirement', 'Evidence in this report', 'Status'],
      rows: rows.map((r) => [r.clause, r.title, r.evidence.map((e) => `${e.title} (${e.status})`).join('; '), WORD[r.status]]),
      caption: f.source,
    });
  }
  if (frameworks.length === 0) blocks.push({ kind: 'missing', text: 'No framework mappings installed (resources/frameworks/ is empty).' });
  const status: SectionStatus = results.length === 0 ? 'missing' : results.every((r) => r.status === 'present') ? 'present' : 'partial';
  return section('frameworks', 'Framework mapping', status, blocks);
}

export function frameworkSummary(frameworks: Framework[], results: ClauseResult[]): { id: string; clauses: number; missing: number }[] {
  return frameworks.map((f) => {
    const rows = results.filter((r) => r.framework === f.id);
    return { id: f.id, clauses: rows.length, missing: rows.filter((r) => r.status !== 'present').length };
  });
}
