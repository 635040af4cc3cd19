import { applyCorrection } from './correction';
import { tableDigest } from './digest';
import { DriftInputError } from './errors';
import { analyzeCategorical, type FeatureSpec } from './feature';
import { defaultWorkerCount, DriftCancelledError, runInProcess, runInWorkers, warmWorkers, type NumericTask } from './parallel';
import { categoricalCounts, finiteValues } from './prepare';
import { methodApplies } from './selection';
import {
  CORRECTIONS,
  DRIFT_METHODS,
  type Column,
  type DatasetDriftResult,
  type DriftMethod,
  type DriftOptions,
  type FeatureDrift,
  type NormalizedOptions,
  type Table,
} from './types';
import { DRIFT_ENGINE_VERSION } from './version';

/** Below this many values in all numeric samples together, starting workers costs more than it saves. */
export const PARALLEL_MIN_VALUES = 2_000_000;
export const DEFAULT_DRIFT_SHARE = 0.5;

/**
 * Drift between a reference and a current table, feature by feature, and the dataset
 * verdict by share of drifted features. Numeric features run on worker threads when the
 * input is large; categorical ones are counted on the calling thread (cheap).
 */
export async function computeDrift(reference: Table, current: Table, options: DriftOptions = {}): Promise<DatasetDriftResult> {
  const normalized = normalizeOptions(options);
  const pairs = alignColumns(reference, current, normalized);
  validateOverrides(pairs, normalized);

  // Decide on workers from the raw sizes, and start them before cleaning the data.
  const numericPairs = pairs.filter((p) => p.ref.type === 'numeric');
  const rawValues = numericPairs.reduce((sum, p) => sum + lengthOf(p.ref) + lengthOf(p.cur), 0);
  const useWorkers =
    options.parallel === 'always' || (options.parallel !== 'never' && numericPairs.length > 1 && rawValues >= PARALLEL_MIN_VALUES);
  const workerCount = options.workers ?? defaultWorkerCount();
  if (useWorkers) warmWorkers(Math.min(workerCount, numericPairs.length));

  const features: (FeatureDrift | undefined)[] = new Array(pairs.length);
  const numeric: NumericTask[] = [];
  const numericIndex: number[] = [];
  const total = pairs.length;
  let done = 0;
  const progress = (feature: string | null): void => options.onProgress?.({ done, total, feature });
  progress(null);

  pairs.forEach(({ ref, cur }, index) => {
    const spec = specFor(ref, normalized);
    if (ref.type === 'numeric' && cur.type === 'numeric') {
      const r = finiteValues(ref);
      const c = finiteValues(cur);
      numeric.push({ spec, ref: r.values, cur: c.values, refCounts: r.counts, curCounts: c.counts });
      numericIndex.push(index);
    } else if (ref.type === 'categorical' && cur.type === 'categorical') {
      const counts = categoricalCounts(ref, cur);
      features[index] = analyzeCategorical(
        spec,
        counts.reference,
        counts.current,
        counts.firstKey,
        counts.referenceCounts,
        counts.currentCounts,
        counts.dictionary,
      );
      done += 1;
      progress(ref.name);
    }
  });

  const onDone = (result: FeatureDrift): void => {
    done += 1;
    progress(result.name);
  };
  const running = useWorkers
    ? runInWorkers(numeric, { workers: workerCount, useCallingThread: options.useCallingThread === true, signal: options.signal, onDone })
    : runInProcess(numeric, { signal: options.signal, onDone });
  // The digest needs only the original table: hash it while the workers compute.
  const refDigest = tableDigest(reference);
  const numericResults = await running;
  numericResults.forEach((result, i) => {
    features[numericIndex[i] ?? 0] = result;
  });
  if (options.signal?.aborted) throw new DriftCancelledError();

  const all = features.filter((f): f is FeatureDrift => f !== undefined);
  applyCorrection(all, normalized.correction);
  const tested = all.filter((f) => f.tested);
  const drifted = tested.filter((f) => f.drifted).length;
  const driftShare = tested.length === 0 ? 0 : drifted / tested.length;
  const warnings: string[] = [];
  if (tested.length === 0) warnings.push('No feature could be tested: every column is empty in one of the samples.');
  if (tested.length < all.length) warnings.push(`${all.length - tested.length} feature(s) not tested and not counted in the drift share.`);

  return {
    datasetDrift: tested.length > 0 && driftShare >= normalized.driftShare,
    driftShare,
    driftShareThreshold: normalized.driftShare,
    driftedFeatures: drifted,
    testedFeatures: tested.length,
    correction: normalized.correction,
    features: all,
    reproducibility: {
      engineVersion: DRIFT_ENGINE_VERSION,
      referenceDigest: refDigest.digest,
      referenceDigestOf: refDigest.of,
      currentDigest: current.fileDigest ?? null,
      referenceSource: reference.source ?? null,
      currentSource: current.source ?? null,
      options: normalized,
    },
    warnings,
  };
}

export function normalizeOptions(options: DriftOptions): NormalizedOptions {
  const checkMethod = (method: string, where: string): DriftMethod => {
    if (!(DRIFT_METHODS as readonly string[]).includes(method)) {
      throw new DriftInputError(`Unknown drift method "${method}" for ${where}. Use one of: ${DRIFT_METHODS.join(', ')}.`, { method });
    }
    return method as DriftMethod;
  };
  const checkThreshold = (value: number, where: string): number => {
    if (!Number.isFinite(value) || value < 0)
      throw new DriftInputError(`The threshold for ${where} must be a finite number >= 0, not ${value}.`);
    return value;
  };
  const correction = options.correction ?? 'none';
  if (!(CORRECTIONS as readonly string[]).includes(correction)) {
    throw new DriftInputError(`Unknown correction "${correction}". Use one of: ${CORRECTIONS.join(', ')}.`);
  }
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  if (!(driftShare > 0 && driftShare <= 1)) throw new DriftInputError(`The drift share must be in (0, 1], not ${driftShare}.`);
  return {
    columns: options.columns ? [...options.columns] : null,
    method: options.method ? checkMethod(options.method, 'all features') : null,
    methods: Object.fromEntries(Object.entries(options.methods ?? {}).map(([k, v]) => [k, checkMethod(v, `feature "${k}"`)])),
    threshold: options.threshold === undefined ? null : checkThreshold(options.threshold, 'all features'),
    thresholds: Object.fromEntries(Object.entries(options.thresholds ?? {}).map(([k, v]) => [k, checkThreshold(v, `feature "${k}"`)])),
    correction,
    driftShare,
    additionalMethods: (options.additionalMethods ?? []).map((m) => checkMethod(m, 'additionalMethods')),
  };
}

/** A method set for all features applies where it can; a categorical column keeps its default otherwise. */
function specFor(column: Column, options: NormalizedOptions): FeatureSpec {
  const name = column.name;
  const general = options.method && methodApplies(options.method, column.type) ? options.method : undefined;
  const method = options.methods[name] ?? general;
  const threshold = options.thresholds[name] ?? options.threshold ?? undefined;
  return {
    name,
    ...(method ? { method } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    additional: options.additionalMethods,
  };
}

interface Pair {
  ref: Column;
  cur: Column;
}

/** Pairs columns by name; any mismatch is named, since a silent subset would hide a broken pipeline. */
export function alignColumns(reference: Table, current: Table, options: NormalizedOptions): Pair[] {
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  const curByName = new Map(current.columns.map((c) => [c.name, c]));
  const wanted = options.columns ?? reference.columns.map((c) => c.name);
  const refLabel = reference.source ?? 'the reference';
  const curLabel = current.source ?? 'the current sample';
  const missingInRef = wanted.filter((n) => !refByName.has(n));
  const missingInCur = wanted.filter((n) => !curByName.has(n));
  const extraInCur = options.columns ? [] : current.columns.map((c) => c.name).filter((n) => !refByName.has(n));
  if (missingInRef.length || missingInCur.length || extraInCur.length) {
    const parts: string[] = [];
    if (missingInRef.length) parts.push(`not in ${refLabel}: ${missingInRef.map(quote).join(', ')}`);
    if (missingInCur.length) parts.push(`in ${refLabel} but not in ${curLabel}: ${missingInCur.map(quote).join(', ')}`);
    if (extraInCur.length) parts.push(`in ${curLabel} but not in ${refLabel}: ${extraInCur.map(quote).join(', ')}`);
    throw new DriftInputError(`The reference and current samples have different columns — ${parts.join('; ')}.`, {
      missingInReference: missingInRef,
      missingInCurrent: missingInCur,
      extraInCurrent: extraInCur,
    });
  }
  if (wanted.length === 0) throw new DriftInputError('There is no column to compare.');
  return wanted.map((name) => {
    const ref = refByName.get(name) as Column;
    const cur = curByName.get(name) as Column;
    if (ref.type !== cur.type) {
      throw new DriftInputError(
        `Column ${quote(name)} is ${ref.type} in ${refLabel} but ${cur.type} in ${curLabel}. Fix the data or set its type explicitly.`,
        { column: name, referenceType: ref.type, currentType: cur.type },
      );
    }
    return { ref, cur };
  });
}

function validateOverrides(pairs: Pair[], options: NormalizedOptions): void {
  const names = new Set(pairs.map((p) => p.ref.name));
  for (const name of [...Object.keys(options.methods), ...Object.keys(options.thresholds)]) {
    if (!names.has(name)) throw new DriftInputError(`An override names column ${quote(name)}, which is not compared.`, { column: name });
  }
  for (const { ref } of pairs) {
    const method = options.methods[ref.name];
    if (method && !methodApplies(method, ref.type)) {
      throw new DriftInputError(`Method "${method}" needs ordered values and cannot test the categorical column ${quote(ref.name)}.`, {
        column: ref.name,
        method,
      });
    }
  }
}

function lengthOf(column: Column): number {
  return column.type === 'numeric' ? column.values.length : column.codes.length;
}

function quote(name: string): string {
  return `"${name}"`;
}
