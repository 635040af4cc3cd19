import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { policySchema, type Policy, type PolicyError } from '@shared/domain/governance';
import { QuorumError } from '../errors';

/**
 * Policy as code: YAML in, a validated Policy out, or every error with its line and field.
 * The text is hostile until proven otherwise: size-capped, one document, no custom tags,
 * unique keys, and alias expansion capped (a "billion laughs" fails fast instead of eating
 * memory). The hash of the exact text is the policy's identity in the ledger.
 */

export const MAX_POLICY_BYTES = 256 * 1024;
const MAX_ALIASES = 50;
const MAX_DEPTH = 32;

export type PolicyParse = { ok: true; policy: Policy; hash: string } | { ok: false; errors: PolicyError[] };

export function policyHash(yaml: string): string {
  return createHash('sha256').update(yaml, 'utf8').digest('hex');
}

export function parsePolicy(yaml: string): PolicyParse {
  if (Buffer.byteLength(yaml, 'utf8') > MAX_POLICY_BYTES) {
    return fail('', null, `The policy is larger than ${MAX_POLICY_BYTES / 1024} KiB; a policy is a page of rules, not data.`);
  }
  if (yaml.trim() === '') return fail('', 1, 'The policy is empty.');
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(yaml, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2', merge: false });
  } catch (error) {
    return fail('', null, `The policy cannot be read as YAML: ${(error as Error).message}`);
  }
  const position = (offset: number | undefined) => (offset === undefined ? { line: null, column: null } : toPos(lineCounter, offset));
  const yamlErrors = [...doc.errors, ...doc.warnings];
  if (yamlErrors.length > 0) {
    return {
      ok: false,
      errors: yamlErrors.map((e) => ({ field: '', ...position(e.pos[0]), message: firstLine(e.message) })),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return fail('', null, `The policy was refused: ${(error as Error).message}.`);
  }
  if (depthOf(value, 0) > MAX_DEPTH) return fail('', null, `The policy nests deeper than ${MAX_DEPTH} levels.`);

  const located = (path: (string | number)[], message: string): PolicyError => {
    const { line, column } = locate(doc, lineCounter, path);
    return { field: path.join('.'), line, column, message };
  };
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error, located) };
  const errors = crossCheck(parsed.data, located);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, policy: parsed.data, hash: policyHash(yaml) };
}

/** Parses or throws an invalid_input error whose message names the first line and field. */
export function requirePolicy(yaml: string): { policy: Policy; hash: string } {
  const result = parsePolicy(yaml);
  if (result.ok) return { policy: result.policy, hash: result.hash };
  const [first] = result.errors;
  const where = first
    ? `${first.line === null ? '' : `line ${first.line}`}${first.field ? `${first.line === null ? '' : ', '}field "${first.field}"` : ''}`
    : '';
  throw new QuorumError(
    'invalid_input',
    `The policy is not valid${where ? ` (${where})` : ''}: ${first?.message ?? 'rejected'}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ''}`,
    { errors: result.errors },
  );
}

export function defaultPolicyText(resourcesDir: string): string {
  return readFileSync(join(resourcesDir, 'policy', 'default-policy.yaml'), 'utf8');
}

function crossCheck(policy: Policy, located: (path: (string | number)[], message: string) => PolicyError): PolicyError[] {
  const errors: PolicyError[] = [];
  const roles = new Set(policy.roles);
  if (!roles.has('admin')) errors.push(located(['roles'], 'the roles must include admin (who manages identities, roles and policy)'));
  const stages = new Set(Object.keys(policy.governs));
  for (const tierName of ['high', 'medium', 'low'] as const) {
    const tier = policy.tiers[tierName];
    const base = ['tiers', tierName];
    tier.stages.forEach((stage, i) => {
      if (!stages.has(stage))
        errors.push(located([...base, 'stages', i], `stage "${stage}" is not under governs (${[...stages].join(', ')})`));
    });
    const seen = new Set<string>();
    tier.signoffs.forEach((rule, i) => {
      if (!roles.has(rule.role)) errors.push(located([...base, 'signoffs', i, 'role'], `role "${rule.role}" is not listed under roles`));
      if (seen.has(rule.role)) errors.push(located([...base, 'signoffs', i, 'role'], `role "${rule.role}" is listed twice; use count`));
      seen.add(rule.role);
    });
    tier.waivers.allowedRoles.forEach((role, i) => {
      if (!roles.has(role)) errors.push(located([...base, 'waivers', 'allowedRoles', i], `role "${role}" is not listed under roles`));
    });
    tier.evidence.metrics.forEach((rule, i) => {
      if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
        errors.push(located([...base, 'evidence', 'metrics', i], `min ${rule.min} is above max ${rule.max}`));
      }
    });
  }
  policy.findings.visibleTo.forEach((role, i) => {
    if (!roles.has(role)) errors.push(located(['findings', 'visibleTo', i], `role "${role}" is not listed under roles`));
  });
  policy.findings.drift?.visibleTo.forEach((role, i) => {
    if (!roles.has(role)) errors.push(located(['findings', 'drift', 'visibleTo', i], `role "${role}" is not listed under roles`));
  });
  return errors;
}

function zodErrors(error: z.ZodError, located: (path: (string | number)[], message: string) => PolicyError): PolicyError[] {
  return error.issues.slice(0, 50).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'is required';
    const field = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
    return located(field, message);
  });
}

/** The line of the deepest node that exists on `path` (a missing field points at its parent). */
function locate(doc: Document.Parsed, lineCounter: LineCounter, path: (string | number)[]): { line: number | null; column: number | null } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      // For a key that exists in a map, point at the key rather than its value.
      if (depth > 0 && depth === path.length) {
        const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((item) => {
            const key = item.key as { value?: unknown } | null;
            return key !== null && typeof key === 'object' && key.value === path[depth - 1];
          });
          const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
          if (keyRange) return toPos(lineCounter, keyRange[0]);
        }
        if (isSeq(parent)) return toPos(lineCounter, (node.range as [number, number, number])[0]);
      }
      return toPos(lineCounter, (node.range as [number, number, number])[0]);
    }
  }
  return { line: null, column: null };
}

function toPos(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function depthOf(value: unknown, depth: number): number {
  if (depth > MAX_DEPTH) return depth;
  if (Array.isArray(value)) return Math.max(depth, ...value.map((v) => depthOf(v, depth + 1)));
  if (value && typeof value === 'object') return Math.max(depth, ...Object.values(value).map((v) => depthOf(v, depth + 1)));
  return depth;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

function fail(field: string, line: number | null, message: string): PolicyParse {
  return { ok: false, errors: [{ field, line, column: null, message }] };
}

// ---------------------------------------------------------------------------------------
// Diff between two versions
// ---------------------------------------------------------------------------------------

export interface PolicyDiff {
  unified: string;
  changes: { path: string; from: unknown; to: unknown }[];
}

export function diffPolicies(fromYaml: string, toYaml: string, from: unknown, to: unknown): PolicyDiff {
  const changes: PolicyDiff['changes'] = [];
  structuralDiff(from, to, '', changes);
  return { unified: lineDiff(fromYaml.split('\n'), toYaml.split('\n')), changes };
}

function structuralDiff(a: unknown, b: unknown, path: string, out: PolicyDiff['changes']): void {
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b);
  if (bothObjects) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
      structuralDiff(ra[key], rb[key], path === '' ? key : `${path}.${key}`, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, from: a ?? null, to: b ?? null });
}

/** A plain LCS line diff; policies are small (≤ 256 KiB), and beyond 3,000 lines we show whole-file replacement. */
function lineDiff(a: string[], b: string[]): string {
  if (a.length * b.length > 9_000_000) return [...a.map((l) => `-${l}`), ...b.map((l) => `+${l}`)].join('\n');
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--)
      row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(` ${a[i]}`);
      i++;
      j++;
    } else if (((lcs[i + 1] as Uint32Array)[j] as number) >= ((lcs[i] as Uint32Array)[j + 1] as number)) {
      out.push(`-${a[i]}`);
      i++;
    } else {
      out.push(`+${b[j]}`);
      j++;
    }
  }
  while (i < n) out.push(`-${a[i++]}`);
  while (j < m) out.push(`+${b[j++]}`);
  return out.join('\n');
}
