import { expect, seriousAccessibilityViolations, test } from '../fixtures';

test('the demo models list leads to a model and one of its versions', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  const grid = page.getByRole('grid', { name: 'Models' });
  const rows = grid.getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(8);

  await rows.nth(1).getByRole('link').first().click();
  await expect(page).toHaveURL(/#\/models\/[^/]+\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page
    .getByRole('link', { name: /^v\d+|version \d+/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/versions\/\d+$/);
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('search narrows the list and says when nothing matches', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  const grid = page.getByRole('grid', { name: 'Models' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  const search = page.getByRole('searchbox');
  await search.fill('zzzz-no-such-model');
  await expect(page.getByText(/no models match/i)).toBeVisible();
});

test('the command palette jumps to a model from the keyboard', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await expect(page.getByRole('grid', { name: 'Models' }).getByRole('row').nth(1)).toBeVisible();
  const firstModel = (
    await page.getByRole('grid', { name: 'Models' }).getByRole('row').nth(1).getByRole('link').first().innerText()
  ).trim();
  await page.keyboard.press('Control+K');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.type(firstModel);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: firstModel })).toBeVisible();
});
