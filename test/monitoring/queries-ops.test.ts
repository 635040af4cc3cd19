import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '@shared/contract';
import type { MonitoringStatus } from '@shared/domain/monitoring';
import { createCore, type Core } from '../../electron/core/create-core';
import { DEFAULT_QUERIES } from '../../electron/core/monitoring/defaults';
import { cli } from '../helpers/cli';
import { makeTempDir, removeTempDirs } from '../helpers/temp';

/**
 * The template and schedule operations at the core's boundary: what is refused (and how the
 * refusal names the field), what null and reset bring back, what the status says before any
 * poll. No server is needed for any of it: every refusal happens before Prometheus is asked.
 */
let core: Core;
let dataDir: string;
const home = makeTempDir('quorum-monitoring-ops-home-');

interface QueriesView {
  connectionSettings: { queries: Record<string, string>; pollIntervalMinutes: number };
  overrides: { queries?: Record<string, string> } | null;
  effective: { queries: Record<string, string> };
  defaults: Record<string, string>;
}

async function call<T>(operation: string, input: unknown): Promise<T> {
  const envelope = await core.dispatch(operation, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { info: envelope.error });
  return envelope.data as T;
}

async function refusal(operation: string, input: unknown): Promise<ErrorInfo> {
  const envelope = await core.dispatch(operation, input);
  if (envelope.ok) throw new Error(`${operation} accepted ${JSON.stringify(input)}`);
  return envelope.error;
}

beforeAll(async () => {
  dataDir = makeTempDir('quorum-monitoring-ops-');
  core = createCore({ dataDir, registry: { env: {} } });
  // Nothing listens on port 9: any request would fail as "refused", which no test below expects.
  await call('connections.add', { name: 'prom', kind: 'prometheus', url: 'http://127.0.0.1:9', test: false });
});

afterAll(() => {
  core.close();
  removeTempDirs();
});

describe('monitoring.queries.set: templates are checked at the boundary', () => {
  it('refuses an unknown placeholder, naming it and the field', async () => {
    const error = await refusal('monitoring.queries.set', { connection: 'prom', queries: { accuracy: 'model_accuracy{team="{{team}}"}' } });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('the "accuracy" template uses {{team}}; the placeholders are {{model}}, {{version}}, {{feature}}.');
    expect(error.details).toMatchObject({ field: 'queries.accuracy' });
  });

  it('refuses an empty or blank template, naming the field', async () => {
    for (const template of ['', '   \n ']) {
      const error = await refusal('monitoring.queries.set', { connection: 'prom', model: 'm', queries: { nullRate: template } });
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe('Invalid input for "monitoring.queries.set" at "queries.nullRate": a query template cannot be empty.');
    }
  });

  it('refuses a placeholder written with single braces, and "{{" that is not one', async () => {
    const single = await refusal('monitoring.queries.set', { connection: 'prom', queries: { auc: 'model_auc{model="{model}"}' } });
    expect(single.message).toBe('the "auc" template writes {model} with single braces; placeholders take two: {{model}}.');
    const stray = await refusal('monitoring.queries.set', { connection: 'prom', queries: { auc: 'model_auc{model="{{ model"}' } });
    expect(stray.message).toMatch(/has "\{\{" that is not a placeholder/);
  });

  it('stores nothing when one template of several is refused', async () => {
    await refusal('monitoring.queries.set', {
      connection: 'prom',
      queries: { accuracy: 'custom_accuracy{model="{{model}}"}', auc: 'model_auc{x="{{nope}}"}' },
    });
    const view = await call<QueriesView>('monitoring.queries.get', { connection: 'prom' });
    expect(view.connectionSettings.queries.accuracy).toBe(DEFAULT_QUERIES.accuracy);
  });

  it('null puts a model override back to the connection, and the connection back to the default', async () => {
    const connectionTemplate = 'my_accuracy{model="{{model}}", version="v{{version}}"}';
    await call('monitoring.queries.set', { connection: 'prom', queries: { accuracy: connectionTemplate } });
    const overridden = await call<QueriesView>('monitoring.queries.set', {
      connection: 'prom',
      model: 'card-fraud-blocker',
      queries: { accuracy: 'card_accuracy{version="{{version}}"}', auc: 'card_auc{version="{{version}}"}' },
      driftThreshold: 0.2,
    });
    expect(overridden.effective.queries.accuracy).toBe('card_accuracy{version="{{version}}"}');

    const oneBack = await call<QueriesView>('monitoring.queries.set', {
      connection: 'prom',
      model: 'card-fraud-blocker',
      queries: { accuracy: null },
    });
    expect(oneBack.overrides).toEqual({ queries: { auc: 'card_auc{version="{{version}}"}' }, driftThreshold: 0.2 });
    expect(oneBack.effective.queries.accuracy).toBe(connectionTemplate);

    // The last template override gone, the threshold override stays.
    const noTemplates = await call<QueriesView>('monitoring.queries.set', {
      connection: 'prom',
      model: 'card-fraud-blocker',
      queries: { auc: null },
    });
    expect(noTemplates.overrides).toEqual({ driftThreshold: 0.2 });

    const connection = await call<QueriesView>('monitoring.queries.set', { connection: 'prom', queries: { accuracy: null } });
    expect(connection.connectionSettings.queries.accuracy).toBe(DEFAULT_QUERIES.accuracy);
    expect(connection.defaults).toEqual(DEFAULT_QUERIES);
  });
});

describe('poll interval and status', () => {
  it('defaults to 5 minutes, is set on the connection only, and is checked', async () => {
    const view = await call<QueriesView>('monitoring.queries.get', { connection: 'prom' });
    expect(view.connectionSettings.pollIntervalMinutes).toBe(5);
    const onModel = await refusal('monitoring.queries.set', { connection: 'prom', model: 'm', pollIntervalMinutes: 1 });
    expect(onModel).toMatchObject({ code: 'invalid_input', details: { field: 'pollIntervalMinutes' } });
    const fractional = await refusal('monitoring.queries.set', { connection: 'prom', pollIntervalMinutes: 1.5 });
    expect(fractional.message).toMatch(/at "pollIntervalMinutes"/);
    const changed = await call<QueriesView>('monitoring.queries.set', { connection: 'prom', pollIntervalMinutes: 15 });
    expect(changed.connectionSettings.pollIntervalMinutes).toBe(15);
  });

  it('says never polled, not scheduled, in a one-shot core', async () => {
    const [status] = await call<MonitoringStatus[]>('monitoring.status', {});
    expect(status).toEqual({
      connection: 'prom',
      pollIntervalMinutes: 15,
      scheduled: false,
      polling: false,
      lastPollAt: null,
      nextPollAt: null,
      status: 'never-polled',
      message: null,
      problems: [],
    });
    const notPrometheus = await refusal('monitoring.status', { connection: 'nope' });
    expect(notPrometheus.code).toBe('not_found');
  });
});

describe('monitoring.queries.test: what is refused before Prometheus is asked', () => {
  it('names an unknown placeholder', async () => {
    const error = await refusal('monitoring.queries.test', {
      connection: 'prom',
      template: 'up{x="{{modle}}"}',
      query: 'drift',
      model: 'm',
      version: 1,
    });
    expect(error.message).toBe('the "drift" template uses {{modle}}; the placeholders are {{model}}, {{version}}, {{feature}}.');
    expect(error.details).toMatchObject({ field: 'queries.drift' });
  });

  it('asks for a value the template needs', async () => {
    const error = await refusal('monitoring.queries.test', {
      connection: 'prom',
      template: 'model_data_quality_null_rate{model="{{model}}", feature="{{feature}}"}',
      query: 'nullRate',
      model: 'm',
    });
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'the "nullRate" template uses {{feature}}: give a feature to test it with.',
      details: { field: 'feature' },
    });
  });

  it('refuses an empty template', async () => {
    const error = await refusal('monitoring.queries.test', { connection: 'prom', template: ' ' });
    expect(error.message).toMatch(/at "template": a query template cannot be empty/);
  });
});

describe('the CLI', () => {
  it('quorum monitoring queries shows, sets and resets templates; refusals exit 2 with the core’s words', async () => {
    const set = await cli(
      [
        'monitoring',
        'queries',
        '--set',
        'accuracy=cli_accuracy{model="{{model}}"}',
        '--poll-interval',
        '30',
        '--data-dir',
        dataDir,
        '--json',
      ],
      home,
    );
    expect(set.code).toBe(0);
    const view = JSON.parse(set.stdout) as QueriesView;
    expect(view.connectionSettings).toMatchObject({ pollIntervalMinutes: 30, queries: { accuracy: 'cli_accuracy{model="{{model}}"}' } });

    const shown = await cli(['monitoring', 'queries', '--data-dir', dataDir], home);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('prom: poll every 30 min');
    expect(shown.stdout).toMatch(/accuracy \(Accuracy, edited\):\n {4}cli_accuracy\{model="\{\{model\}\}"\}/);

    const refused = await cli(['monitoring', 'queries', '--set', 'auc=model_auc{x="{{nope}}"}', '--data-dir', dataDir], home);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('uses {{nope}}; the placeholders are {{model}}, {{version}}, {{feature}}');
    const unknown = await cli(['monitoring', 'queries', '--default', 'precision', '--data-dir', dataDir], home);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown query "precision"') });

    const reset = await cli(
      ['monitoring', 'queries', '--default', 'accuracy', '--poll-interval', '15', '--data-dir', dataDir, '--json'],
      home,
    );
    expect((JSON.parse(reset.stdout) as QueriesView).connectionSettings.queries.accuracy).toBe(DEFAULT_QUERIES.accuracy);
  });

  it('quorum connect prometheus --poll-interval sets the schedule; quorum monitoring status shows it', async () => {
    const added = await cli(
      [
        'connect',
        'prometheus',
        '--name',
        'prom-2',
        '--url',
        'http://127.0.0.1:9',
        '--poll-interval',
        '2',
        '--no-test',
        '--data-dir',
        dataDir,
      ],
      home,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('polled every 2 min while the app or `quorum serve` runs');
    const status = await cli(['monitoring', 'status', '--connection', 'prom-2', '--data-dir', dataDir, '--json'], home);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual([
      expect.objectContaining({ connection: 'prom-2', pollIntervalMinutes: 2, scheduled: false }),
    ]);
    const text = await cli(['monitoring', 'status', '--connection', 'prom-2', '--data-dir', dataDir], home);
    expect(text.stdout).toContain('– prom-2: last poll never, next every 2 min while the app or `quorum serve` runs');

    const mlflow = await cli(
      ['connect', 'mlflow', '--name', 'reg', '--url', 'http://127.0.0.1:9', '--poll-interval', '2', '--no-test', '--data-dir', dataDir],
      home,
    );
    expect(mlflow).toMatchObject({ code: 2, stderr: expect.stringContaining('--poll-interval applies to Prometheus connections') });
  });
});
