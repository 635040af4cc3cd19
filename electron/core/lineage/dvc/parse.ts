import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { canonicalJson, sha256 } from '../canonical';

/** A dependency or output of a stage as dvc.lock records it. */
export interface DvcEntry {
  /** Relative to the project root (the folder of dvc.yaml), POSIX separators. */
  path: string;
  /** The content hash (md5, or etag/checksum for cloud entries), without DVC's ".dir" suffix. */
  hash: string | null;
  hashKind: string | null;
  isDirectory: boolean;
  size: number | null;
  files: number | null;
}

export interface DvcStage {
  name: string;
  cmd: string[];
  wdir: string;
  /** Absent when the stage is declared in dvc.yaml but has never run. */
  lock: {
    deps: DvcEntry[];
    outs: DvcEntry[];
    params: Record<string, unknown>;
    /** Hash of the stage's lock entry: the same entry is the same run, a changed one a new run. */
    entryHash: string;
  } | null;
}

export interface DvcProject {
  stages: DvcStage[];
  warnings: string[];
}

/** A dvc.lock that does not describe its dvc.yaml; the message names the stage. */
export class DvcMismatchError extends Error {
  constructor(
    readonly stage: string,
    message: string,
  ) {
    super(message);
    this.name = 'DvcMismatchError';
  }
}

export class DvcFormatError extends Error {}

type Yaml = Record<string, unknown>;

interface StageDefinition {
  cmd: string[];
  wdir: string;
  deps: string[];
  outs: string[];
  /** foreach / matrix stages: lock names are NAME@KEY and fields may hold ${...} templates. */
  templated: boolean;
}

/**
 * Reads dvc.yaml and dvc.lock. Each stage in the lock must be a stage of dvc.yaml (directly,
 * or as NAME@KEY of a foreach/matrix stage) with the same command, dependencies and outputs;
 * otherwise the lock describes another pipeline and is refused, naming the stage. Stages in
 * dvc.yaml that are not in the lock have not run yet: they become jobs without runs.
 */
export function parseDvcProject(yamlText: string | null, lockText: string | null): DvcProject {
  const warnings: string[] = [];
  const definitions = yamlText === null ? null : readDefinitions(yamlText);
  const locked = lockText === null ? new Map<string, Yaml>() : readLock(lockText);
  if (definitions === null) warnings.push('No dvc.yaml beside dvc.lock: its stages were not checked against their definitions.');
  if (lockText === null) warnings.push('No dvc.lock: the stages have not run, so there are jobs but no runs or data versions.');

  const stages: DvcStage[] = [];
  for (const [name, entry] of locked) {
    const definition = definitions ? definitionFor(definitions, name) : null;
    if (definitions && !definition) {
      throw new DvcMismatchError(name, `dvc.lock does not match dvc.yaml: stage "${name}" is in dvc.lock but not in dvc.yaml.`);
    }
    const cmd = commandOf(entry.cmd, `stage "${name}" in dvc.lock`);
    const wdir = definition?.wdir ?? '.';
    const deps = entriesOf(entry.deps, wdir, name, 'deps');
    const outs = entriesOf(entry.outs, wdir, name, 'outs');
    if (definition) {
      compareCommand(name, definition, cmd);
      compareList(
        name,
        'deps',
        definition.deps,
        deps.map((d) => relativeTo(wdir, d.path)),
        definition.templated,
      );
      compareList(
        name,
        'outs',
        definition.outs,
        outs.map((o) => relativeTo(wdir, o.path)),
        definition.templated,
      );
    }
    stages.push({
      name,
      cmd,
      wdir,
      lock: { deps, outs, params: isRecord(entry.params) ? entry.params : {}, entryHash: sha256(canonicalJson(entry)) },
    });
  }
  for (const [name, definition] of definitions ?? new Map<string, StageDefinition>()) {
    const ran = definition.templated ? [...locked.keys()].some((k) => k.startsWith(`${name}@`)) : locked.has(name);
    if (ran) continue;
    if (lockText !== null) warnings.push(`Stage "${name}" is in dvc.yaml but has not run (no entry in dvc.lock).`);
    if (!definition.templated) stages.push({ name, cmd: definition.cmd, wdir: definition.wdir, lock: null });
  }
  return { stages, warnings };
}

function readDefinitions(text: string): Map<string, StageDefinition> {
  const doc = parseYamlDocument(text, 'dvc.yaml');
  const stages = doc.stages;
  if (stages === undefined || stages === null) return new Map();
  if (!isRecord(stages)) throw new DvcFormatError('dvc.yaml: `stages` must be a mapping of stage names to definitions.');
  const out = new Map<string, StageDefinition>();
  for (const [name, raw] of Object.entries(stages)) {
    if (!isRecord(raw)) throw new DvcFormatError(`dvc.yaml: stage "${name}" must be a mapping.`);
    const templated = 'foreach' in raw || 'matrix' in raw;
    const body = 'foreach' in raw ? raw.do : raw;
    if (!isRecord(body)) throw new DvcFormatError(`dvc.yaml: stage "${name}" has foreach but no \`do\` mapping.`);
    const wdir = typeof body.wdir === 'string' ? body.wdir : '.';
    out.set(name, {
      cmd: commandOf(body.cmd, `stage "${name}" in dvc.yaml`),
      wdir,
      deps: pathList(body.deps, name, 'deps'),
      // dvc.lock lists metrics and plots files among a stage's outs.
      outs: [...pathList(body.outs, name, 'outs'), ...pathList(body.metrics, name, 'metrics'), ...pathList(body.plots, name, 'plots')],
      templated: templated || JSON.stringify(body).includes('${'),
    });
  }
  return out;
}

function readLock(text: string): Map<string, Yaml> {
  const doc = parseYamlDocument(text, 'dvc.lock');
  // Lock schema 2.0 (DVC 2 and 3) nests stages under `stages`; DVC 1 put them at the top level.
  const stages = 'schema' in doc || 'stages' in doc ? doc.stages : doc;
  if (stages === undefined || stages === null) return new Map();
  if (!isRecord(stages)) throw new DvcFormatError('dvc.lock: `stages` must be a mapping.');
  const out = new Map<string, Yaml>();
  for (const [name, entry] of Object.entries(stages)) {
    if (!isRecord(entry)) throw new DvcFormatError(`dvc.lock: stage "${name}" must be a mapping.`);
    out.set(name, entry);
  }
  return out;
}

function definitionFor(definitions: Map<string, StageDefinition>, lockName: string): StageDefinition | null {
  const direct = definitions.get(lockName);
  if (direct) return direct;
  const at = lockName.indexOf('@');
  if (at <= 0) return null;
  const base = definitions.get(lockName.slice(0, at));
  return base?.templated ? base : null;
}

function compareCommand(stage: string, definition: StageDefinition, locked: string[]): void {
  const same =
    definition.cmd.length === locked.length &&
    definition.cmd.every((expected, i) => matches(expected, locked[i] ?? '', definition.templated));
  if (!same) {
    throw new DvcMismatchError(
      stage,
      `dvc.lock does not match dvc.yaml: stage "${stage}" ran \`${locked.join(' && ')}\` but dvc.yaml says \`${definition.cmd.join(' && ')}\`. Run \`dvc repro ${stage}\` or restore the matching dvc.yaml.`,
    );
  }
}

function compareList(stage: string, field: 'deps' | 'outs', declared: string[], locked: string[], templated: boolean): void {
  const remaining = [...locked.map(normalisePath)];
  const missing: string[] = [];
  for (const pattern of declared.map(normalisePath)) {
    const index = remaining.findIndex((path) => matches(pattern, path, templated));
    if (index === -1) missing.push(pattern);
    else remaining.splice(index, 1);
  }
  if (missing.length > 0 || remaining.length > 0) {
    const parts = [
      remaining.length > 0 ? `in dvc.lock but not dvc.yaml: ${remaining.join(', ')}` : null,
      missing.length > 0 ? `in dvc.yaml but not dvc.lock: ${missing.join(', ')}` : null,
    ].filter((p): p is string => p !== null);
    throw new DvcMismatchError(stage, `dvc.lock does not match dvc.yaml: stage "${stage}" ${field} differ (${parts.join('; ')}).`);
  }
}

/** `${...}` in a templated stage stands for whatever DVC substituted. */
function matches(pattern: string, actual: string, templated: boolean): boolean {
  if (!templated || !pattern.includes('${')) return pattern === actual;
  const source = pattern
    .split(/\$\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+?');
  return new RegExp(`^${source}$`, 's').test(actual);
}

function entriesOf(value: unknown, wdir: string, stage: string, field: string): DvcEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DvcFormatError(`dvc.lock: stage "${stage}" ${field} must be a list.`);
  return value.map((item, index) => {
    if (!isRecord(item) || typeof item.path !== 'string')
      throw new DvcFormatError(`dvc.lock: stage "${stage}" ${field}[${index}] needs a path.`);
    const [hashKind, rawHash] = hashOf(item);
    const isDirectory = typeof rawHash === 'string' && rawHash.endsWith('.dir');
    return {
      path: projectPath(wdir, item.path),
      hash: typeof rawHash === 'string' ? rawHash.replace(/\.dir$/, '').toLowerCase() : null,
      hashKind,
      isDirectory,
      size: typeof item.size === 'number' ? item.size : null,
      files: typeof item.nfiles === 'number' ? item.nfiles : null,
    };
  });
}

/** DVC 2/3 write `md5`; cloud dependencies carry `etag` or `checksum`; DVC 3 adds `hash: md5` naming the algorithm. */
function hashOf(item: Yaml): [string | null, unknown] {
  for (const key of ['md5', 'etag', 'checksum']) if (typeof item[key] === 'string') return [key, item[key]];
  return [null, null];
}

function pathList(value: unknown, stage: string, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DvcFormatError(`dvc.yaml: stage "${stage}" ${field} must be a list.`);
  return value.flatMap((item): string[] => {
    if (typeof item === 'string') return [item];
    // An out with options: {path: {cache: false, ...}}
    if (isRecord(item)) return Object.keys(item);
    throw new DvcFormatError(`dvc.yaml: stage "${stage}" ${field} entries must be paths.`);
  });
}

function commandOf(value: unknown, where: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new DvcFormatError(`${where}: cmd must be a string or a list of strings.`);
}

function projectPath(wdir: string, path: string): string {
  return normalisePath(posix.join(wdir.replace(/\\/g, '/'), path.replace(/\\/g, '/')));
}

function relativeTo(wdir: string, projectRelative: string): string {
  const base = normalisePath(wdir.replace(/\\/g, '/'));
  return base === '.' ? projectRelative : normalisePath(posix.relative(base, projectRelative));
}

function normalisePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}

function parseYamlDocument(text: string, file: string): Yaml {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new DvcFormatError(`${file} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isRecord(doc)) throw new DvcFormatError(`${file} must be a YAML mapping.`);
  return doc;
}

function isRecord(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
