/**
 * docs/screenshots/remote-*.png: Add remote server, a remote server in the tree, the fleet view after a
 * push to three push-enabled demo servers (one of them stopped). Run with UATRUST_SCREENSHOTS=1;
 * UATRUST_SCREENSHOTS_DIR writes them elsewhere, to look at them first.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { RunningDemoServer } from '../../electron/core/opcua/demo-server';
import { makeCert, makeCrl } from '../helpers/certs';
import { expect, test, treeItem, useApp } from './fixtures';
import { ADMIN, startPushServer } from './remote-fixtures';

const OUT = process.env.UATRUST_SCREENSHOTS_DIR ? `${path.resolve(process.env.UATRUST_SCREENSHOTS_DIR)}/` : fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const REMOTE_MS = 30_000;
const LINES = ['Line 3 PLC', 'Line 4 PLC', 'Packaging PLC'];

const app = useApp(async () => {
  const ca = await makeCert({ cn: 'Plant CA', o: 'Plant', ca: true });
  const crl = await makeCrl(ca);
  return [{ name: 'plant-ca', layout: 'node-opcua', issuers: [ca], raw: [{ folder: 'issuers', name: 'plant-ca.crl', bytes: crl.der, crl: true }] }];
});
const servers: RunningDemoServer[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const [i, rejected] of [['SCADA Client', 'Historian'], ['MES Gateway'], []].entries()) {
    const refused = await Promise.all(rejected.map((cn) => makeCert({ cn })));
    servers.push((await startPushServer({ dir: app.dir, home: app.home, name: `server-${i}`, rejected: refused })).server);
  }
});

test.afterAll(async () => {
  for (const server of servers) await server.stop().catch(() => undefined);
});

async function call(page: Page, channel: string, input: unknown): Promise<{ ok: boolean; value: Record<string, unknown> }> {
  return (await page.evaluate(
    async ([channel, input]) => (await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json(),
    [channel, input] as const,
  )) as { ok: boolean; value: Record<string, unknown> };
}

async function shoot(page: Page, name: string) {
  await page.mouse.move(640, 795);
  await page.waitForTimeout(450);
  await page.screenshot({ path: `${OUT}${name}.png` });
}

test('remote servers: add, tree, fleet push', async ({ page }) => {
  test.setTimeout(150_000);
  await app.open(page);

  // Add the first one in the UI, with the first-connection question.
  await page.getByRole('button', { name: 'Add remote server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add remote server' });
  await dialog.getByRole('textbox', { name: 'Endpoint URL' }).fill(servers[0]!.endpointUrl);
  await dialog.getByRole('textbox', { name: 'Admin user name' }).fill(ADMIN.userName);
  await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill('wrong password');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(LINES[0]!);
  await shoot(page, 'remote-add');
  await dialog.getByRole('button', { name: 'Add' }).click();
  const warning = page.getByRole('dialog', { name: 'Unknown server certificate' });
  await expect(warning).toBeVisible({ timeout: REMOTE_MS });
  await warning.getByRole('button', { name: 'Trust permanently' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Wrong user name or password', { timeout: REMOTE_MS });
  await shoot(page, 'remote-add-wrong-password');
  await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden({ timeout: REMOTE_MS });

  // The two others through the same API the window uses.
  for (const [i, server] of servers.entries()) {
    if (i === 0) continue;
    const input = { endpointUrl: server.endpointUrl, userName: ADMIN.userName, password: ADMIN.password, name: LINES[i] };
    const first = await call(page, 'remote:add', input);
    if (first.value.status === 'server-certificate') {
      await call(page, 'connect:decide-server', { thumbprint: (first.value.certificate as { sha256: string }).sha256, decision: 'trust-permanently' });
      expect((await call(page, 'remote:add', input)).value.status).toBe('added');
    }
  }
  await page.reload();
  await expect(page.getByRole('tree', { name: 'PKI folders' })).toBeVisible();

  // The tree: a remote server with its refused clients; its details on the right. The local stores are closed.
  for (const name of [/^OPC UA Trust Manager \(this app\)/, /^Local demo server/, /^plant-ca/]) {
    await page.getByRole('treeitem', { name }).click();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('treeitem', { name })).toHaveAttribute('aria-expanded', 'false');
  }
  const row = page.getByRole('treeitem', { name: /^Line 3 PLC, remote server/ });
  await row.click();
  await expect(treeItem(page, 'SCADA Client')).toBeVisible();
  await treeItem(page, 'SCADA Client').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Trust' }).click();
  await page.keyboard.press('Escape');
  await row.click();
  await expect(page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Remote server' })).toBeVisible();
  await shoot(page, 'remote-tree');

  // The fleet: Packaging PLC is switched off before the push.
  await servers[2]!.stop();
  await page.getByRole('button', { name: 'Remote servers' }).click();
  const fleet = page.getByRole('dialog', { name: 'Remote servers' });
  await expect(fleet.getByRole('row', { name: 'Packaging PLC' })).toBeVisible();
  await fleet.getByRole('checkbox', { name: 'Select all servers' }).check();
  await fleet.getByRole('button', { name: 'Push certificate/CRL…' }).click();
  const picker = page.getByRole('dialog', { name: 'Push certificate/CRL' });
  await picker.getByRole('textbox', { name: 'Search' }).fill('plant');
  await picker.getByRole('checkbox', { name: /^Plant CA CA certificate/ }).click();
  await picker.getByRole('checkbox', { name: /^CRL of Plant CA/ }).click();
  await expect(picker.getByRole('radio', { name: 'Issuers' })).toBeChecked();
  await shoot(page, 'remote-push-picker');
  await picker.getByRole('button', { name: 'Push to 3 servers' }).click();
  await expect(fleet.getByRole('status').filter({ hasText: 'Pushed to 2 of 3 servers' })).toBeVisible({ timeout: 60_000 });
  await shoot(page, 'remote-fleet');
  await fleet.getByRole('button', { name: 'Close' }).click();

  // Renew: only the signing request, to be signed by another CA.
  const line4 = page.getByRole('treeitem', { name: /^Line 4 PLC, remote server/ });
  await line4.scrollIntoViewIfNeeded();
  await line4.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Renew server certificate…' }).click();
  const renew = page.getByRole('dialog', { name: 'Renew server certificate' });
  await renew.getByRole('radio', { name: /Only create the signing request/ }).check();
  await renew.getByRole('button', { name: 'Create CSR' }).click();
  await expect(renew.getByLabel('Signing request', { exact: true })).toContainText('BEGIN CERTIFICATE REQUEST', { timeout: REMOTE_MS });
  await shoot(page, 'remote-renew');
});
