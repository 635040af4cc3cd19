import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ImportFileResult, LineageImportResult } from '@shared/domain/lineage';
import { QuorumError } from '../errors';
import type { LineageContext } from './context';
import { DvcFormatError, DvcMismatchError, parseDvcProject } from './dvc/parse';
import { projectDvc } from './dvc/project';
import { GraphStore } from './graph/store';
import { splitEventDocument } from './openlineage/documents';
import type { EventSource } from './openlineage/ingest';

/** Files larger than this are refused whole: lineage files are event logs, not data. */
export const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;
const EVENT_FILE = /\.(json|jsonl|ndjson)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.dvc', '__pycache__', '.venv', 'venv']);

export interface ImportInput {
  paths: string[];
  documents: { name: string; text: string }[];
}

type Unit =
  | { kind: 'events'; path: string; text: () => string; source: EventSource['source'] }
  | { kind: 'dvc'; dir: string | null; yaml: (() => string) | null; lock: (() => string) | null; label: string; at: number };

/**
 * `quorum lineage ingest FILE|DIR...` and drag-and-drop: OpenLineage JSON, JSON arrays and JSON
 * Lines, and DVC projects (dvc.yaml + dvc.lock). Directories are walked. Each file is its own
 * transaction: one bad file does not undo the others, and an event refused inside a file is
 * recorded as rejected while the rest of the file is kept.
 */
export function importLineage(ctx: LineageContext, input: ImportInput): LineageImportResult {
  const units: Unit[] = [];
  for (const path of input.paths) units.push(...unitsForPath(resolve(path)));
  units.push(...unitsForDocuments(input.documents, ctx.services.now()));

  const files: ImportFileResult[] = [];
  for (const unit of units) files.push(unit.kind === 'events' ? importEvents(ctx, unit) : importDvc(ctx, unit));
  if (files.some((f) => f.accepted > 0)) ctx.announce();
  return {
    files,
    accepted: sum(files, (f) => f.accepted),
    duplicates: sum(files, (f) => f.duplicates),
    rejected: sum(files, (f) => f.rejected.length),
    failedFiles: files.filter((f) => f.error !== null).length,
  };
}

function unitsForPath(path: string): Unit[] {
  if (!existsSync(path)) throw new QuorumError('not_found', `No such file or directory: ${path}`, { path });
  const stat = statSync(path);
  if (stat.isDirectory()) return walk(path);
  const name = basename(path);
  if (name === 'dvc.lock' || name === 'dvc.yaml') return [dvcUnit(dirname(path))];
  return [{ kind: 'events', path, text: () => readText(path), source: 'file' }];
}

function walk(dir: string): Unit[] {
  const units: Unit[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  if (entries.some((e) => e.isFile() && (e.name === 'dvc.lock' || e.name === 'dvc.yaml'))) units.push(dvcUnit(dir));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) units.push(...walk(full));
    } else if (entry.isFile() && EVENT_FILE.test(entry.name)) {
      units.push({ kind: 'events', path: full, text: () => readText(full), source: 'file' });
    }
  }
  return units;
}

function dvcUnit(dir: string): Unit {
  const yamlPath = join(dir, 'dvc.yaml');
  const lockPath = join(dir, 'dvc.lock');
  const hasYaml = existsSync(yamlPath);
  const hasLock = existsSync(lockPath);
  return {
    kind: 'dvc',
    dir,
    yaml: hasYaml ? () => readText(yamlPath) : null,
    lock: hasLock ? () => readText(lockPath) : null,
    label: hasLock ? lockPath : yamlPath,
    at: hasLock ? statSync(lockPath).mtimeMs : Date.now(),
  };
}

/** Dropped files have no folder: dvc.yaml and dvc.lock dropped together form one project. */
function unitsForDocuments(documents: ImportInput['documents'], now: number): Unit[] {
  const units: Unit[] = [];
  const yaml = documents.find((d) => basename(d.name) === 'dvc.yaml');
  const lock = documents.find((d) => basename(d.name) === 'dvc.lock');
  if (yaml || lock) {
    units.push({
      kind: 'dvc',
      dir: null,
      yaml: yaml ? () => yaml.text : null,
      lock: lock ? () => lock.text : null,
      label: lock?.name ?? yaml?.name ?? 'dvc.lock',
      at: now,
    });
  }
  for (const doc of documents) {
    if (doc === yaml || doc === lock) continue;
    units.push({ kind: 'events', path: doc.name, text: () => doc.text, source: 'document' });
  }
  return units;
}

function importEvents(ctx: LineageContext, unit: Extract<Unit, { kind: 'events' }>): ImportFileResult {
  const result: ImportFileResult = {
    path: unit.path,
    format: 'openlineage',
    accepted: 0,
    duplicates: 0,
    rejected: [],
    warnings: [],
    error: null,
  };
  let text: string;
  try {
    text = unit.text();
  } catch (error) {
    return { ...result, format: 'unknown', error: messageOf(error) };
  }
  const receivedAt = ctx.services.now();
  const { ingestor } = ctx;
  ctx.db.transaction(() => {
    for (const item of splitEventDocument(text, unit.path)) {
      const origin: EventSource = { source: unit.source, ref: item.ref };
      if ('error' in item) {
        const reasons = [{ code: 'not_json', path: '', message: item.error }];
        ingestor.reject(null, item.text, reasons, origin, receivedAt);
        result.rejected.push({ ref: item.ref, reasons });
        continue;
      }
      const outcome = ingestor.ingestValue(item.value, origin, receivedAt);
      if (outcome.status === 'rejected') result.rejected.push({ ref: item.ref, reasons: outcome.reasons });
      else {
        if (outcome.status === 'accepted') result.accepted++;
        else result.duplicates++;
        if (outcome.warnings.length > 0) result.warnings.push({ ref: item.ref, issues: outcome.warnings });
      }
    }
    if (result.accepted > 0) ingestor.touch();
  })();
  return result;
}

function importDvc(ctx: LineageContext, unit: Extract<Unit, { kind: 'dvc' }>): ImportFileResult {
  const result: ImportFileResult = { path: unit.label, format: 'dvc', accepted: 0, duplicates: 0, rejected: [], warnings: [], error: null };
  try {
    const project = parseDvcProject(unit.yaml?.() ?? null, unit.lock?.() ?? null);
    const projectName = unit.dir ? basename(unit.dir) : 'dropped-dvc-project';
    const counts = ctx.db.transaction(() => {
      const g = new GraphStore(ctx.db);
      const projected = projectDvc(g, project, { projectName, projectDir: unit.dir, at: unit.at, sourceRef: `dvc:${unit.label}` });
      g.bump('generation');
      return projected;
    })();
    result.accepted = counts.runs;
    if (project.warnings.length > 0) {
      result.warnings.push({ ref: unit.label, issues: project.warnings.map((message) => ({ code: 'dvc', path: '', message })) });
    }
  } catch (error) {
    if (error instanceof DvcMismatchError || error instanceof DvcFormatError) return { ...result, error: error.message };
    return { ...result, error: `Cannot read the DVC project: ${messageOf(error)}` };
  }
  return result;
}

function readText(path: string): string {
  const size = statSync(path).size;
  if (size > MAX_IMPORT_FILE_BYTES)
    throw new Error(`${path} is ${size} bytes; lineage files over ${MAX_IMPORT_FILE_BYTES} bytes are refused.`);
  return readFileSync(path, 'utf8');
}

function sum<T>(items: T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
