import type { Page } from '@playwright/test';
import { expect, seriousAccessibilityViolations, test } from '../fixtures';

/**
 * A release request that needs the ops sign-off, made by a data scientist while the ops
 * engineer has Quorum open in browser mode: the server's watcher announces it, the page shows
 * a toast, and "View" opens the version's Sign-off tab. Serial: it changes the demo server's
 * acting identity and adds a request, and puts both back.
 */
test.describe.configure({ mode: 'serial' });

const DANA = 'Dana Okafor · Ops';
const SUBJECT = { model: 'credit-approval-scorer', version: 3 };

async function rpc(page: Page, origin: string, operation: string, input: object): Promise<unknown> {
  const response = await page.request.post(`${origin}/rpc/${operation}`, { data: input });
  const envelope = (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } };
  expect(envelope.ok, envelope.error?.message).toBe(true);
  return envelope.data;
}

test('a request waiting for my role shows a toast that opens its Sign-off tab', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  const select = page.getByLabel('Acting as');
  await expect(select).toBeVisible();
  await select.selectOption({ label: DANA });
  await expect(select.locator('option:checked')).toHaveText(DANA);
  try {
    // The watcher takes what already waits for Dana as her baseline once it sees the switch
    // (debounced by 400 ms); a request made before that would be part of it.
    await page.waitForTimeout(1500);
    await rpc(page, demoServer.origin, 'governance.requests.create', {
      actor: 'Jonah Lindqvist',
      ...SUBJECT,
      note: 'Recalibrated on Q3 applications',
    });

    const region = page.getByRole('status', { name: 'Notifications' });
    const toast = region.getByRole('article', { name: 'Release requested: credit-approval-scorer v3 → production' });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('needs your sign-off as ops; requested by Jonah Lindqvist: “Recalibrated on Q3 applications”');
    await expect(toast.getByText('Sign-off', { exact: true })).toBeVisible();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await toast.getByRole('link', { name: /^View/ }).click();
    await expect(page).toHaveURL(/credit-approval-scorer\/versions\/3\/sign-off$/);
    await expect(page.getByRole('tab', { name: 'Sign-off' })).toHaveAttribute('aria-selected', 'true');
    await expect(toast).toHaveCount(0);
  } finally {
    const requests = (await rpc(page, demoServer.origin, 'governance.requests.inbox', { box: 'open', limit: 1000 })) as {
      items: { id: string; model: string; version: number }[];
    };
    const made = requests.items.find((r) => r.model === SUBJECT.model && r.version === SUBJECT.version);
    if (made) await rpc(page, demoServer.origin, 'governance.requests.cancel', { actor: 'Jonah Lindqvist', id: made.id });
    await rpc(page, demoServer.origin, 'governance.identities.activate', { identity: 'Sam Whitfield' });
  }
});

test('a toast is dismissed with Escape', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await expect(page.getByLabel('Acting as')).toBeVisible();
  const select = page.getByLabel('Acting as');
  await select.selectOption({ label: DANA });
  await expect(select.locator('option:checked')).toHaveText(DANA);
  try {
    await page.waitForTimeout(1500);
    await rpc(page, demoServer.origin, 'governance.requests.create', { actor: 'Priya Raman', model: 'card-fraud-blocker', version: 3 });
    const toast = page
      .getByRole('status', { name: 'Notifications' })
      .getByRole('article', { name: 'Release requested: card-fraud-blocker v3 → production' });
    await expect(toast).toBeVisible();
    await toast.getByRole('button', { name: /^Dismiss:/ }).focus();
    await page.keyboard.press('Escape');
    await expect(toast).toHaveCount(0);
  } finally {
    const requests = (await rpc(page, demoServer.origin, 'governance.requests.inbox', { box: 'open', limit: 1000 })) as {
      items: { id: string; model: string; version: number }[];
    };
    const made = requests.items.find((r) => r.model === 'card-fraud-blocker' && r.version === 3);
    if (made) await rpc(page, demoServer.origin, 'governance.requests.cancel', { actor: 'Priya Raman', id: made.id });
    await rpc(page, demoServer.origin, 'governance.identities.activate', { identity: 'Sam Whitfield' });
  }
});
