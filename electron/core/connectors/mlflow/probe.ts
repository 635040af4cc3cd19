import type { ConnectionTest, RegistryFeatures } from '@shared/domain/registry';
import type { Clock } from '../http/clock';
import { HttpFailure, isHttpFailure } from '../http/errors';
import type { MlflowRest } from './rest';

/** A test answers in seconds: one retry at most, not the sync's patience. */
const TEST_RETRIES = 1;

/**
 * MLflow versions that introduced the features without an endpoint of their own: model
 * aliases arrived in 2.3.0 (MLflow docs: "available for MLflow >= 2.3.0") and dataset
 * inputs (`mlflow.log_input`, `run.inputs.dataset_inputs`) in 2.4.0 (MLflow 2.4.0 notes).
 */
const ALIASES_SINCE: Semver = [2, 3, 0];
const DATASET_INPUTS_SINCE: Semver = [2, 4, 0];

type Semver = [number, number, number];

/**
 * "Test connection": is the server there (GET /version), do the credentials work (an
 * authenticated search), is there a model registry, and which optional APIs does it have —
 * probed where an endpoint exists (logged models, webhooks: a 404 without MLflow's JSON
 * error means "this server has no such API"), from the version otherwise.
 */
export async function probeMlflow(rest: MlflowRest, clock: Clock, signal: AbortSignal): Promise<ConnectionTest> {
  const started = clock.now();
  const unknown: RegistryFeatures = { aliases: null, datasetInputs: null, loggedModels: null, webhooks: null };
  const done = (fields: Omit<ConnectionTest, 'checkedAt' | 'latencyMs'>): ConnectionTest => ({
    ...fields,
    checkedAt: clock.now(),
    latencyMs: Math.max(0, Math.round(clock.now() - started)),
  });

  let serverVersion: string | null;
  try {
    serverVersion = (await rest.serverVersion(signal, TEST_RETRIES)).version;
  } catch (error) {
    const failure = asFailure(error);
    if (failure.kind === 'cancelled') throw failure;
    return done({ ok: false, reachable: false, authenticated: null, serverVersion: null, features: unknown, problem: failure.toProblem() });
  }

  let experimentIds: string[] = [];
  try {
    const page = await rest.searchExperiments({ maxResults: 1 }, signal, TEST_RETRIES);
    experimentIds = page.body.experiments.map((e) => e.experiment_id);
  } catch (error) {
    const failure = asFailure(error);
    if (failure.kind === 'cancelled') throw failure;
    const authenticated = failure.kind === 'auth' ? false : failure.kind === 'forbidden' ? true : null;
    const problem =
      failure.kind === 'endpoint-missing'
        ? { kind: failure.kind, message: `${failure.message} No MLflow tracking API answers at this URL.` }
        : failure.toProblem();
    return done({ ok: false, reachable: true, authenticated, serverVersion, features: versionFeatures(serverVersion), problem });
  }

  let aliasesSeen: boolean;
  try {
    const page = await rest.searchRegisteredModels({ maxResults: 1 }, signal, TEST_RETRIES);
    aliasesSeen = page.body.registered_models.some((m) => m.aliases.length > 0);
  } catch (error) {
    const failure = asFailure(error);
    if (failure.kind === 'cancelled') throw failure;
    return done({
      ok: false,
      reachable: true,
      authenticated: failure.kind === 'auth' ? false : true,
      serverVersion,
      features: versionFeatures(serverVersion),
      problem:
        failure.kind === 'endpoint-missing'
          ? { kind: failure.kind, message: `${failure.message} This server has no model registry API.` }
          : failure.toProblem(),
    });
  }

  const fromVersion = versionFeatures(serverVersion);
  const [loggedModels, webhooks] = await Promise.all([
    endpointPresent(() => rest.searchLoggedModels(experimentIds.length > 0 ? experimentIds : ['0'], signal, TEST_RETRIES)),
    endpointPresent(() => rest.listWebhooks(signal, TEST_RETRIES)),
  ]);
  return done({
    ok: true,
    reachable: true,
    authenticated: true,
    serverVersion,
    features: {
      aliases: aliasesSeen ? true : fromVersion.aliases,
      datasetInputs: fromVersion.datasetInputs,
      loggedModels,
      webhooks,
    },
    problem: null,
  });
}

/** true: the endpoint answered; false: the server has no such endpoint; null: could not tell. */
async function endpointPresent(call: () => Promise<unknown>): Promise<boolean | null> {
  try {
    await call();
    return true;
  } catch (error) {
    const failure = asFailure(error);
    if (failure.kind === 'cancelled') throw failure;
    if (failure.kind === 'endpoint-missing') return false;
    // The endpoint exists but refused these parameters: it is there.
    if (failure.kind === 'bad-request' || failure.kind === 'not-found') return true;
    return null;
  }
}

function versionFeatures(version: string | null): RegistryFeatures {
  const parsed = parseSemver(version);
  return {
    aliases: parsed ? atLeast(parsed, ALIASES_SINCE) : null,
    datasetInputs: parsed ? atLeast(parsed, DATASET_INPUTS_SINCE) : null,
    loggedModels: null,
    webhooks: null,
  };
}

export function parseSemver(version: string | null): Semver | null {
  const match = version ? /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) : null;
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : null;
}

function atLeast(version: Semver, minimum: Semver): boolean {
  for (let i = 0; i < 3; i++) {
    if (version[i] !== minimum[i]) return (version[i] as number) > (minimum[i] as number);
  }
  return true;
}

function asFailure(error: unknown): HttpFailure {
  if (isHttpFailure(error)) return error;
  return new HttpFailure('network', error instanceof Error ? error.message : String(error));
}
