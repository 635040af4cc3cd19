// The baseline of the registry sync benchmark, in plain Node (no TypeScript loader, like the
// built CLI): the pages a full sync and a re-sync fetch, read as text and never parsed.
// Usage: node bench/registry/_raw-fetch.mjs <url>  → one JSON line.
import { request } from 'undici';

const base = process.argv[2];
const API = '/api/2.0/mlflow';

async function text(method, path, query, body) {
  const target = new URL(`${base}${API}/${path}`);
  for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
  const res = await request(target, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return res.body.text();
}

const tokenOf = (page) => /"next_page_token":\s*"([^"]+)"/.exec(page.slice(-200))?.[1];

async function all(fetchPage) {
  const pages = [];
  let token;
  do {
    const page = await fetchPage(token);
    pages.push(page);
    token = tokenOf(page);
  } while (token);
  return pages;
}

async function registry() {
  const experiments = await all((t) => text('POST', 'experiments/search', {}, { max_results: 1000, ...(t ? { page_token: t } : {}) }));
  await all((t) => text('GET', 'registered-models/search', { max_results: '1000', ...(t ? { page_token: t } : {}) }));
  await all((t) => text('GET', 'model-versions/search', { max_results: '2000', ...(t ? { page_token: t } : {}) }));
  return [...experiments.join('').matchAll(/"experiment_id":\s*"([^"]+)"/g)].map((m) => m[1]);
}

let started = performance.now();
const ids = await registry();
let bytes = 0;
for (const page of await all((t) =>
  text('POST', 'runs/search', {}, { experiment_ids: ids, max_results: 1000, ...(t ? { page_token: t } : {}) }),
)) {
  bytes += page.length;
}
const rawFullMs = performance.now() - started;

started = performance.now();
await registry();
for (const attribute of ['start_time', 'end_time']) {
  await text('POST', 'runs/search', {}, { experiment_ids: ids, filter: `attributes.${attribute} >= ${Date.now()}`, max_results: 1000 });
}
process.stdout.write(`${JSON.stringify({ rawFullMs, rawResyncMs: performance.now() - started, runBytes: bytes })}\n`);
