import { startMlflowDouble, type MlflowDouble } from '../../doubles/mlflow-server';
import { expect, seriousAccessibilityViolations, test } from '../fixtures';

/**
 * Issue 3's screens: a connection added through Settings against the MLflow double (real
 * HTTP on 127.0.0.1, recorded responses), tested, saved, synced into the Models grid and
 * removed again; and, on the demo, the rendered model description and the comparison.
 */

let mlflow: MlflowDouble;

test.beforeAll(async () => {
  mlflow = await startMlflowDouble({ port: 0 });
});

test.afterAll(async () => {
  await mlflow.close();
});

test('a new user adds an MLflow server, tests it, syncs it and sees its models', async ({ page, emptyServer }) => {
  // The workspace starts empty, but other specs in this worker may have opened the demo in it since.
  await page.goto(emptyServer.launchUrl);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`${emptyServer.origin}/#/settings/connections`);
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Add connection' }).click();
  await expect(page).toHaveURL(/#\/settings\/connections\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Add connection' })).toBeVisible();

  // A bad address is refused in words, and what was typed stays.
  await page.getByLabel('Name').fill('staging');
  await page.getByLabel('Address').fill('mlflow.internal');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('The address must start with http:// or https://.')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('staging');

  await page.getByLabel('Address').fill(mlflow.url);
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByRole('region', { name: 'Connection test result' });
  await expect(result.getByText('Connection works')).toBeVisible();
  await expect(result.getByText(/^Version \d/)).toBeVisible();
  await expect(result.getByText('Model aliases')).toBeVisible();
  // Write-back is off unless chosen; not verifying TLS is a visible, warned choice.
  await expect(page.getByLabel('Allow write-back')).not.toBeChecked();
  await page.getByLabel('Don’t verify the server’s TLS certificate').check();
  await expect(page.getByText(/could impersonate this server/)).toBeVisible();
  await page.getByLabel('Don’t verify the server’s TLS certificate').uncheck();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page).toHaveURL(/#\/settings\/connections$/);
  const table = page.getByRole('table', { name: 'Connections and their sync status' });
  await expect(table.getByRole('rowheader', { name: 'staging' })).toBeVisible();
  await expect(table.getByText('Never synced')).toBeVisible();

  await expect(page.getByRole('status', { name: 'Connection added' })).toContainText('is saved and answers');
  await table.getByRole('button', { name: 'Sync now for staging' }).click();
  const done = page.getByRole('status').filter({ hasText: /Fetched \d+ models?/ });
  await expect(done).toBeVisible({ timeout: 20_000 });
  await expect(table.getByText('Synced', { exact: true }).first()).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Models', exact: true }).first().click();
  const rows = page.getByRole('grid', { name: 'Models' }).getByRole('row');
  await expect(rows.filter({ hasText: 'staging' }).first()).toBeVisible();

  // Removing says what goes with it, and leaves the workspace as it found it for other tests in this worker.
  await page.goto(`${emptyServer.origin}/#/settings/connections/staging/edit`);
  await page.getByRole('button', { name: 'Remove staging…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove staging?' });
  await expect(dialog.getByText(/\d+ models? and \d+ versions? synced from staging will be removed/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Remove staging' }).click();
  await expect(page).toHaveURL(/#\/settings\/connections$/);
  await expect(page.getByRole('rowheader', { name: 'staging' })).toHaveCount(0);
});

test('two demo versions compare side by side', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.getByRole('searchbox').fill('card-fraud-blocker');
  await page.getByRole('grid', { name: 'Models' }).getByRole('link', { name: 'card-fraud-blocker' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'card-fraud-blocker' })).toBeVisible();

  const boxes = page.getByRole('checkbox', { name: /^Compare version \d+$/ });
  await boxes.nth(1).check();
  await boxes.nth(0).check();
  await page.getByRole('link', { name: 'Compare 2 versions' }).click();
  await expect(page).toHaveURL(/\/compare\/\d+,\d+$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Parameters' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Final metrics' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Dataset inputs' })).toBeVisible();
  await expect(page.getByText('differs').first()).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('a model description is rendered as Markdown, without raw HTML', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.getByRole('searchbox').fill('card-fraud-blocker');
  await page.getByRole('grid', { name: 'Models' }).getByRole('link', { name: 'card-fraud-blocker' }).click();
  const description = page.getByRole('region', { name: 'Description' });
  await expect(description.locator('strong', { hasText: 'Decision:' })).toBeVisible();
  await expect(description).not.toContainText('**');
  expect(await description.locator('script, iframe, img, style').count()).toBe(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Versions over time' })).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});
