/**
 * A remote server managed through OPC UA Part 12 push, as a user does it: Add remote server… (with the
 * first-connection question), its trust list in the tree, right-click Trust on a refused client, Sync,
 * and the server's own trusted folder on disk. The server is a real push-enabled demo server on
 * 127.0.0.1 whose PKI trusts the app's client certificate (created by the app on its first start).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { freePort, type RunningDemoServer } from '../../electron/core/opcua/demo-server';
import { makeCert, makeCrl, type MadeCert } from '../helpers/certs';
import { expect, openMenu, test, treeItem, useApp, type MadeStore } from './fixtures';
import { ADMIN, startPushServer } from './remote-fixtures';

/** A remote call opens an encrypted session and reads the trust list: about a second on loopback, node-opcua loading lazily first. */
const REMOTE_MS = 30_000;

/** A local store holding a CA and its CRL: what a fleet push sends to the servers' Issuers. */
const plantCa = makeCert({ cn: 'Plant CA', o: 'Plant', ca: true });

const app = useApp(async () => {
  const ca = await plantCa;
  return [{ name: 'plant-ca', layout: 'node-opcua', issuers: [ca], raw: [{ folder: 'issuers', name: 'plant-ca.crl', bytes: (await makeCrl(ca)).der, crl: true }] }];
});
let server: RunningDemoServer | null = null;
let serverPki: MadeStore;
let refused: MadeCert;

test.describe.configure({ mode: 'serial', timeout: 90_000 });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  refused = await makeCert({ cn: 'SCADA Client' });
  ({ server, pki: serverPki } = await startPushServer({ dir: app.dir, home: app.home, name: 'remote-server-pki', rejected: [refused] }));
});

test.afterAll(async () => {
  await server?.stop();
});

/** Files in a folder of the server's PKI whose content is this certificate (DER, or PEM of it). */
async function onServer(cert: MadeCert, folder = 'trusted/certs'): Promise<string[]> {
  const dir = path.join(serverPki.root, ...folder.split('/'));
  const base64 = Buffer.from(cert.der).toString('base64');
  const names = await readdir(dir);
  const hits: string[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(dir, name));
    if (bytes.equals(Buffer.from(cert.der)) || bytes.toString('latin1').replace(/\s+/g, '').includes(base64)) hits.push(name);
  }
  return hits;
}

async function fillAddDialog(page: Page, password: string, endpointUrl = server!.endpointUrl) {
  await page.getByRole('button', { name: 'Add remote server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add remote server' });
  await expect(dialog.getByRole('textbox', { name: 'Endpoint URL' })).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Endpoint URL' }).fill(endpointUrl);
  await dialog.getByRole('textbox', { name: 'Admin user name' }).fill(ADMIN.userName);
  await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Line 3 PLC');
  // Browser mode has no OS keychain: the password is kept for this session only, and the dialog says so.
  await expect(dialog.getByRole('checkbox', { name: 'Remember password in the OS keychain' })).toBeDisabled();
  await expect(dialog).toContainText('kept only in memory, for this session');
  return dialog;
}

const remoteRow = (page: Page) => page.getByRole('treeitem', { name: /^Line 3 PLC, remote server opc\.tcp:\/\/127\.0\.0\.1:\d+/ });

test.describe('a remote server through Part 12 push', () => {
  test('an endpoint where nothing listens is said to be unreachable, and nothing is added', async ({ page }) => {
    await app.open(page);
    const dialog = await fillAddDialog(page, ADMIN.password, `opc.tcp://127.0.0.1:${await freePort(0)}`);
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('alert')).toContainText('The server cannot be reached', { timeout: REMOTE_MS });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('treeitem', { name: /remote server/ })).toHaveCount(0);
  });

  test('asks about the server certificate first, then says clearly that the password is wrong', async ({ page }) => {
    await app.open(page);
    const dialog = await fillAddDialog(page, 'not the password');
    await dialog.getByRole('button', { name: 'Add' }).click();

    const warning = page.getByRole('dialog', { name: 'Unknown server certificate' });
    await expect(warning).toBeVisible({ timeout: REMOTE_MS });
    await expect(warning).toContainText(/CN=OpcUaTrustManagerDemoServer@/);
    await expect(warning.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await warning.getByRole('button', { name: 'Trust permanently' }).click();
    await expect(warning).toBeHidden();

    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('Wrong user name or password', { timeout: REMOTE_MS });
    await expect(alert).toContainText('SecurityAdmin role');
    await expect(dialog).toBeVisible();
    await expect(remoteRow(page)).toHaveCount(0);
  });

  test('with the right password it appears as a store mirroring the server: its certificate, trusted list and refused clients', async ({ page }) => {
    await app.open(page);
    const dialog = await fillAddDialog(page, ADMIN.password);
    await dialog.getByRole('button', { name: 'Add' }).click();
    // The server's certificate was trusted in the previous test: no second question.
    await expect(dialog).toBeHidden({ timeout: REMOTE_MS });
    await expect(page.getByText(/^Added Line 3 PLC/)).toBeVisible();

    const row = remoteRow(page);
    await expect(row).toHaveAccessibleName(/, online$/);
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(treeItem(page, 'SCADA Client')).toHaveAccessibleName(/SCADA Client, valid/);
    await expect(page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Remote server' })).toContainText(ADMIN.userName);
  });

  test('right-click Trust on a refused client, then Sync, writes it into the server’s trusted list', async ({ page }) => {
    await app.open(page);
    const item = treeItem(page, 'SCADA Client');
    const menu = await openMenu(page, item);
    await menu.getByRole('menuitem', { name: 'Trust' }).click();
    await expect(item).toHaveAccessibleName(/pending → Trusted/);
    expect(await onServer(refused)).toEqual([]);

    await page.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByText('Synced: 1 change applied')).toBeVisible({ timeout: REMOTE_MS });
    expect((await onServer(refused)).length).toBe(1);

    // The tree re-read the server: the client is under Trusted now.
    await treeItem(page, 'SCADA Client').click();
    await expect(page.getByRole('complementary', { name: 'Details' })).toContainText('In Trusted');

    // Refresh from server reads the same.
    await openMenu(page, remoteRow(page)).then((m) => m.getByRole('menuitem', { name: 'Refresh from server' }).click());
    await expect(page.getByText('Re-read Line 3 PLC from the server')).toBeVisible({ timeout: REMOTE_MS });
    await treeItem(page, 'SCADA Client').click();
    await expect(page.getByRole('complementary', { name: 'Details' })).toContainText('In Trusted');
  });

  test('Set password… refuses a wrong password in the dialog and takes the right one', async ({ page }) => {
    await app.open(page);
    const menu = await openMenu(page, remoteRow(page));
    await menu.getByRole('menuitem', { name: /^Set password…/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Set password' });
    const password = dialog.getByRole('textbox', { name: 'Password', exact: true });
    await expect(password).toBeFocused();
    await password.fill('still wrong');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('alert')).toContainText('Wrong user name or password', { timeout: REMOTE_MS });
    await password.fill(ADMIN.password);
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await expect(dialog).toBeHidden({ timeout: REMOTE_MS });
    await expect(page.getByText('Password set for Line 3 PLC for this session')).toBeVisible();
    await expect(remoteRow(page)).toHaveAccessibleName(/, online$/);
  });

  test('the fleet view pushes a CA certificate and its CRL to the server’s Issuers, with a result per server', async ({ page }) => {
    await app.open(page);
    await page.getByRole('button', { name: 'Remote servers' }).click();
    const fleet = page.getByRole('dialog', { name: 'Remote servers' });
    const row = fleet.getByRole('row', { name: 'Line 3 PLC' });
    await expect(row).toContainText('online');
    await expect(row).toContainText(/\d+ days left/);
    await expect(fleet.getByRole('button', { name: 'Push certificate/CRL…' })).toBeDisabled();
    await row.getByRole('checkbox', { name: 'Select Line 3 PLC' }).check();
    await fleet.getByRole('button', { name: 'Push certificate/CRL…' }).click();

    const picker = page.getByRole('dialog', { name: 'Push certificate/CRL' });
    await picker.getByRole('textbox', { name: 'Search' }).fill('plant');
    await picker.getByRole('checkbox', { name: /^Plant CA CA certificate/ }).click();
    await picker.getByRole('checkbox', { name: /^CRL of Plant CA/ }).click();
    await expect(picker.getByRole('radio', { name: 'Issuers' })).toBeChecked();
    await picker.getByRole('button', { name: 'Push to 1 server' }).click();

    await expect(fleet.getByRole('status').filter({ hasText: 'Pushed to 1 of 1 server' })).toBeVisible({ timeout: REMOTE_MS });
    await expect(row).toContainText('ok');
    await expect(row).toContainText('2 added to issuers');
    expect((await onServer(await plantCa, 'issuers/certs')).length).toBe(1);
    expect((await readdir(path.join(serverPki.root, 'issuers', 'crl'))).length).toBe(1);
  });

  test('Renew server certificate… has the server’s new key signed by the local CA and shows the certificate it now presents', async ({ page }) => {
    await app.open(page);
    // The local CA, as Own certificates → Local CA… creates it.
    const created = (await page.evaluate(async () =>
      (await fetch('/api/ca:init', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ commonName: 'Plant CA 2026' }) })).json(),
    )) as { ok: boolean };
    expect(created.ok).toBe(true);
    const before = await readFile(path.join(serverPki.root, 'own', 'certs', 'certificate.pem'), 'latin1');

    await openMenu(page, remoteRow(page)).then((m) => m.getByRole('menuitem', { name: 'Renew server certificate…' }).click());
    const dialog = page.getByRole('dialog', { name: 'Renew server certificate' });
    await expect(dialog.getByRole('region', { name: 'Current certificate' })).toContainText('self-signed');
    await expect(dialog.getByRole('radio', { name: /Sign with the local CA/ })).toBeChecked();
    await dialog.getByRole('button', { name: 'Renew' }).click();

    await expect(dialog.getByRole('status').filter({ hasText: 'The server now uses its new certificate' })).toBeVisible({ timeout: 60_000 });
    const renewed = dialog.getByRole('region', { name: 'New certificate' });
    await expect(renewed).toContainText('CN=Plant CA 2026');
    expect(await readFile(path.join(serverPki.root, 'own', 'certs', 'certificate.pem'), 'latin1')).not.toBe(before);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(remoteRow(page)).toHaveAccessibleName(/, online$/);
  });

  test('Import… from the server’s menu adds a client certificate to the server’s trusted list at once', async ({ page }) => {
    await app.open(page);
    await openMenu(page, remoteRow(page)).then((m) => m.getByRole('menuitem', { name: /^Import…/ }).click());
    const dialog = page.getByRole('dialog', { name: 'Import certificates' });
    await expect(dialog.getByRole('radio', { name: 'Trusted' })).toBeChecked();
    const client = await makeCert({ cn: 'Imported HMI' });
    await page.getByLabel('Certificate files to import').setInputFiles({ name: 'hmi.der', mimeType: 'application/pkix-cert', buffer: Buffer.from(client.der) });
    await expect(page.getByText('Imported 1 file into Trusted of Line 3 PLC')).toBeVisible({ timeout: REMOTE_MS });
    expect((await onServer(client)).length).toBe(1);
    await expect(treeItem(page, 'Imported HMI')).toHaveAttribute('aria-selected', 'true');
  });
});
