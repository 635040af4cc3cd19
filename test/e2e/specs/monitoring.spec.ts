import { demoScores, exposition } from '../../monitoring/support/demo-metrics';
import { startPrometheusStack, type PrometheusStack } from '../../monitoring/support/prometheus-stack';
import { expect, seriousAccessibilityViolations, test } from '../fixtures';

/**
 * A Prometheus connection's page against a real Prometheus scraping a real Pushgateway
 * (Debian packages, on 127.0.0.1): add it, poll it, and edit a PromQL template with
 * "Test query" — Prometheus's own error for a bad query, the sample for a good one — then
 * save and reset. The empty workspace is used so the demo's drift history stays as the
 * drift spec expects; the connection is removed at the end.
 */

let stack: PrometheusStack;

test.beforeAll(async () => {
  stack = await startPrometheusStack();
  const scores = demoScores();
  await stack.push(exposition(scores));
  await stack.waitFor('model_accuracy', (r) => r.length === scores.length);
});

test.afterAll(async () => {
  await stack?.stop();
});

test('an ops engineer connects Prometheus, polls it and edits a template with Test query', async ({ page, emptyServer }) => {
  test.setTimeout(60_000);
  await page.goto(emptyServer.launchUrl);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`${emptyServer.origin}/#/settings/connections/new`);
  await page.getByRole('radio', { name: /Prometheus/ }).check();
  await page.getByLabel('Name').fill('metrics');
  await page.getByLabel('Address').fill(stack.prometheusUrl);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page).toHaveURL(/#\/settings\/connections$/);
  const table = page.getByRole('table', { name: 'Connections and their sync status' });
  await expect(table.getByRole('rowheader', { name: 'metrics' })).toBeVisible();

  await page.goto(`${emptyServer.origin}/#/settings/connections/metrics/edit`);
  const polling = page.getByRole('region', { name: 'Polling' });
  await polling.getByRole('button', { name: 'Poll now' }).click();
  await expect(polling.getByText('Polled', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(polling.getByLabel('Poll every (minutes)')).toHaveValue('5');

  const templates = page.getByRole('region', { name: 'PromQL templates' });
  await expect(templates.getByText('{{model}}', { exact: true })).toBeVisible();
  await templates.getByLabel('Model', { exact: true }).fill('card-fraud-blocker');
  await templates.getByLabel('Version', { exact: true }).fill('4');

  const accuracy = templates.getByRole('region', { name: /Quality · Accuracy/ });
  const field = accuracy.getByRole('textbox');
  await field.fill('sum by (model (model_accuracy{model="{{model}}"})');
  await accuracy.getByRole('button', { name: /^Test query/ }).click();
  const refused = accuracy.getByRole('alert', { name: 'Accuracy: Prometheus refused the query' });
  await expect(refused).toContainText('bad_data, HTTP 400');
  await expect(refused).toContainText('parse error');
  await expect(field).toHaveValue('sum by (model (model_accuracy{model="{{model}}"})');

  await field.fill('model_accuracy{model="{{model}}", version="{{version}}"} * 100');
  await accuracy.getByRole('button', { name: /^Test query/ }).click();
  const answered = accuracy.getByRole('status', { name: 'Accuracy: Prometheus answered' });
  await expect(answered).toContainText('1 series.');
  await expect(answered).toContainText('81');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await accuracy.getByRole('button', { name: /^Save/ }).click();
  await expect(accuracy.getByText('Edited', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: /Quality · Accuracy/ }).getByRole('textbox')).toHaveValue(
    'model_accuracy{model="{{model}}", version="{{version}}"} * 100',
  );
  // The reset refetches the templates; wait for that answer so nothing is in flight when the page closes.
  const refetched = page.waitForResponse((response) => response.url().endsWith('/rpc/monitoring.queries.get'));
  await page
    .getByRole('region', { name: /Quality · Accuracy/ })
    .getByRole('button', { name: /^Reset to default/ })
    .click();
  await refetched;
  await expect(page.getByRole('region', { name: /Quality · Accuracy/ }).getByText('Default', { exact: true })).toBeVisible();

  // Leave the workspace as it was for the other specs of this worker.
  await page.getByRole('button', { name: 'Remove metrics…' }).click();
  await page.getByRole('dialog', { name: 'Remove metrics?' }).getByRole('button', { name: 'Remove metrics' }).click();
  await expect(page).toHaveURL(/#\/settings\/connections$/);
});
