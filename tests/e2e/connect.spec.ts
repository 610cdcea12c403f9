/**
 * Test connection against the embedded demo server, as a newcomer tries it after `npm start`:
 * real OPC UA on 127.0.0.1, a fresh UATRUST_HOME, and what lands on disk checked after each answer.
 * The tests build on each other (one app, one demo server for the file), so they run in order.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, openMenu, test, useApp } from './fixtures';

const app = useApp(async () => [], { demoServer: true });

/** The demo server takes ~4–6 s to start (node-opcua loads lazily); the margin is for a loaded machine. */
const DEMO_START_MS = 25_000;
/** A test connection on loopback takes ~0.5 s; the core gives up on one step after 15 s. */
const CONNECT_MS = 20_000;

test.describe.configure({ mode: 'serial', timeout: 60_000 });

/** Certificate files in a folder (none when it does not exist). */
async function certFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort();
}

const appTrusted = () => path.join(app.home, 'pki', 'trusted', 'certs');
const appRejected = () => path.join(app.home, 'pki', 'rejected');
const demoTrusted = () => path.join(app.home, 'demo-server', 'trusted', 'certs');
const demoRejected = () => path.join(app.home, 'demo-server', 'rejected');

/** Opens the app and waits until the tree says the demo server runs; returns its endpoint URL. */
async function openWithDemoServer(page: Page): Promise<string> {
  await app.open(page);
  const row = page.getByRole('treeitem', { name: /^Local demo server\b.*demo server running on port \d+/ });
  await expect(row).toBeVisible({ timeout: DEMO_START_MS });
  const port = /running on port (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')![1];
  return `opc.tcp://127.0.0.1:${port}`;
}

/** Toolbar → Test connection…; checks the URL is pre-filled with the demo server's. */
async function openTestConnection(page: Page, endpointUrl: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Test connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test connection' });
  await expect(dialog.getByRole('textbox', { name: 'Endpoint URL' })).toHaveValue(endpointUrl);
  return dialog;
}

const warningDialog = (page: Page) => page.getByRole('dialog', { name: 'Unknown server certificate' });
const resultOf = (dialog: Locator) => dialog.getByRole('region', { name: 'Result' });

async function expectConnected(dialog: Locator) {
  const result = resultOf(dialog);
  await expect(result).toContainText('Connected', { timeout: CONNECT_MS });
  await expect(result.getByRole('definition').filter({ hasText: /^Running$/ })).toBeVisible();
  await expect(dialog.getByRole('listitem', { name: /^Read ServerStatus: ok/ })).toBeVisible();
}

test.describe('Test connection with the demo server', () => {
  test('Cancel on the first-connection warning writes nothing and does not connect', async ({ page }) => {
    const endpointUrl = await openWithDemoServer(page);
    const dialog = await openTestConnection(page, endpointUrl);
    await dialog.getByRole('button', { name: 'Test' }).click();

    const warning = warningDialog(page);
    await expect(warning).toBeVisible({ timeout: CONNECT_MS });
    await expect(warning.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(warning).toContainText(/CN=OpcUaTrustManagerDemoServer@/);
    await expect(warning).toContainText('(self-signed)');
    await expect(warning).toContainText('RSA 2048 bits');
    await expect(warning.getByRole('button', { name: 'Copy SHA-1 thumbprint' })).toBeVisible();
    await expect(warning.getByRole('button', { name: 'Copy SHA-256 thumbprint' })).toBeVisible();
    await expect(warning.getByRole('button', { name: 'Trust permanently' })).toBeVisible();
    await expect(warning.getByRole('button', { name: 'Accept once' })).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(warning).toBeHidden();
    await expect(resultOf(dialog)).toContainText('not trusted');
    await expect(resultOf(dialog)).toContainText('BadCertificateUntrusted 0x801A0000');
    await expect(dialog.getByRole('listitem', { name: /^Server certificate check: failed/ })).toBeVisible();
    await expect(dialog.getByRole('listitem', { name: /^Secure channel: skipped/ })).toBeVisible();

    expect(await certFiles(appTrusted())).toEqual([]);
    expect(await certFiles(appRejected())).toEqual([]);
    expect(await certFiles(demoRejected())).toEqual([]);
  });

  test('the newcomer loop: trust the server, the server refuses us, Trust it, Sync, connected', async ({ page }) => {
    const endpointUrl = await openWithDemoServer(page);
    const dialog = await openTestConnection(page, endpointUrl);
    await dialog.getByRole('button', { name: 'Test' }).click();
    const warning = warningDialog(page);
    await expect(warning).toBeVisible({ timeout: CONNECT_MS });
    // The engine's full check of the server's certificate comes closed; open, it scrolls and the answers stay in view.
    const serverCheck = warning.getByRole('button', { name: /^Full check: The server’s certificate, as we check it/ });
    await expect(serverCheck).toHaveAttribute('aria-expanded', 'false');
    await expect(serverCheck).toContainText('BadCertificateUntrusted 0x801A0000');
    await serverCheck.click();
    await expect(warning.getByRole('listitem', { name: 'Trust list check: failed', exact: true })).toBeVisible();
    await expect(warning.getByRole('button', { name: 'Trust permanently' })).toBeInViewport();
    await warning.getByRole('button', { name: 'Trust permanently' }).click();
    await expect(warning).toBeHidden();

    // The same test runs again by itself: now the server refuses our certificate.
    const result = resultOf(dialog);
    await expect(result).toContainText('BadSecurityChecksFailed 0x80130000', { timeout: CONNECT_MS });
    const refused = result.getByRole('listitem', { name: 'The server refused our certificate: it is in its rejected folder' });
    await expect(refused).toBeVisible();
    await expect(refused).toContainText('BadCertificateUntrusted 0x801A0000');
    await expect(dialog.getByRole('listitem', { name: /^Secure channel: failed/ })).toBeVisible();
    // The same trace the details pane shows, for our certificate as the demo server's store judges it.
    await result.getByRole('button', { name: /^Full check: Our certificate, as the server checks it/ }).click();
    await expect(result.getByRole('listitem', { name: 'Trust list check: failed', exact: true })).toContainText('it is in rejected/');
    await expect(result).toContainText('The client will only read BadSecurityChecksFailed 0x80130000');
    await expect(result.getByRole('button', { name: /^Full check: The server’s certificate, as we check it/ })).toContainText('Good');
    expect(await certFiles(appTrusted())).toEqual([expect.stringMatching(/^OpcUaTrustManagerDemoServer/)]);
    expect(await certFiles(demoRejected())).toEqual([expect.stringMatching(/^OpcUaTrustManager_/)]);

    // Trust it stages the trust like right-click → Trust: the pending bar shows it until Sync.
    await refused.getByRole('button', { name: 'Trust it' }).click();
    await expect(refused).toContainText('Trust staged');
    await expect(page.getByRole('region', { name: 'Pending changes', includeHidden: true })).toContainText('1 pending change');
    await refused.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByText('Synced: 1 change applied')).toBeVisible();
    await expect(refused).toContainText('Press Test to connect again');
    expect(await certFiles(demoRejected())).toEqual([]);
    expect(await certFiles(demoTrusted())).toEqual([expect.stringMatching(/^OpcUaTrustManager_/)]);

    // No server restart, no false failure while it reloads its trust list.
    await dialog.getByRole('button', { name: 'Test' }).click();
    await expectConnected(dialog);

    // The connection is in Recent: one click runs it again.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Test connection…' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Endpoint URL' })).toHaveValue(endpointUrl);
    await dialog.getByRole('button', { name: new RegExp(`^Run again: ${endpointUrl.replace(/[.]/g, '\\.')}, .*last connected`) }).click();
    await expectConnected(dialog);
  });

  test('Accept once connects and leaves no file in the app’s trusted folder', async ({ page }) => {
    const endpointUrl = await openWithDemoServer(page);
    // Forget the server certificate trusted above (as if it had never been trusted).
    for (const name of await certFiles(appTrusted())) await rm(path.join(appTrusted(), name));

    const dialog = await openTestConnection(page, endpointUrl);
    await dialog.getByRole('button', { name: 'Test' }).click();
    const warning = warningDialog(page);
    await expect(warning).toBeVisible({ timeout: CONNECT_MS });
    await warning.getByRole('button', { name: 'Accept once' }).click();
    await expect(warning).toBeHidden();
    await expectConnected(dialog);
    await expect(dialog.getByRole('listitem', { name: /^Server certificate check: ok, .*accepted once/ })).toBeVisible();
    expect(await certFiles(appTrusted())).toEqual([]);
    expect(await certFiles(appRejected())).toEqual([]);
  });

  test('the demo server set to Accept any lets in a client it does not trust', async ({ page }) => {
    const endpointUrl = await openWithDemoServer(page);
    // The demo server no longer knows our certificate.
    for (const name of await certFiles(demoTrusted())) await rm(path.join(demoTrusted(), name));

    await page.getByRole('treeitem', { name: /^Local demo server\b/ }).click();
    const section = page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Demo server' });
    await expect(section).toContainText(endpointUrl);
    await section.getByRole('radio', { name: /^Accept any/ }).check();
    await expect(section.getByRole('radio', { name: /^Accept any/ })).toBeChecked();
    await expect(section.getByRole('switch', { name: 'Automatically add refused client certificates to rejected' })).toBeDisabled();

    const dialog = await openTestConnection(page, endpointUrl);
    await dialog.getByRole('button', { name: 'Test' }).click();
    await expectConnected(dialog);
    expect(await certFiles(demoTrusted())).toEqual([]);
    expect(await certFiles(demoRejected())).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Back to the trusted list: the same client is refused and lands in rejected.
    await section.getByRole('radio', { name: /^Trusted certificates list/ }).check();
    await expect(section.getByRole('radio', { name: /^Trusted certificates list/ })).toBeChecked();
    await page.getByRole('button', { name: 'Test connection…' }).click();
    await dialog.getByRole('button', { name: 'Test' }).click();
    await expect(resultOf(dialog)).toContainText('BadSecurityChecksFailed 0x80130000', { timeout: CONNECT_MS });
    await expect(resultOf(dialog).getByRole('button', { name: 'Trust it' })).toBeVisible();
    expect(await certFiles(demoRejected())).toEqual([expect.stringMatching(/^OpcUaTrustManager_/)]);
  });

  test('right-click → Test connection… on the demo server’s store fills in its endpoint', async ({ page }) => {
    const endpointUrl = await openWithDemoServer(page);
    const menu = await openMenu(page, page.getByRole('treeitem', { name: /^Local demo server\b/ }));
    await menu.getByRole('menuitem', { name: /^Test connection…/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Test connection' });
    await expect(dialog.getByRole('textbox', { name: 'Endpoint URL' })).toHaveValue(endpointUrl);
    await expect(dialog.getByRole('combobox', { name: 'Security policy' })).toHaveText('Most secure offered');
    await dialog.getByRole('textbox', { name: 'Endpoint URL' }).press('Enter');
    await expect(dialog.getByRole('listitem', { name: /^GetEndpoints: ok/ })).toBeVisible({ timeout: CONNECT_MS });
    // The app's own store is a client: nothing to test there.
    await dialog.getByRole('button', { name: 'Close' }).click();
    const own = await openMenu(page, page.getByRole('treeitem', { name: /^OPC UA Trust Manager \(this app\)/ }));
    await expect(own.getByRole('menuitem', { name: /^Test connection…/ })).toHaveCount(0);
    await page.keyboard.press('Escape');
  });

  test('Stop and Start from the demo server’s details keep the tree and the pane live', async ({ page }) => {
    await openWithDemoServer(page);
    await page.getByRole('treeitem', { name: /^Local demo server\b/ }).click();
    const section = page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Demo server' });
    await section.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('treeitem', { name: /^Local demo server\b.*demo server stopped$/ })).toBeVisible({ timeout: CONNECT_MS });
    await expect(section).toContainText('not running');
    await expect(section.getByRole('button', { name: 'Start' })).toBeEnabled();
    await section.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('treeitem', { name: /^Local demo server\b.*demo server running on port \d+$/ })).toBeVisible({ timeout: DEMO_START_MS });
    await expect(section.getByRole('button', { name: 'Copy Endpoint URL' })).toBeVisible();
  });
});
