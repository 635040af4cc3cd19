import { request } from 'undici';
import type { RecordedRequest } from '../../doubles/mlflow/recordings';

/** Sends a recorded request, byte for byte where it matters (method, path, query, body, content type). */
export async function sendRecorded(
  baseUrl: string,
  recorded: RecordedRequest,
): Promise<{ status: number; contentType: string; body: unknown }> {
  const url = new URL(recorded.path, baseUrl);
  for (const [key, value] of Object.entries(recorded.query)) url.searchParams.set(key, value);
  const headers: Record<string, string> = {};
  const contentType = recorded.headers['content-type'];
  if (contentType) headers['content-type'] = contentType;
  const body = recorded.body === null ? undefined : typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body);
  const res = await request(url, { method: recorded.method as 'GET', headers, body });
  const text = await res.body.text();
  const type = String(res.headers['content-type'] ?? '');
  return { status: res.statusCode, contentType: type, body: type.includes('json') ? (JSON.parse(text) as unknown) : text };
}
