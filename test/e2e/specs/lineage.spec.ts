import { expect, seriousAccessibilityViolations, test } from '../fixtures';

/**
 * Lineage on the demo workspace: its OpenLineage events (Airflow pipelines), DVC project and
 * MLflow runs join into one graph. credit-approval-scorer v4 holds @champion; upstream of it
 * are the training run, the lending/credit/train dataset versions and the Airflow job that
 * built them.
 */

test('the Lineage section draws a deployed model’s upstream graph and opens a node’s details', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Lineage' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lineage' })).toBeVisible();
  // The default start is a deployed model: a graph is drawn without choosing anything.
  await expect(page.getByRole('img', { name: /lineage graph/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Nodes \(\d+\)$/ })).toBeVisible();

  // Choose credit-approval-scorer's champion through the search.
  await page.getByRole('searchbox', { name: 'Start from a model, dataset or job' }).fill('credit-approval-scorer');
  await page.getByRole('list', { name: 'Matching nodes' }).getByRole('button', { name: 'credit-approval-scorer@champion' }).click();
  await expect(page).toHaveURL(/#\/lineage\/deployment%3Anorthwind-mlflow%3Acredit-approval-scorer%40champion$/);

  const nodes = page.getByRole('table', { name: /^Nodes/ });
  await expect(nodes.getByRole('button', { name: 'credit-approval-scorer v4', exact: true })).toBeVisible();
  await expect(nodes.getByRole('button', { name: 'lending/credit/train', exact: true })).toBeVisible();
  await expect(nodes.getByRole('button', { name: 'lending_credit_training_set.build_training_set', exact: true })).toBeVisible();
  await expect(page.getByRole('img', { name: /lineage graph/ }).locator('canvas')).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // The list is the keyboard's way in: a node opens its side panel.
  await nodes.getByRole('button', { name: 'lending_credit_training_set.build_training_set', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'lending_credit_training_set.build_training_set' });
  await expect(panel.getByText('Pipeline job', { exact: true })).toBeVisible();
  await expect(panel.getByText('airflow-prod', { exact: true })).toBeVisible();
  await expect(panel.getByRole('heading', { name: /^Facets/ })).toBeVisible();

  // A dataset answers "what is affected?" with the model versions built from it.
  await nodes.getByRole('button', { name: 'lending/credit/train', exact: true }).click();
  const datasetPanel = page.getByRole('complementary', { name: 'lending/credit/train' });
  await datasetPanel.getByRole('button', { name: 'What is affected?' }).click();
  await expect(datasetPanel.getByRole('link', { name: 'credit-approval-scorer v4' })).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('a version page’s Lineage tab shows its upstream', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.goto(`${demoServer.origin}/#/models/northwind-mlflow/credit-approval-scorer/versions/4/lineage`);
  await expect(page.getByRole('tab', { name: 'Lineage' })).toHaveAttribute('aria-selected', 'true');
  const nodes = page.getByRole('table', { name: /^Nodes/ });
  await expect(nodes.getByRole('button', { name: 'credit-approval-scorer v4', exact: true })).toBeVisible();
  await expect(nodes.getByRole('button', { name: 'lending/credit/train', exact: true })).toBeVisible();
  await expect(nodes.getByRole('button', { name: 'lending_credit_training_set', exact: true })).toBeVisible();
  // Upstream only: the version's deployment is downstream, so it is not drawn here.
  await expect(nodes.getByRole('button', { name: 'credit-approval-scorer@champion' })).toHaveCount(0);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('dropping a malformed OpenLineage file reports the rejection and keeps it in the list', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.goto(`${demoServer.origin}/#/lineage`);
  await expect(page.getByRole('heading', { level: 1, name: 'Lineage' })).toBeVisible();
  const event = { eventType: 'COMPLETE', eventTime: '2026-01-01T00:00:00Z', job: { namespace: 'e2e', name: 'no-run-id' }, run: {} };
  await page.locator('input[type=file]').setInputFiles({
    name: 'bad-event.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(event)),
  });
  await expect(page.getByRole('status').getByText('Some events were refused')).toBeVisible();
  await expect(page.getByRole('status').getByText(/Rejected .*runId/i)).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Rejected events \([1-9]\d*\)$/ })).toBeVisible();
  await page.getByRole('button', { name: /^Show the \d+ rejected events$/ }).click();
  await expect(page.getByRole('cell', { name: /runId/i }).first()).toBeVisible();
});
