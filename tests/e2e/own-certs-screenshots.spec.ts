/**
 * docs/screenshots/own-certificates.png and the dialogs of issue 6 (assign, install signed, regenerate,
 * local CA, deploy); npm run screenshots, left out of normal runs. UATRUST_SCREENSHOTS_DIR writes them elsewhere.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test, useApp } from './fixtures';

const OUT = process.env.UATRUST_SCREENSHOTS_DIR ? `${path.resolve(process.env.UATRUST_SCREENSHOTS_DIR)}/` : fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

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

/** Moves the pointer out of the way and lets transitions end, so that no hover or ripple is caught. */
async function settle(page: Page) {
  await page.mouse.move(640, 795);
  await page.waitForTimeout(450);
}

async function rowAction(page: Page, name: string, action: string) {
  await page.getByRole('row', { name }).getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menu', { name: 'Certificate actions' }).getByRole('menuitem', { name: action }).click();
}

test('own certificate dialogs: assign, install signed, regenerate', async ({ page }) => {
  test.setTimeout(60_000);
  await app.open(page);
  const line2 = await call(page, 'own:generate', { name: 'Line 2 SCADA client', applicationName: 'Line2Scada', hostnames: ['scada-l2.plant.local'] });
  await call(page, 'own:assign', { id: line2.value.certificate!.id, endpointUrl: 'opc.tcp://plc-l2-01:4840', securityMode: 'SignAndEncrypt' });
  await call(page, 'own:assign', { id: line2.value.certificate!.id, endpointUrl: 'opc.tcp://plc-l2-02:4840', securityMode: 'Sign' });
  await page.getByRole('button', { name: 'Own certificates…' }).click();

  await rowAction(page, 'Line 2 SCADA client', 'Assign to connection…');
  const assign = page.getByRole('dialog', { name: /^Assign/ });
  await assign.getByRole('combobox', { name: 'Endpoint URL' }).fill('opc.tcp://plc-l2-01:4840');
  await settle(page);
  await page.screenshot({ path: `${OUT}own-cert-assign.png` });
  await assign.getByRole('button', { name: 'Cancel' }).click();

  await rowAction(page, 'Line 2 SCADA client', 'Install signed certificate…');
  await settle(page);
  await page.screenshot({ path: `${OUT}own-cert-install-signed.png` });
  await page.getByRole('dialog', { name: /^Install the signed certificate/ }).getByRole('button', { name: 'Cancel' }).click();

  await rowAction(page, 'Line 2 SCADA client', 'Regenerate…');
  await settle(page);
  await page.screenshot({ path: `${OUT}own-cert-regenerate.png` });
  await page.getByRole('dialog', { name: /^Regenerate/ }).getByRole('button', { name: 'Cancel' }).click();

  await rowAction(page, 'Line 2 SCADA client', 'Details');
  await settle(page);
  await page.screenshot({ path: `${OUT}own-cert-details.png` });
});

test('local CA: create, issued certificates, sign, deploy', async ({ page }) => {
  test.setTimeout(90_000);
  await app.open(page);
  await page.getByRole('button', { name: 'Own certificates…' }).click();
  await page.getByRole('button', { name: 'Local CA…' }).click();
  const ca = page.getByRole('dialog', { name: 'Local CA' });
  await expect(ca.getByRole('form', { name: 'Create a local CA' })).toBeVisible();
  await ca.getByRole('textbox', { name: 'Organization' }).fill('Plant 1');
  await settle(page);
  await page.screenshot({ path: `${OUT}local-ca-create.png` });

  await ca.getByRole('textbox', { name: 'CA name' }).fill('Plant 1 Line CA');
  await ca.getByRole('combobox', { name: 'Key size' }).click();
  await page.getByRole('option', { name: 'RSA 2048' }).click();
  await ca.getByRole('button', { name: 'Create CA' }).click();
  await expect(ca.getByRole('region', { name: 'Certificate authority' })).toBeVisible({ timeout: 30_000 });
  const list = (await call(page, 'own:list', {})) as unknown as { value: { id: string; name: string }[] };
  const first = list.value[0];
  await call(page, 'ca:sign', { ownId: first.id, validityDays: 365 });
  const hmi = await call(page, 'own:generate', { name: 'Line 4 HMI', applicationName: 'Line4Hmi', hostnames: ['hmi-l4.plant.local'] });
  await call(page, 'ca:sign', { ownId: hmi.value.certificate!.id, validityDays: 365 });
  const lab = await call(page, 'own:generate', { name: 'Lab client', applicationName: 'LabClient', hostnames: ['eng-laptop'] });
  const signedLab = (await call(page, 'ca:sign', { ownId: lab.value.certificate!.id, validityDays: 30 })) as unknown as { value: { signed: { issued: { serial: string } } } };
  await call(page, 'ca:revoke', { serial: signedLab.value.signed.issued.serial });
  await ca.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Local CA…' }).click();
  await expect(ca.getByRole('table', { name: 'Issued certificates' }).getByRole('row')).toHaveCount(4);
  await settle(page);
  await page.screenshot({ path: `${OUT}local-ca.png` });

  await ca.getByRole('button', { name: 'Sign own certificate…' }).click();
  await settle(page);
  await page.screenshot({ path: `${OUT}local-ca-sign-own.png` });
  await page.getByRole('dialog', { name: 'Sign an own certificate' }).getByRole('button', { name: 'Cancel' }).click();

  await ca.getByRole('button', { name: 'Sign request file…' }).click();
  await settle(page);
  await page.screenshot({ path: `${OUT}local-ca-sign-request.png` });
  await page.getByRole('dialog', { name: 'Sign a request file' }).getByRole('button', { name: 'Cancel' }).click();

  await ca.getByRole('button', { name: 'Deploy…' }).click();
  const deploy = page.getByRole('dialog', { name: 'Deploy the CA certificate and CRL' });
  await deploy.getByRole('checkbox', { name: /^Local demo server/ }).check();
  await settle(page);
  await page.screenshot({ path: `${OUT}local-ca-deploy.png` });
  await deploy.getByRole('button', { name: /^Deploy to/ }).click();
  await expect(ca.getByRole('region', { name: 'Deploy report' })).toBeVisible();
  await settle(page);
  await page.screenshot({ path: `${OUT}local-ca-deployed.png` });
});
