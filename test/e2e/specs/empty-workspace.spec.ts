import { expect, seriousAccessibilityViolations, test } from '../fixtures';

test('an empty workspace teaches, and opening the demo fills it', async ({ page, emptyServer }) => {
  await page.goto(emptyServer.launchUrl);
  await expect(page.getByText(/no connections yet/i)).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.getByRole('button', { name: /demo/i }).click();
  await expect(page.getByRole('grid', { name: 'Models' }).getByRole('row').nth(1)).toBeVisible();
});
