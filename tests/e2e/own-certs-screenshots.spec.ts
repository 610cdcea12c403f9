/** docs/screenshots/own-certificates.png (npm run screenshots; left out of normal runs). */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test, useApp } from './fixtures';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));


const app = useApp(async () => []);

/** The same API the window uses (browser mode, the page's cookie). */
type Answer = { ok: boolean; value: { certificate?: { id: string; privateKeyFile: string } } };
async function call(page: Page, channel: string, input: unknown): Promise<Answer> {
  return (await page.evaluate(
    async ([channel, input]) => (await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json(),
    [channel, input] as const,
  )) as Answer;
}

test('own certificates view', async ({ page }) => {
  test.setTimeout(60_000);
  await app.open(page);
  const line3 = await call(page, 'own:generate', { name: 'Line 3 SCADA client', description: 'Connections to the line 3 PLCs', applicationName: 'Line3Scada', hostnames: ['scada-l3.plant.local'], ips: ['10.3.0.20'] });
  for (const url of ['opc.tcp://plc-l3-01:4840', 'opc.tcp://plc-l3-02:4840']) await call(page, 'own:assign', { id: line3.value.certificate!.id, endpointUrl: url, securityMode: 'SignAndEncrypt' });
  await call(page, 'own:generate', { name: 'Lab test client', applicationName: 'LabClient', hostnames: ['eng-laptop'], validityDays: 20 });
  const gone = await call(page, 'own:generate', { name: 'Historian bridge', applicationName: 'HistBridge', hostnames: ['historian.plant.local'] });
  await rm(path.join(app.home, 'pki', gone.value.certificate!.privateKeyFile));

  await page.getByRole('button', { name: 'Own certificates…' }).click();
  await expect(page.getByRole('row', { name: 'Historian bridge' })).toContainText('Missing files');
  await page.mouse.move(640, 790);
  await page.waitForTimeout(450);
  await page.screenshot({ path: `${OUT}own-certificates.png` });
});
