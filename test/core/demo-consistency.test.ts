import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultResourcesDir } from '../../electron/core/resources';
import { generateDemo } from '../../scripts/generate-demo';

/**
 * The demo's files must tell one story: the people who ran the training runs exist, every
 * dataset a run trained on was produced by a pipeline, lineage events are valid OpenLineage,
 * the governance story only names people, models and versions that exist and makes the
 * outcomes the policy says, and the drift samples really drift (or not).
 */

const DEMO = join(defaultResourcesDir(), 'demo');
const text = (path: string): string => readFileSync(join(DEMO, path), 'utf8');
const json = <T>(path: string): T => JSON.parse(text(path)) as T;

interface KV {
  key: string;
  value: string;
}
interface Run {
  info: { run_id: string; run_uuid: string; user_id: string; status: string; experiment_id: string; start_time: number; end_time: number };
  data: { metrics: { key: string; value: number; step: number; timestamp: number }[]; params: KV[]; tags: KV[] };
  inputs: { dataset_inputs: { tags: KV[]; dataset: { name: string; digest: string; source: string; schema: string } }[] };
}
interface RegisteredModel {
  name: string;
  tags: KV[];
  aliases?: { alias: string; version: string }[];
  latest_versions: { version: string; current_stage: string }[];
}
interface ModelVersion {
  name: string;
  version: string;
  run_id: string;
  current_stage: string;
  description: string;
  tags?: KV[];
  aliases?: string[];
}
interface Look {
  runs: Run[];
  models: RegisteredModel[];
  versions: ModelVersion[];
}
const look = (dir: string): Look => ({
  runs: json<{ runs: Run[] }>(`registry/${dir}/runs.json`).runs,
  models: json<{ registered_models: RegisteredModel[] }>(`registry/${dir}/registered-models.json`).registered_models,
  versions: json<{ model_versions: ModelVersion[] }>(`registry/${dir}/model-versions.json`).model_versions,
});
const before = look('01-before');
const now = look('02-now');

interface Workspace {
  organisation: { name: string; domain: string };
  teams: { id: string; name: string; ownsModels: boolean }[];
  people: { id: string; name: string; email: string; team: string; roles: string[] }[];
}
const workspace = json<Workspace>('workspace.json');
const people = new Map(workspace.people.map((p) => [p.id, p]));

interface Facet {
  _producer?: unknown;
  _schemaURL?: unknown;
  [key: string]: unknown;
}
interface OlDataset {
  namespace: string;
  name: string;
  facets?: Record<string, Facet>;
  outputFacets?: Record<string, Facet>;
  inputFacets?: Record<string, Facet>;
}
interface OlEvent {
  eventType: string;
  eventTime: string;
  run: { runId: string; facets?: Record<string, Facet> };
  job: { namespace: string; name: string; facets?: Record<string, Facet> };
  inputs?: OlDataset[];
  outputs?: OlDataset[];
  producer: string;
  schemaURL: string;
}
const eventLines = text('lineage/events.jsonl').split('\n');
const events = eventLines.filter((l) => l !== '').map((l) => JSON.parse(l) as OlEvent);
const dvcLock = text('dvc/dvc.lock');

interface Act {
  id: string;
  at: string;
  kind: string;
  actor: string;
  subject?: string | { connection: string; model: string; version: number; stage: string };
  role?: string;
  request?: string;
  check?: string;
  justification?: string;
  conditions?: string[];
}
interface Expected {
  model: string;
  version: number;
  outcome: string;
  gate: string;
  signedRoles: string[];
  missingRoles: string[];
  failingChecks: { check: string; actual?: number; threshold?: string }[];
  waivedChecks: { check: string }[];
}
const story = json<{ connection: string; policy: { sha256: string }; acts: Act[]; expected: Expected[] }>('governance/story.json');
const policy = text('governance/policy.yaml');

const tag = (tags: KV[] | undefined, key: string): string | undefined => tags?.find((t) => t.key === key)?.value;
const runOf = (l: Look, model: string, version: number): Run => {
  const v = l.versions.find((x) => x.name === model && x.version === String(version));
  const run = l.runs.find((r) => r.info.run_id === v?.run_id);
  if (!run) throw new Error(`no run for ${model} v${version}`);
  return run;
};
const metric = (run: Run, key: string): number | undefined => run.data.metrics.find((m) => m.key === key)?.value;
const subjectOf = (act: Act) => (typeof act.subject === 'object' ? act.subject : undefined);

describe('people and teams', () => {
  it('has an organisation, at least 3 teams and people with the five roles, e-mails at northwind.example', () => {
    expect(workspace.organisation.name).toBe('Northwind Financial');
    expect(workspace.teams.filter((t) => t.ownsModels).length).toBeGreaterThanOrEqual(3);
    const roles = new Set(workspace.people.flatMap((p) => p.roles));
    expect(roles).toEqual(new Set(['data-science', 'ml-engineering', 'ops', 'compliance', 'admin']));
    for (const p of workspace.people) {
      expect(p.email).toBe(`${p.id}@northwind.example`);
      expect(workspace.teams.map((t) => t.id)).toContain(p.team);
    }
  });

  it('every run was started by a person of the workspace, in both looks', () => {
    for (const l of [before, now]) {
      for (const r of l.runs) {
        expect(people.has(r.info.user_id), r.info.user_id).toBe(true);
        expect(tag(r.data.tags, 'mlflow.user')).toBe(r.info.user_id);
      }
    }
  });

  it('every model names its team, tier and owner with the workspace’s ids', () => {
    const teams = new Set(workspace.teams.filter((t) => t.ownsModels).map((t) => t.id));
    for (const m of now.models) {
      expect(teams.has(tag(m.tags, 'owner_team') ?? ''), m.name).toBe(true);
      expect(['high', 'medium', 'low']).toContain(tag(m.tags, 'risk_tier'));
      expect(people.has(tag(m.tags, 'owner') ?? ''), m.name).toBe(true);
    }
  });
});

describe('the registry recordings', () => {
  it('point every version at a run of the same look, with the MLflow fields the fixtures have', () => {
    for (const l of [before, now]) {
      for (const v of l.versions) {
        const run = l.runs.find((r) => r.info.run_id === v.run_id);
        expect(run, `${v.name} v${v.version}`).toBeDefined();
        expect(run?.info.run_uuid).toBe(v.run_id);
        expect(v.aliases, 'model-versions/search never carries aliases').toBeUndefined();
        expect(tag(run?.data.tags, 'mlflow.source.git.commit')).toMatch(/^[0-9a-f]{40}$/);
        expect(tag(run?.data.tags, 'mlflow.source.name')).toBeTruthy();
        expect(tag(run?.data.tags, 'mlflow.runName')).toBeTruthy();
        for (const input of run?.inputs.dataset_inputs ?? []) {
          expect(['training', 'evaluation']).toContain(tag(input.tags, 'mlflow.data.context'));
          expect((JSON.parse(input.dataset.schema) as { mlflow_colspec: unknown[] }).mlflow_colspec.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('returns only the latest value of each metric per run, as runs/search does', () => {
    for (const r of now.runs) {
      const keys = r.data.metrics.map((m) => m.key);
      expect(new Set(keys).size, r.info.run_id).toBe(keys.length);
    }
  });

  it('grows between the looks: more versions, one FAILED run that nobody registered', () => {
    expect(now.versions.length).toBeGreaterThanOrEqual(25);
    expect(now.versions.length).toBeGreaterThan(before.versions.length);
    const registered = new Set(now.versions.map((v) => v.run_id));
    const failed = now.runs.filter((r) => r.info.status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(registered.has(failed[0]?.info.run_id ?? '')).toBe(false);
  });
});

describe('lineage', () => {
  const outputVersions = new Set(
    events.flatMap((e) =>
      (e.outputs ?? []).map((o) => o.facets?.version?.datasetVersion).filter((v): v is string => typeof v === 'string'),
    ),
  );
  const lockHashes = new Set([...dvcLock.matchAll(/md5: ([0-9a-f]{32})(?:\.dir)?$/gm)].map((m) => m[1]));

  it('knows the version of every dataset any run trained or was evaluated on (OpenLineage or DVC)', () => {
    for (const r of now.runs) {
      for (const input of r.inputs.dataset_inputs) {
        const digest = input.dataset.digest;
        expect(outputVersions.has(digest) || lockHashes.has(digest), `${input.dataset.name}@${digest}`).toBe(true);
      }
    }
  });

  it('ties one model’s training data to the DVC lock: both doc-classifier runs trained on the prepare stage’s outputs', () => {
    const train = /- path: data\/prepared\/train\.parquet\n\s+hash: md5\n\s+md5: ([0-9a-f]{32})/.exec(dvcLock)?.[1];
    expect(train).toBeDefined();
    for (const v of [1, 2]) {
      const inputs = runOf(now, 'doc-classifier', v).inputs.dataset_inputs;
      expect(inputs.find((i) => tag(i.tags, 'mlflow.data.context') === 'training')?.dataset.digest).toBe(train);
    }
    expect(dvcLock).toMatch(/^schema: '2\.0'\nstages:\n/);
  });

  // Structural checks against the OpenLineage 2-0-2 RunEvent schema's required fields and types
  // (full JSON Schema validation belongs to the lineage feature's own tests).
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const dateTimeWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  const uri = /^[a-z][a-z0-9+.-]*:\/\/\S+$/;
  const facetSchemaUrl = /^https:\/\/openlineage\.io\/spec\/facets\/\d+-\d+-\d+\/(\w+)\.json#\/\$defs\/\1$/;

  it('writes one valid RunEvent per line', () => {
    expect(eventLines[eventLines.length - 1]).toBe('');
    expect(events.length).toBe(eventLines.length - 1);
    for (const e of events) {
      expect(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER']).toContain(e.eventType);
      expect(e.eventTime).toMatch(dateTimeWithZone);
      expect(Number.isNaN(Date.parse(e.eventTime))).toBe(false);
      expect(e.run.runId).toMatch(uuid);
      expect(typeof e.job.namespace === 'string' && e.job.namespace !== '').toBe(true);
      expect(typeof e.job.name === 'string' && e.job.name !== '').toBe(true);
      expect(e.producer).toMatch(uri);
      expect(e.schemaURL).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent');
      const facets: Facet[] = [
        ...Object.values(e.run.facets ?? {}),
        ...Object.values(e.job.facets ?? {}),
        ...[...(e.inputs ?? []), ...(e.outputs ?? [])].flatMap((d) => [
          ...Object.values(d.facets ?? {}),
          ...Object.values(d.outputFacets ?? {}),
          ...Object.values(d.inputFacets ?? {}),
        ]),
      ];
      for (const f of facets) {
        expect(f._producer).toMatch(uri);
        expect(f._schemaURL).toMatch(facetSchemaUrl);
      }
      for (const d of [...(e.inputs ?? []), ...(e.outputs ?? [])]) {
        expect(typeof d.namespace === 'string' && d.namespace !== '' && typeof d.name === 'string' && d.name !== '').toBe(true);
        const version = d.facets?.version;
        if (version) expect(typeof version.datasetVersion).toBe('string');
        for (const field of (d.facets?.schema?.fields as { name?: unknown }[] | undefined) ?? []) expect(typeof field.name).toBe('string');
      }
    }
  });

  it('starts every run once and ends it once, oldest event first', () => {
    const byRun = new Map<string, string[]>();
    for (const e of events) byRun.set(e.run.runId, [...(byRun.get(e.run.runId) ?? []), e.eventType]);
    for (const [runId, types] of byRun) {
      expect(types[0], runId).toBe('START');
      expect(
        types.filter((t) => ['COMPLETE', 'ABORT', 'FAIL'].includes(t)),
        runId,
      ).toHaveLength(1);
    }
    const times = events.map((e) => Date.parse(e.eventTime));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('uses the facets the demo promises: schema, dataSource, version, columnLineage, parent, errorMessage', () => {
    const completedOutputs = events.filter((e) => e.eventType === 'COMPLETE').flatMap((e) => e.outputs ?? []);
    expect(completedOutputs.length).toBeGreaterThan(0);
    for (const o of completedOutputs)
      expect(Object.keys(o.facets ?? {})).toEqual(expect.arrayContaining(['schema', 'dataSource', 'version']));

    const lineage = completedOutputs.filter((o) => o.facets?.columnLineage);
    expect(lineage.length).toBeGreaterThan(0);
    for (const o of lineage) {
      const fields = o.facets?.columnLineage?.fields as Record<
        string,
        { inputFields: { namespace: string; name: string; field: string }[] }
      >;
      expect(Object.keys(fields).length).toBeGreaterThan(0);
      for (const f of Object.values(fields)) {
        expect(f.inputFields.length).toBeGreaterThan(0);
        for (const i of f.inputFields)
          expect(typeof i.namespace === 'string' && typeof i.name === 'string' && typeof i.field === 'string').toBe(true);
      }
    }

    const children = events.filter((e) => e.run.facets?.parent);
    expect(children.length).toBeGreaterThan(0);
    const runIds = new Set(events.map((e) => e.run.runId));
    for (const e of children) {
      const parent = e.run.facets?.parent as { run: { runId: string }; job: { namespace: string; name: string } };
      expect(parent.run.runId).toMatch(uuid);
      expect(runIds.has(parent.run.runId)).toBe(true);
      expect(e.job.name.startsWith(`${parent.job.name}.`)).toBe(true);
    }

    const failed = events.filter((e) => e.eventType === 'FAIL');
    expect(failed).toHaveLength(1);
    const error = failed[0]?.run.facets?.errorMessage;
    expect(typeof error?.message).toBe('string');
    expect(typeof error?.programmingLanguage).toBe('string');
  });
});

describe('the governance story', () => {
  const acts = story.acts;
  const grants = new Map<string, Set<string>>();
  for (const a of acts) {
    if (a.kind === 'workspace.created') grants.set(a.actor, new Set(['admin']));
    if (a.kind === 'role.granted' && typeof a.subject === 'string' && a.role)
      grants.set(a.subject, new Set([...(grants.get(a.subject) ?? []), a.role]));
  }

  it('names only people, models and versions that exist, in time order, with the policy it ships with', () => {
    expect([...acts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))).toEqual(acts);
    expect(acts[0]?.kind).toBe('workspace.created');
    for (const a of acts) {
      expect(people.has(a.actor), `${a.id} actor ${a.actor}`).toBe(true);
      const subject = subjectOf(a);
      if (typeof a.subject === 'string') expect(people.has(a.subject)).toBe(true);
      if (subject) {
        expect(subject.connection).toBe(story.connection);
        expect(
          now.versions.some((v) => v.name === subject.model && v.version === String(subject.version)),
          `${a.id} ${subject.model} v${subject.version}`,
        ).toBe(true);
      }
    }
    expect(new Date(acts[acts.length - 1]?.at ?? 0).getTime()).toBeLessThan(Date.parse('2026-11-20T00:00:00Z'));
    expect(acts.find((a) => a.kind === 'policy.set')).toBeDefined();
  });

  it('lets only people holding a role sign in it, never on their own version, and answers real requests', () => {
    const seen = new Map<string, Act>();
    for (const a of acts) {
      seen.set(a.id, a);
      if (a.kind === 'role.granted') expect(grants.get(a.actor)?.has('admin'), `${a.id} granted by a non-admin`).toBe(true);
      if (!['signoff.approved', 'signoff.rejected', 'waiver.granted'].includes(a.kind)) continue;
      const subject = subjectOf(a);
      if (!subject || !a.role || !a.request) throw new Error(`${a.id} is incomplete`);
      expect(grants.get(a.actor)?.has(a.role), `${a.id}: ${a.actor} signs as ${a.role}`).toBe(true);
      expect(runOf(now, subject.model, subject.version).info.user_id, `${a.id}: independence`).not.toBe(a.actor);
      const request = seen.get(a.request);
      expect(request?.kind, a.id).toBe('release.requested');
      expect(subjectOf(request ?? a)).toEqual(subject);
    }
  });

  const expected = (model: string, version: number): Expected => {
    const found = story.expected.find((e) => e.model === model && e.version === version);
    if (!found) throw new Error(`no expected outcome for ${model} v${version}`);
    return found;
  };
  const actsOn = (model: string, version: number) => acts.filter((a) => subjectOf(a)?.model === model && subjectOf(a)?.version === version);
  /** The threshold of a metric rule in a named block of policy.yaml, read from the text. */
  const policyRule = (block: RegExp, key: string): { min?: number; max?: number } => {
    const start = block.exec(policy);
    if (!start) throw new Error(`no ${String(block)} in policy.yaml`);
    const rule = new RegExp(`\\{ key: ${key}(?:, min: ([\\d.]+))?(?:, max: ([\\d.]+))? \\}`).exec(policy.slice(start.index));
    return { ...(rule?.[1] ? { min: Number(rule[1]) } : {}), ...(rule?.[2] ? { max: Number(rule[2]) } : {}) };
  };

  it('has a high-risk version waiting for its last sign-off', () => {
    const e = expected('credit-approval-scorer', 5);
    expect(e.outcome).toBe('waiting-for-last-sign-off');
    expect(e.missingRoles).toEqual(['compliance']);
    expect(e.failingChecks).toEqual([]);
    const roles = actsOn('credit-approval-scorer', 5)
      .filter((a) => a.kind === 'signoff.approved')
      .map((a) => a.role);
    expect(roles.sort()).toEqual(['ml-engineering', 'ops']);
    expect(now.models.find((m) => m.name === 'credit-approval-scorer')?.tags.find((t) => t.key === 'risk_tier')?.value).toBe('high');
    const tierMin = policyRule(/^ {2}high:$/m, 'val_auc').min ?? Infinity;
    expect(metric(runOf(now, 'credit-approval-scorer', 5), 'val_auc')).toBeGreaterThanOrEqual(tierMin);
  });

  it('has a version blocked by a failing evidence check that the data really fails', () => {
    const e = expected('card-fraud-blocker', 5);
    expect(e.outcome).toBe('blocked-by-evidence');
    expect(e.failingChecks.map((c) => c.check)).toEqual(['metric:val_auc']);
    const threshold = policyRule(/^ {2}card-fraud-blocker:$/m, 'val_auc').min;
    expect(threshold).toBe(0.93);
    const value = metric(runOf(now, 'card-fraud-blocker', 5), 'val_auc');
    expect(value).toBeLessThan(threshold ?? 0);
    expect(e.failingChecks[0]?.actual).toBe(value);
    // ...and the deployed version it would replace meets the same bar.
    expect(metric(runOf(now, 'card-fraud-blocker', 4), 'val_auc')).toBeGreaterThanOrEqual(threshold ?? Infinity);
  });

  it('has a version released with a waiver, with the waived evidence really missing', () => {
    const e = expected('application-fraud-detector', 3);
    expect(e.outcome).toBe('released-with-waiver');
    expect(e.waivedChecks.map((c) => c.check)).toEqual(['model-card:model_card.limitations']);
    const waiver = actsOn('application-fraud-detector', 3).find((a) => a.kind === 'waiver.granted');
    expect(waiver?.actor).toBe('helen.fischer');
    expect(waiver?.check).toBe('model-card:model_card.limitations');
    expect((waiver?.justification ?? '').length).toBeGreaterThan(50);
    expect(policy).toMatch(/modelCard: \{ fields: \[[^\]]*model_card\.limitations/);
    const v3 = now.versions.find((v) => v.name === 'application-fraud-detector' && v.version === '3');
    expect(tag(v3?.tags, 'model_card.limitations')).toBeUndefined();
    expect(v3?.current_stage).toBe('Production');
    expect(now.models.find((m) => m.name === 'application-fraud-detector')?.aliases).toEqual([{ alias: 'champion', version: '3' }]);
    expect(actsOn('application-fraud-detector', 3).some((a) => a.kind === 'writeback.performed')).toBe(true);
  });

  it('has the alias moved outside Quorum on a version nobody requested or approved', () => {
    const champion = (l: Look) => l.models.find((m) => m.name === 'offer-pricing')?.aliases?.find((a) => a.alias === 'champion')?.version;
    expect(champion(before)).toBe('3');
    expect(champion(now)).toBe('4');
    expect(actsOn('offer-pricing', 4)).toEqual([]);
    expect(expected('offer-pricing', 4).outcome).toBe('alias-moved-outside-quorum');
    // Releases through Quorum, by contrast, are all in the story.
    expect(actsOn('churn-predictor', 4).map((a) => a.kind)).toContain('writeback.performed');
  });

  it('has a rejection, and every released version went through a request and its sign-offs', () => {
    expect(acts.filter((a) => a.kind === 'signoff.rejected')).toHaveLength(1);
    expect(expected('churn-predictor', 3).outcome).toBe('rejected');
    for (const w of acts.filter((a) => a.kind === 'writeback.performed')) {
      const subject = subjectOf(w);
      if (!subject) throw new Error(w.id);
      const e = expected(subject.model, subject.version);
      expect(e.gate, `${subject.model} v${subject.version}`).toBe('pass');
      expect(e.missingRoles).toEqual([]);
    }
    // Every current champion but the one moved outside Quorum was written back by a release.
    for (const m of now.models) {
      const champion = m.aliases?.find((a) => a.alias === 'champion')?.version;
      if (!champion || m.name === 'offer-pricing') continue;
      expect(
        actsOn(m.name, Number(champion)).some((a) => a.kind === 'writeback.performed'),
        `${m.name} v${champion}`,
      ).toBe(true);
    }
  });
});

describe('drift', () => {
  const readCsv = (path: string): { header: string[]; rows: string[][] } => {
    const lines = text(path).trimEnd().split('\n');
    return { header: (lines[0] ?? '').split(','), rows: lines.slice(1).map((l) => l.split(',')) };
  };
  const column = (csv: { header: string[]; rows: string[][] }, name: string): number[] => {
    const i = csv.header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return csv.rows.map((r) => Number(r[i]));
  };
  /** Two-sample Kolmogorov–Smirnov statistic D. */
  const ks = (a: number[], b: number[]): number => {
    const x = [...a].sort((p, q) => p - q);
    const y = [...b].sort((p, q) => p - q);
    let i = 0;
    let j = 0;
    let d = 0;
    while (i < x.length && j < y.length) {
      const v = Math.min(x[i] ?? Infinity, y[j] ?? Infinity);
      while (i < x.length && x[i] === v) i++;
      while (j < y.length && y[j] === v) j++;
      d = Math.max(d, Math.abs(i / x.length - j / y.length));
    }
    return d;
  };

  interface Feature {
    name: string;
    method: string;
    drifted: boolean;
  }
  interface History {
    models: {
      model: string;
      version: number;
      days: { date: string; datasetDrift: boolean; driftShare: number; features: Feature[] }[];
      currentVsReference: { datasetDrift: boolean; features: Feature[] };
    }[];
  }
  const history = json<History>('drift/history.json');
  const historyOf = (model: string) => {
    const found = history.models.find((m) => m.model === model);
    if (!found) throw new Error(`no drift history for ${model}`);
    return found;
  };

  it('samples the deployed models’ own features, as their training runs logged them', () => {
    for (const model of ['card-fraud-blocker', 'credit-approval-scorer']) {
      const schema = runOf(now, model, 4).inputs.dataset_inputs[0]?.dataset.schema ?? '{}';
      const trained = new Set((JSON.parse(schema) as { mlflow_colspec: { name: string }[] }).mlflow_colspec.map((c) => c.name));
      for (const file of ['reference', 'current']) {
        const csv = readCsv(`drift/${model}/${file}.csv`);
        expect(csv.rows.length).toBeGreaterThan(500);
        expect(csv.rows.length).toBeLessThanOrEqual(5000);
        for (const name of csv.header) expect(trained.has(name), `${model} ${name}`).toBe(true);
        for (const row of csv.rows) expect(row).toHaveLength(csv.header.length);
      }
      expect(now.models.find((m) => m.name === model)?.aliases?.find((a) => a.alias === 'champion')?.version).toBe('4');
    }
  });

  it('makes the drifting model’s current sample really differ from its reference, and the stable one not', () => {
    const ref = readCsv('drift/card-fraud-blocker/reference.csv');
    const cur = readCsv('drift/card-fraud-blocker/current.csv');
    // Critical D at α = 0.001 for 3,000 vs 1,500 rows is about 0.06.
    expect(ks(column(ref, 'amount'), column(cur, 'amount'))).toBeGreaterThan(0.1);
    expect(ks(column(ref, 'card_merchant_pair_count_30d'), column(cur, 'card_merchant_pair_count_30d'))).toBeGreaterThan(0.1);
    expect(ks(column(ref, 'hour_of_day'), column(cur, 'hour_of_day'))).toBeLessThan(0.05);
    expect(ks(column(ref, 'device_age_days'), column(cur, 'device_age_days'))).toBeLessThan(0.05);
    const share = (csv: { header: string[]; rows: string[][] }, value: string) =>
      csv.rows.filter((r) => r[csv.header.indexOf('merchant_category')] === value).length / csv.rows.length;
    expect(share(cur, 'bnpl') - share(ref, 'bnpl')).toBeGreaterThan(0.05);

    const stableRef = readCsv('drift/credit-approval-scorer/reference.csv');
    const stableCur = readCsv('drift/credit-approval-scorer/current.csv');
    for (const name of ['bureau_score', 'annual_income', 'debt_to_income', 'credit_utilization', 'loan_amount']) {
      expect(ks(column(stableRef, name), column(stableCur, name)), name).toBeLessThan(0.06);
    }
  });

  it('has 45 days of history in which only the drifting model crosses its threshold, in the last days', () => {
    const card = historyOf('card-fraud-blocker');
    const credit = historyOf('credit-approval-scorer');
    for (const m of [card, credit]) {
      expect(m.days).toHaveLength(45);
      expect(m.days[m.days.length - 1]?.date).toBe('2026-11-17');
    }
    const firstDrift = card.days.findIndex((d) => d.datasetDrift);
    expect(firstDrift).toBeGreaterThanOrEqual(45 - 14);
    expect(card.days.slice(firstDrift).every((d) => d.datasetDrift)).toBe(true);
    expect(card.currentVsReference.datasetDrift).toBe(true);
    expect(credit.days.some((d) => d.datasetDrift)).toBe(false);
    expect(credit.currentVsReference.datasetDrift).toBe(false);
  });

  it('uses Evidently’s default methods for the sample sizes', () => {
    const methods = (model: string) => new Set(historyOf(model).days.flatMap((d) => d.features.map((f) => f.method)));
    expect(methods('card-fraud-blocker')).toEqual(new Set(['wasserstein', 'jensenshannon']));
    expect(methods('credit-approval-scorer')).toEqual(new Set(['ks', 'chisquare', 'z']));
  });
});

describe('the generator', () => {
  const out = mkdtempSync(join(tmpdir(), 'quorum-demo-gen-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reproduces the committed files byte for byte', () => {
    const { files } = generateDemo(out);
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) expect(readFileSync(join(out, file)).equals(readFileSync(join(DEMO, file))), file).toBe(true);
    const committed = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? committed(join(dir, e.name)) : [relative(DEMO, join(dir, e.name))],
      );
    expect(committed(DEMO).sort()).toEqual([...files, 'README.md'].sort());
  });

  it('keeps the demo small (under 3 MB)', () => {
    const size = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce(
        (n, e) => n + (e.isDirectory() ? size(join(dir, e.name)) : statSync(join(dir, e.name)).size),
        0,
      );
    expect(size(DEMO)).toBeLessThan(3 * 1024 * 1024);
  });
});
