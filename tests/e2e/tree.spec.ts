import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeCert, makeCrl } from '../helpers/certs';
import { expect, filesIn, openMenu, revealTreeItem, test, treeItem, useApp } from './fixtures';

const STORE = 'plant-gateway';

const app = useApp(async (dir) => {
  // A folder with UaExpert's layout that is not in the list yet, for Add PKI folder….
  for (const rel of ['own/certs', 'own/private', 'trusted/certs', 'trusted/crl', 'issuers/certs', 'issuers/crl', 'rejected/certs']) {
    await mkdir(path.join(dir, 'uaexpert-station', rel), { recursive: true });
  }
  const ca = await makeCert({ cn: 'Plant CA', ca: true });
  return [
    {
      name: STORE,
      layout: 'uaexpert',
      trusted: [await makeCert({ cn: 'Exportable Server', dns: ['srv.plant.local'] })],
      issuers: [ca],
      rejected: [await makeCert({ cn: 'Keyboard Client' })],
      raw: [
        { folder: 'trusted', name: 'garbage.der', bytes: 'this is not a certificate' },
        { folder: 'issuers', name: 'Plant CA.crl', bytes: (await makeCrl(ca)).der, crl: true },
      ],
    },
    { name: 'spare-store', layout: 'flat', rejected: [await makeCert({ cn: 'Spare Client' })] },
  ];
});

const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });

test.describe('the stores tree', () => {
  test('Import… writes the chosen files into the store’s Trusted folder', async ({ page }) => {
    await app.open(page);
    await treeItem(page, 'Exportable Server').click();
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import certificates' });
    await expect(dialog.getByRole('radio', { name: 'Trusted' })).toBeChecked();
    const cert = await makeCert({ cn: 'Imported Client' });
    await page.getByLabel('Certificate files to import').setInputFiles({ name: 'client.der', mimeType: 'application/pkix-cert', buffer: cert.der });
    await expect(page.getByText(`Imported 1 file into Trusted of ${STORE}`)).toBeVisible();
    await expect(treeItem(page, 'Imported Client')).toHaveAttribute('aria-selected', 'true');
    await expect(details(page)).toContainText('In Trusted');
    const store = app.store(STORE);
    const written = (await filesIn(store, 'trusted')).find((f) => f.startsWith('Imported Client'));
    expect(written).toBeDefined();
    expect(await readFile(path.join(store.root, 'trusted', 'certs', written!))).toEqual(cert.der);
  });

  test('files dropped on a folder are imported into that folder', async ({ page }) => {
    await app.open(page);
    const cert = await makeCert({ cn: 'Dropped Client' });
    // The Rejected folder of this store: the parent of one of its certificates (Left on a certificate selects it).
    await treeItem(page, 'Keyboard Client').click();
    await page.keyboard.press('ArrowLeft');
    const rejected = page.getByRole('treeitem', { selected: true });
    await expect(rejected).toHaveAccessibleName(/^Rejected, /);
    const dataTransfer = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); const bytes = Uint8Array.from(atob('${cert.der.toString('base64')}'), (c) => c.charCodeAt(0)); dt.items.add(new File([bytes], 'dropped.der')); return dt; })()`,
    );
    await rejected.dispatchEvent('dragover', { dataTransfer });
    await rejected.dispatchEvent('drop', { dataTransfer });
    await expect(page.getByText(`Imported 1 file into Rejected of ${STORE}`)).toBeVisible();
    expect((await filesIn(app.store(STORE), 'rejected')).some((f) => f.startsWith('Dropped Client'))).toBe(true);
  });

  test('an unreadable file is shown as such, with its reason, and can only be deleted', async ({ page }) => {
    await app.open(page);
    const item = treeItem(page, 'garbage.der');
    await expect(item).toHaveAccessibleName(/garbage\.der, unreadable/);
    await item.click();
    await expect(details(page)).toContainText('Unreadable file');
    await expect(details(page).getByRole('definition').filter({ hasText: /./ }).first()).toBeVisible();
    await expect(details(page)).toContainText('Reason');
    const menu = await openMenu(page, item);
    await expect(menu.getByRole('menuitem')).toHaveText(['Delete…', 'Details']);
    await page.keyboard.press('Escape');
  });

  test('a CRL shows its issuer, update times and revoked serials', async ({ page }) => {
    await app.open(page);
    const crl = await revealTreeItem(page, 'CRL of Plant CA');
    await crl.click();
    await expect(details(page).getByRole('heading', { name: 'CRL of Plant CA' })).toBeVisible();
    await expect(details(page)).toContainText('Next update');
    await expect(details(page)).toContainText('Revoked serials (0)');
  });

  test('keyboard navigation reaches a certificate and opens its menu', async ({ page }) => {
    await app.open(page);
    const tree = page.getByRole('tree', { name: 'PKI folders' });
    await tree.focus();
    await page.keyboard.press('Home');
    const target = treeItem(page, 'Keyboard Client');
    for (let i = 0; i < 40 && (await target.getAttribute('aria-selected').catch(() => null)) !== 'true'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    await expect(target).toHaveAttribute('aria-selected', 'true');
    await expect(tree).toHaveAttribute('aria-activedescendant', (await target.getAttribute('id'))!);
    await expect(details(page).getByRole('heading', { name: 'Keyboard Client' })).toBeVisible();
    // Left goes to the folder, Right comes back to its first child.
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(/^Rejected, /);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(/^(Dropped Client|Keyboard Client)/);
    await target.click();
    await tree.focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Trust' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(menu).toBeHidden();
    await expect(target).toHaveAccessibleName(/pending → Trusted/);
    await expect(tree).toBeFocused();
    await page.getByRole('button', { name: 'Discard' }).click();
  });

  test('Export… downloads the certificate as DER, or as PEM on request', async ({ page }) => {
    await app.open(page);
    const item = treeItem(page, 'Exportable Server');
    let menu = await openMenu(page, item);
    await menu.getByRole('menuitem', { name: 'Export…' }).click();
    let dialog = page.getByRole('dialog', { name: /Export Exportable Server/ });
    await expect(dialog.getByRole('radio', { name: /DER/ })).toBeChecked();
    let download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const der = await download;
    expect(der.suggestedFilename()).toMatch(/\.der$/);
    const derBytes = await readFile((await der.path())!);
    expect(derBytes[0]).toBe(0x30);

    menu = await openMenu(page, item);
    await menu.getByRole('menuitem', { name: 'Export…' }).click();
    dialog = page.getByRole('dialog', { name: /Export Exportable Server/ });
    await dialog.getByRole('radio', { name: /PEM/ }).check();
    download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const pem = await download;
    expect(pem.suggestedFilename()).toMatch(/\.pem$/);
    expect((await readFile((await pem.path())!)).toString()).toContain('-----BEGIN CERTIFICATE-----');
  });

  test('Copy thumbprint puts the SHA-1 on the clipboard; Details moves to the details pane', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await app.open(page);
    const item = treeItem(page, 'Exportable Server');
    let menu = await openMenu(page, item);
    await menu.getByRole('menuitem', { name: 'Copy thumbprint' }).click();
    await expect(page.getByText('SHA-1 thumbprint copied')).toBeVisible();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toMatch(/^[0-9A-F]{40}$/);
    await expect(details(page)).toContainText(copied.replace(/(..)(?=.)/g, '$1:'));

    await treeItem(page, 'Keyboard Client').click();
    menu = await openMenu(page, item);
    await menu.getByRole('menuitem', { name: 'Details' }).click();
    await expect(details(page).getByRole('heading', { name: 'Exportable Server' })).toBeVisible();
    await expect(details(page)).toBeFocused();
    await expect(details(page)).toContainText('srv.plant.local');
  });

  test('Add PKI folder… detects the layout and adds the store; Remove from list leaves the files', async ({ page }) => {
    await app.open(page);
    await page.getByRole('button', { name: 'Add PKI folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add PKI folder' });
    const folder = path.join(app.dir, 'uaexpert-station');
    await dialog.getByRole('textbox', { name: 'Folder path' }).fill(folder);
    await dialog.getByRole('button', { name: 'Detect' }).click();
    await expect(dialog.getByRole('status')).toContainText('Detected UaExpert / Unified Automation');
    await expect(dialog.getByRole('combobox', { name: 'Layout' })).toHaveText('UaExpert / Unified Automation');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Engineering station');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(dialog).toBeHidden();
    const store = await revealTreeItem(page, /^Engineering station, UaExpert/);
    await expect(store).toHaveAttribute('aria-selected', 'true');

    const menu = await openMenu(page, store);
    await menu.getByRole('menuitem', { name: /Remove from list/ }).click();
    await expect(page.getByRole('treeitem', { name: /^Engineering station/ })).toHaveCount(0);
    await expect(page.getByText('Removed Engineering station from the list; its files are untouched')).toBeVisible();
    expect((await readFile(path.join(folder, '..', 'uaexpert-station', 'trusted', 'certs', '.keep')).catch(() => null))).toBeNull();
  });

  test('built-in stores cannot be removed from the list', async ({ page }) => {
    await app.open(page);
    const builtIn = page.getByRole('treeitem', { level: 1 }).first();
    await expect(builtIn).toContainText('built-in');
    const menu = await openMenu(page, builtIn);
    await expect(menu.getByRole('menuitem', { name: /Remove from list/ })).toBeDisabled();
    await page.keyboard.press('Escape');
  });
});

test.describe('the first reads', () => {
  test('leave before the window’s chunk has loaded, once each, and fill the tree', async ({ page }) => {
    // The window's chunk is held until the store list has been asked for: without the entry's early
    // reads it would never be asked, and the tree would never appear.
    const asked: string[] = [];
    let listAsked!: () => void;
    const listAskedPromise = new Promise<void>((resolve) => (listAsked = resolve));
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (!pathname.startsWith('/api/') || pathname === '/api/events') return;
      asked.push(pathname.slice('/api/'.length));
      if (pathname === '/api/stores:list') listAsked();
    });
    await page.route(/\/assets\/boot-[^/]+\.js$/, async (route) => {
      await listAskedPromise;
      await route.continue();
    });
    await app.open(page);
    await expect(treeItem(page, 'Exportable Server')).toBeVisible();
    expect(asked.filter((channel) => channel === 'stores:list')).toEqual(['stores:list']);
    expect(asked.filter((channel) => channel === 'app:get-info')).toEqual(['app:get-info']);
  });
});
