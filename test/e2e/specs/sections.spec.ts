import { expect, seriousAccessibilityViolations, test } from '../fixtures';

const SECTIONS = ['Models', 'Lineage', 'Approvals', 'Drift', 'Reports', 'Audit', 'Settings'] as const;

test('every section of the demo workspace opens from the navigation, accessibly', async ({ page, demoServer, problems }) => {
  await page.goto(demoServer.launchUrl);
  const navigation = page.getByRole('navigation', { name: 'Sections' });
  for (const section of SECTIONS) {
    await navigation.getByRole('link', { name: section }).click();
    await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible();
    await expect(navigation.getByRole('link', { name: section })).toHaveAttribute('aria-current', 'page');
    expect(await seriousAccessibilityViolations(page), `accessibility of ${section}`).toEqual([]);
  }
  expect(problems).toEqual([]);
});

test('the dark theme is accessible too', async ({ page, demoServer }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(demoServer.launchUrl);
  await expect(page.getByRole('grid', { name: 'Models' }).getByRole('row').nth(1)).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('an unknown address shows a way back', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await expect(page.getByRole('grid', { name: 'Models' })).toBeVisible();
  await page.goto(`${demoServer.origin}/#/no-such-place`);
  await expect(page.getByRole('link', { name: /models/i }).first()).toBeVisible();
});
