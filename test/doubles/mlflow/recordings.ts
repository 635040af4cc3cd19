import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The real MLflow exchanges recorded in ../shared/fixtures/mlflow (see the README there):
 * one file per request, `{request, response}`. The double is built only from these.
 */
export const RECORDINGS = ['2.17.2', '3.3.2.dev'] as const;
export type RecordingName = (typeof RECORDINGS)[number];

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** JSON sent, null when none; a string only for the deliberately malformed / text-plain files. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RecordedResponse {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON for JSON answers, the raw text otherwise. */
  readonly body: unknown;
}

export interface Exchange {
  readonly file: string;
  readonly description: string;
  readonly request: RecordedRequest;
  readonly response: RecordedResponse;
}

export interface Recording {
  readonly name: RecordingName;
  readonly dir: string;
  /** In capture order (it matters for the stateful scratch-* scenario). */
  readonly exchanges: readonly Exchange[];
  get(file: string): Exchange;
  has(file: string): boolean;
  /** The response body of a recorded JSON exchange. */
  body<T>(file: string): T;
}

/** ../shared/fixtures/mlflow next to the repository, or QUORUM_MLFLOW_FIXTURES_ROOT. */
export function fixturesRoot(): string {
  return process.env.QUORUM_MLFLOW_FIXTURES_ROOT ?? resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'mlflow');
}

const cache = new Map<RecordingName, Recording>();

export function loadRecording(name: RecordingName): Recording {
  const cached = cache.get(name);
  if (cached) return cached;
  const dir = join(fixturesRoot(), name);
  if (!existsSync(join(dir, 'index.json'))) {
    throw new Error(
      `The MLflow recordings are missing at ${dir}; set QUORUM_MLFLOW_FIXTURES_ROOT to the folder holding 2.17.2/ and 3.3.2.dev/.`,
    );
  }
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { files: { file: string; description: string }[] };
  const exchanges = index.files.map((entry): Exchange => {
    const raw = JSON.parse(readFileSync(join(dir, entry.file), 'utf8')) as { request: RecordedRequest; response: RecordedResponse };
    return { file: entry.file.replace(/\.json$/, ''), description: entry.description, request: raw.request, response: raw.response };
  });
  const byFile = new Map(exchanges.map((e) => [e.file, e]));
  const recording: Recording = {
    name,
    dir,
    exchanges,
    has: (file) => byFile.has(file),
    get: (file) => {
      const found = byFile.get(file);
      if (!found) throw new Error(`No recorded exchange ${file} in ${name}`);
      return found;
    },
    body: <T>(file: string) => structuredClone(recording.get(file).response.body) as T,
  };
  cache.set(name, recording);
  return recording;
}
