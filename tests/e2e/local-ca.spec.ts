/**
 * Issue 6 in the UI, against the embedded demo server on 127.0.0.1: an own certificate assigned to
 * the server's endpoint is the one Test connection presents; then the local CA signs that
 * certificate's request, it is installed, the CA and its CRL are deployed to the server (in
 * "Trusted CA list" mode) and the connection succeeds; after a revocation and a new deploy it is
 * refused. The CA certificate and CRL can also be downloaded alone. What lands on disk is checked
 * after each step. The tests build on each other.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, useApp } from './fixtures';

const app = useApp(async () => [], { demoServer: true });

/** The demo server takes ~4–6 s to start (node-opcua loads lazily); the margin is for a loaded machine. */
const DEMO_START_MS = 25_000;
/** A test connection on loopback takes ~0.5 s; the core gives up on one step after 15 s. */
const CONNECT_MS = 20_000;

test.describe.configure({ mode: 'serial', timeout: 90_000 });

async function certFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort();
}
const demo = (...parts: string[]) => path.join(app.home, 'demo-server', ...parts);

type OwnListed = { id: string; name: string; certificate: { sha1: string; issuer: { cn: string | null } } | null };
/** The same API the window uses (browser mode, the page's cookie). */
async function call<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const answer = (await page.evaluate(
    async ([channel, input]) => (await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json(),
    [channel, input] as const,
  )) as { ok: boolean; value: T; error?: { message: string } };
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`);
  return answer.value;
}
const ownNamed = async (page: Page, name: string) => (await call<OwnListed[]>(page, 'own:list', {})).find((c) => c.name === name)!;

async function openWithDemoServer(page: Page): Promise<string> {
  await app.open(page);
  const row = page.getByRole('treeitem', { name: /^Local demo server\b.*demo server running on port \d+/ });
  await expect(row).toBeVisible({ timeout: DEMO_START_MS });
  const port = /running on port (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')![1];
  return `opc.tcp://127.0.0.1:${port}`;
}

async function openOwnCerts(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Own certificates…' }).click();
  const dialog = page.getByRole('dialog', { name: /Own certificates/ });
  await expect(dialog.getByRole('table', { name: 'Own certificates' })).toBeVisible();
  return dialog;
}

async function rowAction(page: Page, name: string, action: string | RegExp) {
  await page.getByRole('row', { name }).getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menu', { name: 'Certificate actions' }).getByRole('menuitem', { name: action }).click();
}

async function openLocalCa(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Local CA…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Local CA' });
  await expect(dialog).toBeVisible();
  return dialog;
}

const resultOf = (dialog: Locator) => dialog.getByRole('region', { name: 'Result' });

/** Test connection… → Test, again until `done` holds: the server notices new files in its folders a moment after they land. */
async function testUntil(page: Page, done: (text: string) => boolean): Promise<string> {
  await page.getByRole('button', { name: 'Test connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test connection' });
  let text = '';
  for (let attempt = 0; attempt < 6; attempt++) {
    await dialog.getByRole('button', { name: 'Test' }).click();
    await expect(resultOf(dialog)).toContainText(/Connected|0x[0-9A-F]{8}/, { timeout: CONNECT_MS });
    text = (await resultOf(dialog).textContent()) ?? '';
    if (done(text)) break;
    await page.waitForTimeout(500);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  return text;
}

/** Saves what the next download brings; returns its path. */
async function download(page: Page, trigger: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const dir = await mkdtemp(path.join(tmpdir(), 'uatrust-dl-'));
  const target = path.join(dir, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

test('an own certificate assigned to the demo server’s endpoint is the one Test connection presents', async ({ page }) => {
  const endpointUrl = await openWithDemoServer(page);
  await call(page, 'own:generate', { name: 'Line 2 client', applicationName: 'Line2Scada', hostnames: ['scada-l2'] });
  const line2 = await ownNamed(page, 'Line 2 client');

  const view = await openOwnCerts(page);
  await rowAction(page, 'Line 2 client', 'Assign to connection…');
  const assign = page.getByRole('dialog', { name: 'Assign “Line 2 client” to a connection' });
  await expect(assign.getByRole('combobox', { name: 'Endpoint URL' })).toHaveValue(endpointUrl);
  await expect(assign.getByRole('radio', { name: /^Sign & encrypt/ })).toBeChecked();
  await assign.getByRole('radio', { name: /^Sign — / }).check();
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(assign).toBeHidden();
  await expect(page.getByText(`${endpointUrl} now uses "Line 2 client" (Sign)`)).toBeVisible();
  await expect(view.getByRole('row', { name: 'Line 2 client' }).getByRole('cell').nth(5)).toHaveText('1');

  // Assigning again moves it to SignAndEncrypt (one certificate per connection); the drawer lists it.
  await rowAction(page, 'Line 2 client', 'Assign to connection…');
  await expect(assign).toContainText('This connection uses this certificate already');
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(assign).toBeHidden();
  await rowAction(page, 'Line 2 client', 'Details');
  const drawer = page.getByRole('region', { name: 'Certificate details' });
  await expect(drawer).toContainText('Used by 1 connection');
  await expect(drawer.getByRole('list', { name: 'Assigned connections' }).getByRole('listitem')).toHaveText([`${endpointUrl}Sign & encryptUnassign`]);
  await page.getByRole('button', { name: 'Close details' }).click();
  await view.getByRole('button', { name: 'Close' }).click();

  // The first connection: trust the server, then the server refuses us — with the assigned certificate.
  await page.getByRole('button', { name: 'Test connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test connection' });
  await dialog.getByRole('button', { name: 'Test' }).click();
  const warning = page.getByRole('dialog', { name: 'Unknown server certificate' });
  await expect(warning).toBeVisible({ timeout: CONNECT_MS });
  await warning.getByRole('button', { name: 'Trust permanently' }).click();
  await expect(resultOf(dialog)).toContainText('BadSecurityChecksFailed 0x80130000', { timeout: CONNECT_MS });
  await expect(resultOf(dialog).getByRole('listitem', { name: 'The server refused our certificate: it is in its rejected folder' })).toBeVisible();
  const rejected = await certFiles(demo('rejected'));
  expect(rejected).toEqual([expect.stringMatching(/^Line2Scada/)]);
  expect(rejected[0].toLowerCase()).toContain(line2.certificate!.sha1);
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('local CA: sign the assigned certificate’s request, install it, deploy to the demo server in Trusted CA list mode → connects; revoked → refused', async ({ page }) => {
  await openWithDemoServer(page);
  await page.getByRole('treeitem', { name: /^Local demo server\b/ }).click();
  const section = page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Demo server' });
  await section.getByRole('radio', { name: /^Trusted CA list/ }).check();
  await expect(section.getByRole('radio', { name: /^Trusted CA list/ })).toBeChecked();

  // The signing request of the assigned certificate, saved as a file.
  const view = await openOwnCerts(page);
  const csr = await download(page, () => rowAction(page, 'Line 2 client', 'Create signing request (CSR)'));
  expect(await readFile(csr, 'utf8')).toContain('BEGIN CERTIFICATE REQUEST');

  // Create the CA.
  const ca = await openLocalCa(page);
  const form = ca.getByRole('form', { name: 'Create a local CA' });
  await form.getByRole('textbox', { name: 'CA name' }).fill('Line CA');
  await form.getByRole('textbox', { name: 'Organization' }).fill('Plant');
  await form.getByRole('combobox', { name: 'Key size' }).click();
  await page.getByRole('option', { name: 'RSA 2048' }).click();
  await form.getByRole('button', { name: 'Create CA' }).click();
  const facts = ca.getByRole('region', { name: 'Certificate authority' });
  await expect(facts).toContainText('CN=Line CA', { timeout: 20_000 });
  await expect(facts).toContainText('#1, published');
  await expect(ca.getByRole('table', { name: 'Issued certificates' })).toContainText('Nothing signed yet');

  // Download the CA certificate and its CRL alone, for a server the app does not manage.
  const caDownload = (item: string) => async () => {
    await facts.getByRole('button', { name: 'Download' }).click();
    await page.getByRole('menu', { name: 'Download' }).getByRole('menuitem', { name: item }).click();
  };
  const caDer = await download(page, caDownload('CA certificate (DER)'));
  expect(path.basename(caDer)).toBe('Line_CA.der');
  const { info } = await call<{ info: { sha1: string } }>(page, 'ca:get', {});
  expect(createHash('sha1').update(await readFile(caDer)).digest('hex')).toBe(info.sha1);
  await expect(page.getByText('Saved the CA certificate as Line_CA.der')).toBeVisible();
  const crlPem = await download(page, caDownload('CRL (PEM)'));
  expect(path.basename(crlPem)).toBe('Line_CA.crl.pem');
  expect(await readFile(crlPem, 'utf8')).toMatch(/^-----BEGIN X509 CRL-----/);

  // Sign the request file: the signed certificate comes back as a file, with the CA certificate.
  await ca.getByRole('button', { name: 'Sign request file…' }).click();
  const sign = page.getByRole('dialog', { name: 'Sign a request file' });
  await sign.getByLabel('Request file…').setInputFiles(csr);
  await expect(sign).toContainText(path.basename(csr));
  const signed = await download(page, () => sign.getByRole('button', { name: 'Sign' }).click());
  await expect(sign).toBeHidden();
  expect(path.basename(signed)).toBe('Line_2_client_signed.pem');
  expect((await readFile(signed, 'utf8')).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  const issuedRow = ca.getByRole('table', { name: 'Issued certificates' }).getByRole('row', { name: /^Serial [0-9a-f]+$/ });
  await expect(issuedRow).toHaveCount(1);
  await expect(issuedRow).toContainText('urn:scada-l2:Line2Scada');
  await expect(issuedRow).toContainText('Valid');
  await ca.getByRole('button', { name: 'Close' }).click();

  // Install it on the own certificate: same name and assignment, now issued by the CA.
  await rowAction(page, 'Line 2 client', 'Install signed certificate…');
  const install = page.getByRole('dialog', { name: 'Install the signed certificate of “Line 2 client”' });
  await install.getByLabel('Signed certificate and issuer files…').setInputFiles(signed);
  await install.getByRole('button', { name: 'Install' }).click();
  await expect(install).toBeHidden();
  await expect(page.getByText('Installed the signed certificate of "Line 2 client"; 1 issuer file copied to Issuers')).toBeVisible();
  expect((await ownNamed(page, 'Line 2 client')).certificate!.issuer.cn).toBe('Line CA');
  await expect(view.getByRole('row', { name: 'Line 2 client' }).getByRole('cell').nth(5)).toHaveText('1');

  // Deploy the CA certificate and CRL to the demo server's trusted folder.
  const ca2 = await openLocalCa(page);
  await ca2.getByRole('button', { name: 'Deploy…' }).click();
  const deploy = page.getByRole('dialog', { name: 'Deploy the CA certificate and CRL' });
  await deploy.getByRole('checkbox', { name: /^Local demo server/ }).check();
  await expect(deploy.getByRole('radio', { name: /^Trusted — / })).toBeChecked();
  await deploy.getByRole('button', { name: 'Deploy to 1 folder' }).click();
  await expect(deploy).toBeHidden();
  await expect(ca2.getByRole('region', { name: 'Deploy report' })).toContainText('Local demo server: 2 files copied (trusted)');
  expect(await certFiles(demo('trusted', 'certs'))).toEqual([expect.stringMatching(/^Line CA/)]);
  expect(await certFiles(demo('trusted', 'crl'))).toHaveLength(1);
  await ca2.getByRole('button', { name: 'Close' }).click();
  await view.getByRole('button', { name: 'Close' }).click();

  const connected = await testUntil(page, (text) => text.includes('Connected'));
  expect(connected).toContain('Connected');
  // Accepted through its CA: the server keeps no copy of the certificate itself.
  expect(await certFiles(demo('trusted', 'certs'))).toEqual([expect.stringMatching(/^Line CA/)]);

  // Revoke it, deploy the new CRL: refused, and the diagnosis says why.
  await openOwnCerts(page);
  const ca3 = await openLocalCa(page);
  await ca3.getByRole('button', { name: /^Revoke serial / }).click();
  const revoke = page.getByRole('dialog', { name: /^Revoke serial / });
  await expect(revoke).toContainText('urn:scada-l2:Line2Scada');
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke).toBeHidden();
  await expect(ca3.getByRole('table', { name: 'Issued certificates' })).toContainText('Revoked');
  await expect(ca3.getByRole('region', { name: 'Certificate authority' })).toContainText('#2, published');
  await ca3.getByRole('button', { name: 'Deploy…' }).click();
  await deploy.getByRole('checkbox', { name: /^Local demo server/ }).check();
  await deploy.getByRole('button', { name: 'Deploy to 1 folder' }).click();
  await expect(ca3.getByRole('region', { name: 'Deploy report' })).toContainText('Local demo server: 1 file copied, 1 file already there, 1 older CRL removed (trusted)');
  expect(await certFiles(demo('trusted', 'crl'))).toHaveLength(1);
  await ca3.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog', { name: /Own certificates/ }).getByRole('button', { name: 'Close' }).click();

  const refused = await testUntil(page, (text) => !text.includes('Connected'));
  expect(refused).toContain('BadSecurityChecksFailed 0x80130000');
  expect(refused).toContain('Our certificate is revoked');
});

test('Sign own certificate… signs and installs in one step; Unassign sends a connection back to the default', async ({ page }) => {
  const endpointUrl = await openWithDemoServer(page);
  const view = await openOwnCerts(page);
  const ca = await openLocalCa(page);
  await ca.getByRole('button', { name: 'Sign own certificate…' }).click();
  const sign = page.getByRole('dialog', { name: 'Sign an own certificate' });
  await sign.getByRole('combobox', { name: 'Own certificate' }).click();
  await page.getByRole('option', { name: /App certificate/ }).click();
  await sign.getByRole('button', { name: 'Sign and install' }).click();
  await expect(sign).toBeHidden({ timeout: 20_000 });
  await expect(page.getByText('Signed and installed "App certificate"; the self-signed one is kept as a backup')).toBeVisible();
  await expect(ca.getByRole('table', { name: 'Issued certificates' }).getByRole('row', { name: /^Serial [0-9a-f]+$/ })).toHaveCount(2);
  await ca.getByRole('button', { name: 'Close' }).click();

  expect((await ownNamed(page, 'App certificate')).certificate!.issuer.cn).toBe('Line CA');
  // The CA certificate and its CRL came along into the app's issuers folders.
  expect(await certFiles(path.join(app.home, 'pki', 'issuers', 'certs'))).toEqual([expect.stringMatching(/Line CA/)]);
  expect(await certFiles(path.join(app.home, 'pki', 'issuers', 'crl'))).toHaveLength(1);
  await view.getByRole('row', { name: 'App certificate' }).dblclick();
  const drawer = page.getByRole('region', { name: 'Certificate details' });
  await expect(drawer.getByRole('region', { name: 'Certificate' })).toContainText('O=Plant, CN=Line CA');
  await page.getByRole('button', { name: 'Close details' }).click();

  await view.getByRole('row', { name: 'Line 2 client' }).dblclick();
  await drawer.getByRole('button', { name: `Unassign ${endpointUrl}` }).click();
  await expect(page.getByText(`${endpointUrl} now uses the default certificate "App certificate"`)).toBeVisible();
  await expect(drawer).toContainText('Used by no connection');
  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(view.getByRole('row', { name: 'Line 2 client' }).getByRole('cell').nth(5)).toHaveText('0');
});
