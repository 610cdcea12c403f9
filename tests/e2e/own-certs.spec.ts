/**
 * The Own certificates view: generate, upload, regenerate and delete the app's own certificates in
 * the UI, asserting what the user sees and the files in `<UATRUST_HOME>/pki/own`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeCert } from '../helpers/certs';
import { expect, openMenu, test, treeItem, useApp } from './fixtures';

const app = useApp(async () => []);

const ownDir = (...parts: string[]) => path.join(app.home, 'pki', 'own', ...parts);
const registry = () => JSON.parse(readFileSync(path.join(app.home, 'pki', '.uatrust', 'own-certificates.json'), 'utf8')) as { certificates?: unknown[] } | unknown[];
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort() : []);

async function openView(page: Page) {
  await app.open(page);
  await page.getByRole('button', { name: 'Own certificates…' }).click();
  const dialog = page.getByRole('dialog', { name: /Own certificates/ });
  await expect(dialog.getByRole('table', { name: 'Own certificates' })).toBeVisible();
  return dialog;
}

const row = (page: Page, name: string) => page.getByRole('row', { name });

async function rowAction(page: Page, name: string, action: string | RegExp) {
  await row(page, name).getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menu', { name: 'Certificate actions' }).getByRole('menuitem', { name: action }).click();
}

test.describe.configure({ mode: 'serial' });

test('lists the app’s first-start certificate as the default, also from the Own folder’s menu', async ({ page }) => {
  await app.open(page);
  const store = treeItem(page, /^OPC UA Trust Manager \(this app\)/);
  await store.click();
  await page.keyboard.press('ArrowRight');
  const menu = await openMenu(page, page.getByRole('treeitem', { name: /^Own\b/ }).first());
  await menu.getByRole('menuitem', { name: 'Own certificates…' }).click();
  const dialog = page.getByRole('dialog', { name: /Own certificates/ });
  const first = dialog.getByRole('row').nth(1);
  await expect(first.getByRole('img', { name: 'Default certificate' })).toBeVisible();
  await expect(first).toContainText('OpcUaTrustManager');
  await expect(first).toContainText('Valid');
});

test('generates a self-signed certificate with the fields the user typed', async ({ page }) => {
  const dialog = await openView(page);
  await dialog.getByRole('button', { name: 'Generate self-signed…' }).click();
  const form = page.getByRole('dialog', { name: 'Generate self-signed certificate' });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Line 3 client');
  await form.getByLabel('Application name').fill('Line3Scada');
  await form.getByLabel('Hostnames and IP addresses').fill('scada-l3, 10.3.0.20');
  await expect(form.getByLabel('ApplicationUri')).toHaveValue('urn:scada-l3:Line3Scada');
  await form.getByLabel('Validity (days)', { exact: true }).fill('365');
  await form.getByRole('button', { name: 'Generate' }).click();
  await expect(form).toBeHidden({ timeout: 20_000 });
  await expect(page.getByText('Generated "Line 3 client"')).toBeVisible();

  const generated = row(page, 'Line 3 client');
  await expect(generated).toContainText('Line3Scada@scada-l3');
  await expect(generated).toContainText('urn:scada-l3:Line3Scada');
  await expect(generated).toContainText('Valid');
  await expect(generated).toContainText(/in 36[45] days/);
  const keys = filesIn(ownDir('private'));
  expect(keys.length).toBe(2);
  for (const key of keys) expect(statSync(ownDir('private', key)).mode & 0o777).toBe(0o600);
  expect(filesIn(ownDir('certs')).length).toBe(2);
});

test('uploads a certificate with its private key', async ({ page }) => {
  const cert = await makeCert({ cn: 'Uploaded Client', applicationUri: 'urn:eng-laptop:Uploaded', dns: ['eng-laptop'], freshKey: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'uatrust-upload-'));
  await writeFile(path.join(dir, 'uploaded.pem'), cert.pem);
  await writeFile(path.join(dir, 'uploaded.key'), cert.keyPem);

  const dialog = await openView(page);
  await dialog.getByRole('button', { name: 'Upload…' }).click();
  const form = page.getByRole('dialog', { name: 'Upload own certificate' });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Engineering laptop');
  await form.getByLabel('Certificate file…').setInputFiles(path.join(dir, 'uploaded.pem'));
  await form.getByLabel('Private key file…').setInputFiles(path.join(dir, 'uploaded.key'));
  await expect(form).toContainText('uploaded.key');
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form).toBeHidden();
  const uploaded = row(page, 'Engineering laptop');
  await expect(uploaded).toContainText('Uploaded Client');
  await expect(uploaded).toContainText('urn:eng-laptop:Uploaded');
  const certs = filesIn(ownDir('certs')).map((f) => readFileSync(ownDir('certs', f), 'utf8'));
  expect(certs).toContain(cert.pem);
});

test('regenerates a certificate: same name and ApplicationUri, new thumbprint, old one kept as a backup', async ({ page }) => {
  const dialog = await openView(page);
  await expect(row(page, 'Line 3 client')).toBeVisible();
  await rowAction(page, 'Line 3 client', 'Details');
  const drawer = page.getByRole('region', { name: 'Certificate details' });
  const before = await drawer.getByText(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/i).textContent();
  await page.getByRole('button', { name: 'Close details' }).click();

  // Regenerate asks first, and says the old pair is kept; Cancel changes nothing.
  await rowAction(page, 'Line 3 client', /^Regenerate/);
  const confirm = page.getByRole('dialog', { name: 'Regenerate “Line 3 client”?' });
  await expect(confirm).toContainText('urn:scada-l3:Line3Scada');
  await expect(confirm).toContainText('The current certificate and key are kept as a backup');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(filesIn(ownDir('certs', 'backup'))).toEqual([]);
  await rowAction(page, 'Line 3 client', /^Regenerate/);
  await confirm.getByRole('button', { name: 'Regenerate' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('Regenerated "Line 3 client"; the old certificate is kept as a backup')).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByRole('row', { name: 'Line 3 client' })).toHaveCount(1);
  await expect(row(page, 'Line 3 client')).toContainText('urn:scada-l3:Line3Scada');
  await rowAction(page, 'Line 3 client', 'Details');
  const after = await drawer.getByText(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/i).textContent();
  expect(after).not.toBe(before);
  await expect(drawer.getByRole('region', { name: 'Files' })).toContainText('backup');
  expect(filesIn(ownDir('certs', 'backup')).length).toBe(1);
  expect(filesIn(ownDir('private', 'backup')).length).toBe(1);
});

test('deletes a certificate after saying which connections fall back to the default; the default cannot be deleted', async ({ page }) => {
  await openView(page);
  const defaultRow = page.getByRole('row').filter({ has: page.getByRole('img', { name: 'Default certificate' }) });
  const defaultName = (await defaultRow.getByRole('cell').nth(1).getByRole('paragraph').textContent())!;
  await defaultRow.getByRole('button', { name: /^Actions for/ }).click();
  await expect(page.getByRole('menuitem', { name: /^Delete…/ })).toBeDisabled();
  await page.keyboard.press('Escape');

  // A saved connection uses it (assigned through the API the window uses; the Assign dialog is tested in local-ca.spec.ts).
  const id = await page.evaluate(async () => {
    const list = (await (await fetch('/api/own:list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { value: { id: string; name: string }[] };
    const laptop = list.value.find((c) => c.name === 'Engineering laptop')!;
    await fetch('/api/own:assign', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: laptop.id, endpointUrl: 'opc.tcp://plc-7:4840', securityMode: 'Sign' }) });
    return laptop.id;
  });
  expect(id).toBeTruthy();
  await page.reload();
  await page.getByRole('button', { name: 'Own certificates…' }).click();
  await expect(row(page, 'Engineering laptop').getByRole('cell').nth(5)).toHaveText('1');

  const certsBefore = filesIn(ownDir('certs'));
  await rowAction(page, 'Engineering laptop', /^Delete…/);
  const confirm = page.getByRole('dialog', { name: 'Delete “Engineering laptop”?' });
  await expect(confirm).toContainText(`1 connection will use the default certificate “${defaultName.trim()}” instead`);
  await expect(confirm).toContainText('opc.tcp://plc-7:4840 (Sign)');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(row(page, 'Engineering laptop')).toHaveCount(0);
  await expect(page.getByText(`Deleted "Engineering laptop"; 1 connection now uses "${defaultName.trim()}"`)).toBeVisible();
  expect(filesIn(ownDir('certs')).length).toBe(certsBefore.length - 1);
  expect(JSON.stringify(registry())).not.toContain('Engineering laptop');
});

test('the “Expiring soon” threshold is a setting: raised above the days left, the badge changes, and it is kept', async ({ page }) => {
  const dialog = await openView(page);
  const field = dialog.getByRole('textbox', { name: '“Expiring soon” within (days)' });
  await expect(field).toHaveValue('30');
  await expect(row(page, 'Line 3 client')).toContainText('Valid');
  await field.fill('0');
  await expect(dialog).toContainText('1 to 3650 days');
  await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await field.fill('400');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(row(page, 'Line 3 client')).toContainText('Expiring soon');
  expect(JSON.parse(readFileSync(path.join(app.home, 'settings.json'), 'utf8'))).toMatchObject({ expiringSoonDays: 400 });

  await page.reload();
  const again = await openView(page);
  await expect(again.getByRole('textbox', { name: '“Expiring soon” within (days)' })).toHaveValue('400');
  await expect(row(page, 'Line 3 client')).toContainText('Expiring soon');
  await again.getByRole('textbox', { name: '“Expiring soon” within (days)' }).fill('30');
  await again.getByRole('textbox', { name: '“Expiring soon” within (days)' }).press('Enter');
  await expect(row(page, 'Line 3 client')).toContainText('Valid');
});

test('Install signed certificate refuses a certificate made for another key, and changes nothing', async ({ page }) => {
  const stranger = await makeCert({ cn: 'Stranger', applicationUri: 'urn:scada-l3:Line3Scada', freshKey: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'uatrust-install-'));
  await writeFile(path.join(dir, 'signed.pem'), stranger.pem);
  const certsBefore = filesIn(ownDir('certs')).map((f) => readFileSync(ownDir('certs', f), 'utf8'));

  await openView(page);
  await rowAction(page, 'Line 3 client', 'Install signed certificate…');
  const install = page.getByRole('dialog', { name: 'Install the signed certificate of “Line 3 client”' });
  await expect(install).toContainText('urn:scada-l3:Line3Scada');
  await expect(install.getByRole('button', { name: 'Install' })).toBeDisabled();
  await install.getByLabel('Signed certificate and issuer files…').setInputFiles(path.join(dir, 'signed.pem'));
  await install.getByRole('button', { name: 'Install' }).click();
  await expect(page.getByText(/Could not install the signed certificate: the public key of CN=Stranger.* does not match the private key of "Line 3 client".*nothing was installed/)).toBeVisible();
  await expect(install).toBeVisible();
  expect(filesIn(ownDir('certs')).map((f) => readFileSync(ownDir('certs', f), 'utf8'))).toEqual(certsBefore);
});
