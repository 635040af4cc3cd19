import { expect, seriousAccessibilityViolations, test } from '../fixtures';

/**
 * Drift on the demo workspace: the recorded daily history plus the latest window computed
 * from the demo's CSV samples (electron/core/demo/load-drift.ts). card-fraud-blocker v4
 * drifts, credit-approval-scorer v4 does not.
 */

const DRIFTED = [
  'amount',
  'merchant_category',
  'channel',
  'txn_velocity_1h',
  'merchant_chargeback_rate_90d',
  'card_merchant_pair_count_30d',
];

test('the Drift section shows the drifting and the stable champion', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Drift' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drift' })).toBeVisible();

  const card = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'card-fraud-blocker v4' }) });
  await expect(card.getByText('Drift', { exact: true })).toBeVisible();
  await expect(card.getByRole('img', { name: /^Drift share over \d+ windows/ })).toBeVisible();
  const credit = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'credit-approval-scorer v4' }) });
  await expect(credit.getByText('OK', { exact: true })).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await card.getByRole('link', { name: 'card-fraud-blocker v4' }).click();
  await expect(page).toHaveURL(/card-fraud-blocker\/versions\/4\/drift$/);
  await expect(page.getByRole('tab', { name: 'Drift' })).toHaveAttribute('aria-selected', 'true');
});

test('the drifting version’s Drift tab lists its drifted features and charts their trend', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.goto(`${demoServer.origin}/#/models/northwind-mlflow/card-fraud-blocker/versions/4/drift`);
  await expect(page.getByRole('heading', { level: 2, name: 'Latest drift status' })).toBeVisible();
  await expect(page.getByText('0.6 ≥ 0.5 (6 of 10 features)')).toBeVisible();

  const table = page.getByRole('table', { name: /Drift per feature/ });
  for (const feature of DRIFTED) {
    const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Chart ${feature}`, exact: true }) });
    await expect(row.getByText('Drift', { exact: true })).toBeVisible();
  }
  await expect(
    table
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'Chart device_age_days' }) })
      .getByText('No drift'),
  ).toBeVisible();

  // Sortable from the keyboard: the header buttons change aria-sort.
  const featureHeader = table.getByRole('columnheader', { name: /Feature/ });
  await featureHeader.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(featureHeader).toHaveAttribute('aria-sort', 'ascending');

  await table.getByRole('button', { name: 'Chart channel', exact: true }).click();
  // Reference against current over the same categories, as shares, with the counts as a table.
  await expect(page.getByRole('heading', { level: 2, name: /^channel: reference against current/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^channel: share of rows in each of 4 values, reference \(3,000 rows\)/ })).toBeVisible();
  await page.getByText('Show the channel distributions as a table').click();
  await expect(
    page.getByRole('table', { name: 'channel: rows per bin, reference and current' }).getByRole('rowheader', { name: 'ecommerce' }),
  ).toBeVisible();
  // The demo's reference samples are not in its lineage: the page says so and links the version's upstream lineage.
  await expect(page.getByText(/The reference sample is not in the lineage graph/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Upstream lineage of card-fraud-blocker v4' })).toHaveAttribute(
    'href',
    /card-fraud-blocker\/versions\/4\/lineage$/,
  );
  await expect(page.getByRole('heading', { level: 2, name: /^channel over time/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^channel: Jensen–Shannon distance over \d+ windows, threshold 0.1/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Share of drifted features over \d+ windows/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Which features drifted/ })).toBeVisible();
  await expect(page.getByText(/No Prometheus connection in this workspace/)).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});
