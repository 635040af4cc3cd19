// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OPERATIONS, type OperationInput, type OperationName, type OperationOutput } from '@shared/contract';
import { MONITORING_QUERY_NAMES, type MonitoringQueryName, type QueryOverrides, type QuerySet } from '@shared/domain/monitoring';
// Prometheus 2.42's real answers (../shared/fixtures/prometheus): the double answers "Test query" with them only.
import badPromql from '../../../../../shared/fixtures/prometheus/query_error_bad_promql.json';
import driftVector from '../../../../../shared/fixtures/prometheus/query_drift_over_threshold.json';
import { QuorumCallError } from '../../platform/call';
import { PromQlTemplates } from './PromQlTemplates';

/**
 * The template editor against a stand-in core that keeps templates as the core does (per
 * connection, per-model overrides, null puts one back) and checks every call and answer
 * against the contract's own schemas, so the screen is held to what the real core accepts
 * and returns. The core's validation itself is tested in test/monitoring/queries-ops.test.ts.
 */

const fake = vi.hoisted(() => ({
  handle: null as null | ((operation: string, input: unknown) => Promise<unknown>),
}));

vi.mock('../../platform/api', () => ({
  api: {},
  call: (operation: string, input: unknown) => {
    if (!fake.handle) throw new Error('no fake core');
    return fake.handle(operation, input);
  },
}));

const DEFAULTS: Record<MonitoringQueryName, string> = {
  drift: 'model_feature_drift_score{model="{{model}}", version="{{version}}"}',
  accuracy: 'model_accuracy{model="{{model}}", version="{{version}}"}',
  auc: 'model_auc{model="{{model}}", version="{{version}}"}',
  nullRate: 'model_data_quality_null_rate{model="{{model}}", version="{{version}}"}',
  latencyP95: 'histogram_quantile(0.95, sum by (le) (rate(model_prediction_latency_seconds_bucket{model="{{model}}"}[5m])))',
  errorRate: 'sum(rate(model_requests_total{model="{{model}}", outcome="error"}[5m]))',
};

const MODEL = {
  connection: 'northwind-mlflow',
  description: '',
  team: 'Fraud',
  owner: null,
  riskTier: 'high' as const,
  versionCount: 4,
  tags: [],
  createdAt: 1,
  lastUpdatedAt: 1,
  deletedOnServerAt: null,
};

type Answer = (input: unknown) => unknown;

class FakeCore {
  connection: QuerySet = {
    queries: { ...DEFAULTS },
    driftThreshold: 0.1,
    driftShare: 0.5,
    deployedAliases: ['champion'],
    registryConnection: null,
    pollIntervalMinutes: 5,
  };
  overrides = new Map<string, QueryOverrides>();
  calls: { operation: string; input: unknown }[] = [];
  /** The next answer to one operation, instead of the stand-in's own (a refusal, Prometheus's reply). */
  next = new Map<string, Answer>();

  async handle(operation: string, raw: unknown): Promise<unknown> {
    if (!Object.hasOwn(OPERATIONS, operation)) throw new Error(`unknown operation ${operation}`);
    const name = operation as OperationName;
    // What the screen sends must pass the contract, as at the real core's boundary.
    const input: unknown = OPERATIONS[name].input.parse(raw);
    this.calls.push({ operation, input });
    const scripted = this.next.get(operation);
    this.next.delete(operation);
    const output = scripted ? scripted(input) : this.answer(name, input);
    return OPERATIONS[name].output.parse(output);
  }

  callsOf<K extends OperationName>(operation: K): OperationInput<K>[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.input as OperationInput<K>);
  }

  private answer(operation: OperationName, input: unknown): unknown {
    switch (operation) {
      case 'models.list':
        return {
          total: 2,
          items: [
            { ...MODEL, name: 'churn-predictor', latestVersion: 7, aliases: [] },
            { ...MODEL, name: 'card-fraud-blocker', latestVersion: 5, aliases: [{ alias: 'champion', version: 4 }] },
          ],
        };
      case 'monitoring.queries.get':
        return this.view((input as OperationInput<'monitoring.queries.get'>).model ?? null);
      case 'monitoring.queries.set': {
        const change = input as OperationInput<'monitoring.queries.set'>;
        const model = change.model ?? null;
        if (model === null) {
          for (const [query, template] of Object.entries(change.queries ?? {})) {
            this.connection.queries[query as MonitoringQueryName] = template ?? DEFAULTS[query as MonitoringQueryName];
          }
        } else {
          const queries = { ...this.overrides.get(model)?.queries, ...change.queries };
          const kept = Object.fromEntries(Object.entries(queries).filter(([, t]) => typeof t === 'string'));
          this.overrides.set(model, Object.keys(kept).length > 0 ? { queries: kept } : {});
        }
        return this.view(model);
      }
      default:
        throw new Error(`the stand-in core has no answer for ${operation}`);
    }
  }

  private view(model: string | null): OperationOutput<'monitoring.queries.get'> {
    const overrides = model === null ? null : (this.overrides.get(model) ?? {});
    return {
      connection: 'prom',
      model,
      connectionSettings: this.connection,
      overrides,
      effective: { ...this.connection, queries: { ...this.connection.queries, ...overrides?.queries } },
      defaults: DEFAULTS,
    };
  }
}

let core: FakeCore;

beforeEach(() => {
  core = new FakeCore();
  fake.handle = (operation, input) => core.handle(operation, input);
});

afterEach(() => {
  cleanup();
  fake.handle = null;
});

function renderEditor() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <PromQlTemplates connection="prom" />
    </QueryClientProvider>,
  );
}

/** One template's section, found by its label. */
async function template(label: RegExp) {
  const field = await screen.findByLabelText(label, { selector: 'textarea' });
  const section = field.closest('section');
  if (!section) throw new Error('template outside a section');
  return { field: field as HTMLTextAreaElement, section: within(section) };
}

describe('PromQL templates editor', () => {
  it('shows every template with its placeholders, and tests with a deployed model version by default', async () => {
    renderEditor();
    for (const name of MONITORING_QUERY_NAMES) {
      expect((await screen.findAllByDisplayValue(DEFAULTS[name])).length).toBeGreaterThan(0);
    }
    expect(screen.getAllByRole('textbox', { name: /Drift score|Quality|Data quality|Serving/ })).toHaveLength(6);
    for (const placeholder of ['{{model}}', '{{version}}', '{{feature}}']) expect(screen.getByText(placeholder)).toBeTruthy();
    // card-fraud-blocker holds the deployed alias (champion → v4); churn-predictor holds none.
    await waitFor(() => expect((screen.getByLabelText('Model') as HTMLInputElement).value).toBe('card-fraud-blocker'));
    expect((screen.getByLabelText('Version') as HTMLInputElement).value).toBe('4');
    const { section } = await template(/Accuracy/);
    expect(section.getByText('Default')).toBeTruthy();
  });

  it("Test query runs the draft and shows Prometheus's own error, verbatim, without saving", async () => {
    core.next.set('monitoring.queries.test', () => ({
      ok: false,
      promql: 'sum by (model (model_accuracy{model="card-fraud-blocker"})',
      evaluatedAt: 1795328085000,
      errorType: badPromql.errorType,
      error: badPromql.error,
      status: 400,
      warnings: [],
    }));
    renderEditor();
    await waitFor(() => expect((screen.getByLabelText('Model') as HTMLInputElement).value).toBe('card-fraud-blocker'));
    const { field, section } = await template(/Accuracy/);
    fireEvent.change(field, { target: { value: 'sum by (model (model_accuracy{model="{{model}}"})' } });
    fireEvent.click(section.getByRole('button', { name: /^Test query\s*for Accuracy$/ }));

    const refused = await section.findByRole('alert', { name: 'Accuracy: Prometheus refused the query' });
    expect(within(refused).getByText(/bad_data, HTTP 400/)).toBeTruthy();
    expect(within(refused).getByText(badPromql.error)).toBeTruthy();
    expect(core.callsOf('monitoring.queries.test')).toEqual([
      {
        connection: 'prom',
        template: 'sum by (model (model_accuracy{model="{{model}}"})',
        query: 'accuracy',
        model: 'card-fraud-blocker',
        version: 4,
      },
    ]);
    expect(core.callsOf('monitoring.queries.set')).toEqual([]);
    // The draft stays, marked unsaved.
    expect(field.value).toBe('sum by (model (model_accuracy{model="{{model}}"})');
    expect(section.getByText('Default · unsaved changes')).toBeTruthy();
  });

  it('Test query shows the samples Prometheus returned', async () => {
    core.next.set('monitoring.queries.test', () => ({
      ok: true,
      promql: 'model_feature_drift_score{model="fraud-detector", version="v3"}',
      evaluatedAt: 1795328085000,
      result: {
        resultType: 'vector',
        series: driftVector.data.result.map((s) => ({
          metric: s.metric,
          sample: { time: s.value[0] as number, value: Number(s.value[1]), raw: String(s.value[1]) },
        })),
      },
      warnings: [],
      infos: [],
    }));
    renderEditor();
    const { section } = await template(/Drift score per feature/);
    fireEvent.click(section.getByRole('button', { name: /^Test query\s*for Drift score per feature$/ }));
    const answered = await section.findByRole('status', { name: 'Drift score per feature: Prometheus answered' });
    expect(within(answered).getByText('2 series.')).toBeTruthy();
    expect(within(answered).getByText('0.3285')).toBeTruthy();
    expect(within(answered).getByText('0.419')).toBeTruthy();
    expect(within(answered).getByText(/feature="transaction_amount"/)).toBeTruthy();
  });

  it('saves a template, then resets it to the default', async () => {
    renderEditor();
    const { field, section } = await template(/Accuracy/);
    const save = section.getByRole('button', { name: /^Save\s*Accuracy$/ });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field, { target: { value: 'custom_accuracy{model="{{model}}", version="v{{version}}"}' } });
    fireEvent.click(save);
    await waitFor(() => expect(section.getByText('Edited')).toBeTruthy());
    expect(core.callsOf('monitoring.queries.set')).toEqual([
      { connection: 'prom', queries: { accuracy: 'custom_accuracy{model="{{model}}", version="v{{version}}"}' }, reset: false },
    ]);
    expect(field.value).toBe('custom_accuracy{model="{{model}}", version="v{{version}}"}');

    fireEvent.click(section.getByRole('button', { name: /^Reset to default\s*for Accuracy$/ }));
    await waitFor(() => expect(section.getByText('Default')).toBeTruthy());
    expect(core.callsOf('monitoring.queries.set').at(-1)).toEqual({ connection: 'prom', queries: { accuracy: null }, reset: false });
    expect(field.value).toBe(DEFAULTS.accuracy);
  });

  it('refuses an empty template before asking the core, and shows the core’s refusal with the draft kept', async () => {
    renderEditor();
    const { field, section } = await template(/AUC/);
    fireEvent.change(field, { target: { value: '   ' } });
    fireEvent.click(section.getByRole('button', { name: /^Save\s*AUC$/ }));
    expect(section.getByText(/A query template cannot be empty/)).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(core.callsOf('monitoring.queries.set')).toEqual([]);

    const refusal = 'the "auc" template uses {{team}}; the placeholders are {{model}}, {{version}}, {{feature}}.';
    core.next.set('monitoring.queries.set', () => {
      throw new QuorumCallError('monitoring.queries.set', { code: 'invalid_input', message: refusal, details: { field: 'queries.auc' } });
    });
    fireEvent.change(field, { target: { value: 'model_auc{team="{{team}}"}' } });
    fireEvent.click(section.getByRole('button', { name: /^Save\s*AUC$/ }));
    const error = await section.findByRole('alert', { name: 'AUC: not saved' });
    expect(within(error).getByText(refusal)).toBeTruthy();
    expect(field.value).toBe('model_auc{team="{{team}}"}');
  });

  it("edits one model's override, which falls back to the connection's template", async () => {
    renderEditor();
    await screen.findByRole('option', { name: 'card-fraud-blocker only' });
    fireEvent.change(screen.getByLabelText('Templates for'), { target: { value: 'card-fraud-blocker' } });
    const { field, section } = await template(/p95 latency/);
    await waitFor(() => expect(section.getByText('From the connection')).toBeTruthy());
    const reset = section.getByRole('button', { name: /^Use the connection’s\s*for p95 latency$/ }) as HTMLButtonElement;
    expect(reset.disabled).toBe(true);

    fireEvent.change(field, { target: { value: 'card_p95{version="{{version}}"}' } });
    fireEvent.click(section.getByRole('button', { name: /^Save\s*p95 latency$/ }));
    await waitFor(() => expect(section.getByText('card-fraud-blocker only')).toBeTruthy());
    expect(core.callsOf('monitoring.queries.set').at(-1)).toEqual({
      connection: 'prom',
      model: 'card-fraud-blocker',
      queries: { latencyP95: 'card_p95{version="{{version}}"}' },
      reset: false,
    });

    fireEvent.click(reset);
    await waitFor(() => expect(field.value).toBe(DEFAULTS.latencyP95));
    expect(core.callsOf('monitoring.queries.set').at(-1)).toMatchObject({ model: 'card-fraud-blocker', queries: { latencyP95: null } });
  });
});
