import { expect, test } from '../fixtures';

test('the API refuses a page that has not been given the token', async ({ browser, demoServer }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.request.post(`${demoServer.origin}/rpc/system.info`, { data: {} });
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  await context.close();
});

test('the launch URL trades its token for a cookie and leaves the address bar clean', async ({ page, demoServer }) => {
  await page.goto(demoServer.launchUrl);
  await expect(page).toHaveURL(new RegExp(`^${demoServer.origin}/(#.*)?$`));
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'quorum_token')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
});
