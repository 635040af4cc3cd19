import { createHash } from 'node:crypto';
import type { VersionDetail } from '@shared/domain/catalog';
import { canonicalize } from './canonical-json';

/**
 * The evidence an approval is bound to: what the registry and the training run say about a
 * version, plus drift and data-quality results when those features have stored any. Its
 * hash goes into every approval, so any change (a retrained artifact, a new metric value,
 * an edited model card, drift appearing or going away) invalidates approvals made before it. Aliases, stages and Quorum's
 * own `quorum.*` tags are left out: they move *because* of a release, not before it.
 */

export interface DriftEvidence {
  /** Window end (ms) of the stored result. */
  at: number;
  driftShare: number;
  datasetDrift: boolean;
}

export interface DataQualityEvidence {
  at: number;
  assertion: string;
  passed: boolean;
}

/**
 * Optional sources owned by other features (drift, data quality, lineage); absent means "no
 * results". `asOf` is the evaluation time: a provider returns only results computed at or
 * before it, so a gate evaluated at T (the demo's replay, a past-dated check) never counts a
 * result that did not exist yet.
 */
export interface EvidenceProviders {
  drift?(subject: { connection: string; model: string; version: number }, asOf: number): DriftEvidence[];
  dataQuality?(subject: { connection: string; model: string; version: number }, asOf: number): DataQualityEvidence[];
}

export interface EvidenceSnapshot {
  version: {
    connection: string;
    model: string;
    version: number;
    status: string;
    source: string | null;
    runId: string | null;
    user: string | null;
    description: string;
    tags: Record<string, string>;
  };
  model: { description: string; tags: Record<string, string> };
  run: {
    runId: string;
    user: string | null;
    status: string;
    gitCommit: string | null;
    metrics: Record<string, number>;
    params: Record<string, string>;
    datasets: { name: string; digest: string; context: string | null; source: string | null }[];
  } | null;
  drift: DriftEvidence[];
  dataQuality: DataQualityEvidence[];
}

const ownTag = (key: string): boolean => key.startsWith('quorum.');

function tagMap(tags: { key: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of [...tags].sort((a, b) => (a.key < b.key ? -1 : 1))) if (!ownTag(t.key)) out[t.key] = t.value;
  return out;
}

/** Final value per metric key: the latest step, then the latest timestamp. */
export function finalMetrics(metrics: { key: string; value: number; step: number; timestamp: number }[]): Record<string, number> {
  const best = new Map<string, { value: number; step: number; timestamp: number }>();
  for (const m of metrics) {
    const seen = best.get(m.key);
    if (!seen || m.step > seen.step || (m.step === seen.step && m.timestamp >= seen.timestamp)) best.set(m.key, m);
  }
  const out: Record<string, number> = {};
  for (const key of [...best.keys()].sort()) {
    const value = best.get(key)?.value;
    if (value !== undefined && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

/** What the catalog and the providers say about a version, as known at `asOf` (the evaluation time). */
export function collectEvidence(detail: VersionDetail, providers: EvidenceProviders, asOf: number): EvidenceSnapshot {
  const subject = { connection: detail.connection, model: detail.modelName, version: detail.version };
  const run = detail.run;
  return {
    version: {
      ...subject,
      status: detail.status,
      source: detail.source,
      runId: detail.runId,
      user: detail.user,
      description: detail.description,
      tags: tagMap(detail.tags),
    },
    model: { description: detail.model.description, tags: tagMap(detail.model.tags) },
    run: run
      ? {
          runId: run.runId,
          user: run.user,
          status: run.status,
          gitCommit: run.gitCommit,
          metrics: finalMetrics(run.metrics),
          params: Object.fromEntries([...run.params].sort((a, b) => (a.key < b.key ? -1 : 1)).map((p) => [p.key, p.value])),
          datasets: run.datasetInputs
            .map((d) => ({ name: d.name, digest: d.digest, context: d.context, source: d.source }))
            .sort((a, b) => (a.name + a.digest < b.name + b.digest ? -1 : 1)),
        }
      : null,
    drift: providers.drift?.(subject, asOf) ?? [],
    dataQuality: providers.dataQuality?.(subject, asOf) ?? [],
  };
}

/**
 * Monitoring appends a drift result every few minutes; if each one changed the hash, every
 * approval of a deployed model would lapse within minutes. What a sign-off judged is the drift
 * *verdict*, so the hash keeps only the results where the verdict changed (the first result,
 * each onset, each recovery). The gate still checks every result against the policy's window
 * at each evaluation.
 */
export function driftVerdictChanges(drift: DriftEvidence[]): DriftEvidence[] {
  return drift.filter((d, i) => i === 0 || d.datasetDrift !== drift[i - 1]?.datasetDrift);
}

/**
 * Pipelines re-run their data-quality assertions on every load or schedule, often on the same
 * dataset version; if each run changed the hash, approvals would lapse at every run for
 * nothing. What a sign-off judged is whether each assertion holds, so the hash keeps, per
 * assertion name, the pass/fail of its latest result — not when it ran. A re-run with the same
 * outcome keeps the hash; an assertion turning from pass to fail (or back), a new assertion or
 * one no longer reported changes it. Results of one assertion at the same instant pass only if
 * all passed. Sorted by name, so the providers' order does not matter; no results stay `[]`,
 * the hash workspaces had before any provider reported data quality.
 */
export function dataQualityOutcomes(results: DataQualityEvidence[]): { assertion: string; passed: boolean }[] {
  const latest = new Map<string, { at: number; passed: boolean }>();
  for (const r of results) {
    const seen = latest.get(r.assertion);
    if (!seen || r.at > seen.at) latest.set(r.assertion, { at: r.at, passed: r.passed });
    else if (r.at === seen.at) seen.passed &&= r.passed;
  }
  return [...latest.keys()].sort().map((assertion) => ({ assertion, passed: latest.get(assertion)?.passed === true }));
}

export function evidenceHash(snapshot: EvidenceSnapshot): string {
  const bound = { ...snapshot, drift: driftVerdictChanges(snapshot.drift), dataQuality: dataQualityOutcomes(snapshot.dataQuality) };
  return createHash('sha256').update(canonicalize(bound), 'utf8').digest('hex');
}

/** Registry user names that authored this version: the training run's user and the registry's. */
export function authorsOf(snapshot: EvidenceSnapshot): string[] {
  return [...new Set([snapshot.run?.user, snapshot.version.user].filter((u): u is string => typeof u === 'string' && u.trim() !== ''))];
}
