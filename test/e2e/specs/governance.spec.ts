import type { Page } from '@playwright/test';
import { expect, seriousAccessibilityViolations, test } from '../fixtures';

/**
 * Governance on the demo workspace (resources/demo/governance/story.json replayed as signed
 * ledger events): the inbox, the Sign-off tab, the last sign-off as the compliance officer,
 * and the Audit section. Serial: the tests share one demo server per worker, and the approval
 * changes what later pages show.
 */
test.describe.configure({ mode: 'serial' });

const WAITING = '#/models/northwind-mlflow/credit-approval-scorer/versions/5/sign-off';
const HELEN = 'Helen Fischer · Compliance';

async function actAs(page: Page, label: string): Promise<void> {
  const select = page.getByLabel('Acting as');
  await expect(select).toBeVisible();
  await select.selectOption({ label });
  await expect(select.locator('option:checked')).toHaveText(label);
}

test('the inbox lists the waiting request, for everyone and for the compliance officer', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Approvals' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();

  await page.getByRole('tab', { name: /^All open/ }).click();
  await expect(page.getByRole('link', { name: 'credit-approval-scorer@5' })).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await actAs(page, HELEN);
  await page.getByRole('tab', { name: /^Waiting for me/ }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'credit-approval-scorer@5' }) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Waiting: Compliance')).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await row.getByRole('link', { name: 'credit-approval-scorer@5' }).click();
  await expect(page).toHaveURL(/credit-approval-scorer\/versions\/5\/sign-off$/);
});

test('the waiting version’s Sign-off tab shows the missing compliance sign-off', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.goto(`${demoServer.origin}/${WAITING}`);
  await expect(page.getByRole('tab', { name: 'Sign-off' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('link', { name: /open the sign-off checklist/ })).toContainText('Blocked — 1 sign-off missing');

  const compliance = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Compliance' }) });
  await expect(compliance.getByText('Waiting', { exact: true })).toBeVisible();
  await expect(compliance.getByText('Waiting for 1 more compliance sign-off.')).toBeVisible();
  const ops = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Ops' }) });
  await expect(ops.getByText('Canary at 10% of applications for 7 days.')).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Release to production' })
      .getByRole('listitem')
      .filter({ hasText: '1 compliance sign-off missing (0 of 1).' }),
  ).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('the blocked retrain shows its failing metric with the number and the threshold', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.goto(`${demoServer.origin}/#/models/northwind-mlflow/card-fraud-blocker/versions/5/sign-off`);
  const check = page.getByRole('listitem').filter({ hasText: 'val_auc 0.9187 does not meet ≥ 0.93' });
  await expect(check.getByText('Fail', { exact: true })).toBeVisible();
});

test('the Audit section shows an intact ledger and the promotion outside Quorum', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  const verification = page.getByRole('region', { name: 'Ledger verification' });
  await expect(verification.getByText('Intact', { exact: true })).toBeVisible();
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings.getByText('offer-pricing @champion → v4')).toBeVisible();
  await expect(findings.getByText(/outside Quorum/).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').first()).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('the compliance officer approves after seeing what will be signed, and the gate is ready', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await page.goto(`${demoServer.origin}/${WAITING}`);
  await actAs(page, HELEN);

  const compliance = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Compliance' }) });
  await compliance.getByRole('button', { name: 'Approve…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Comment').fill('Validated: consent flag and fairness review FR-044 attached.');
  const signed = dialog.getByRole('region', { name: 'What will be signed' });
  await expect(signed.getByText('credit-approval-scorer@5 to production (northwind-mlflow)')).toBeVisible();
  await expect(signed.getByText('Validated: consent flag and fairness review FR-044 attached.')).toBeVisible();
  await expect(
    dialog.getByRole('region', { name: 'Signed by' }).getByText('Helen Fischer <helen.fischer@northwind.example>'),
  ).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await dialog.getByRole('button', { name: 'Sign approval as Helen Fischer' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('link', { name: /open the sign-off checklist/ })).toContainText('Ready to release');
  await expect(compliance.getByText('Signed', { exact: true })).toBeVisible();
});
