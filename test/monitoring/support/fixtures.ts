import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HttpResponse } from '../../../electron/core/connectors/http/client';
import { REPO_ROOT } from '../../helpers/temp';

/**
 * The real Prometheus 2.42 answers (see their README): `../shared/fixtures/prometheus` next
 * to the repository, or wherever QUORUM_PROMETHEUS_FIXTURES points.
 */
export const PROMETHEUS_FIXTURES = process.env.QUORUM_PROMETHEUS_FIXTURES ?? resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'prometheus');

interface IndexEntry {
  file: string;
  method: 'GET' | 'POST';
  path: string;
  params: Record<string, string>;
  status: number;
  contentType: string;
  resultType?: string;
  count?: number;
}

export function fixtureIndex(): IndexEntry[] {
  const path = join(PROMETHEUS_FIXTURES, 'index.json');
  if (!existsSync(path)) throw new Error(`Prometheus fixtures missing at ${PROMETHEUS_FIXTURES}; set QUORUM_PROMETHEUS_FIXTURES.`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { responses: IndexEntry[] }).responses;
}

/** One recorded answer as the HTTP client hands it over, with the status and content type it had. */
export function recordedResponse(file: string): { entry: IndexEntry; response: HttpResponse } {
  const entry = fixtureIndex().find((e) => e.file === file);
  if (!entry) throw new Error(`${file} is not in the fixtures' index.json`);
  const url = new URL(`http://127.0.0.1:9090${entry.path}`);
  for (const [key, value] of Object.entries(entry.params)) url.searchParams.set(key, value);
  return {
    entry,
    response: {
      status: entry.status,
      contentType: entry.contentType,
      text: readFileSync(join(PROMETHEUS_FIXTURES, file), 'utf8'),
      date: null,
      retryAfterMs: null,
      url: url.toString(),
      method: entry.method === 'POST' ? 'POST' : 'GET',
      attempts: 1,
    },
  };
}
