import { createServer } from 'node:net';
import { expect, seriousAccessibilityViolations, test } from '../fixtures';
import { startServer, type RunningServer } from '../server';

/**
 * Settings › Lineage receiver in browser mode: turn it on, copy the key shown once, and a
 * pipeline's event sent with that key arrives. Its own server: turning the receiver on and
 * storing an event would change the shared empty workspace other specs rely on.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ demo: false });
});
test.afterAll(async () => {
  await server.stop();
});

test('a user turns the lineage receiver on in Settings and a pipeline sends it an event with the key', async ({ page }) => {
  const port = await freePort();
  await page.goto(server.launchUrl);
  await page.goto(`${server.origin}/#/settings`);
  const section = page.getByRole('region', { name: 'Lineage receiver' });
  await expect(section.getByRole('status')).toContainText('Off');

  await section.getByLabel('Receive OpenLineage events from pipelines').check();
  await section.getByLabel('Port').fill(String(port));
  await section.getByRole('button', { name: 'Save' }).click();

  const keyRegion = section.getByRole('region', { name: 'New API key' });
  await expect(keyRegion).toBeVisible();
  await expect(keyRegion.getByRole('textbox', { name: 'OPENLINEAGE_URL' })).toHaveValue(`http://127.0.0.1:${port}`);
  const apiKey = await keyRegion.getByRole('textbox', { name: 'OPENLINEAGE_API_KEY' }).inputValue();
  expect(apiKey).toMatch(/^qlk_/);
  await expect(section.getByRole('status')).toContainText('Receiving');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // A pipeline (here: this test process) sends a RunEvent with the key, as the OpenLineage clients do.
  const event = {
    eventType: 'COMPLETE',
    eventTime: '2026-01-01T00:00:00Z',
    run: { runId: '0195c7a4-5b7d-7f2e-9d4a-4a1c2e3f4b5c' },
    job: { namespace: 'e2e', name: 'receiver-job' },
    inputs: [{ namespace: 'e2e', name: 'raw' }],
    outputs: [{ namespace: 'e2e', name: 'clean' }],
    producer: 'https://quorum.test/e2e',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
  const post = (key: string) =>
    fetch(`http://127.0.0.1:${port}/api/v1/lineage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
  expect((await post(apiKey)).status).toBe(201);
  expect((await post('qlk_wrong-key-0123456789abcdef')).status).toBe(401);

  await keyRegion.getByRole('button', { name: 'I have copied it' }).click();
  await expect(keyRegion).toHaveCount(0);
  await page.reload();
  await expect(section.getByText(/1 stored/)).toBeVisible();
  await expect(section.getByText(/1 request with a wrong or missing key/)).toBeVisible();
  await expect(page.getByText(apiKey)).toHaveCount(0);
});
