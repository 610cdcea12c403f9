import { rm } from 'node:fs/promises';
import path from 'node:path';
import { makeCert } from '../helpers/certs';
import { dropCert, expect, filesIn, folderPath, openMenu, test, treeItem, useApp } from './fixtures';

const STORE = 'line3-server';

const app = useApp(async () => [
  {
    name: STORE,
    layout: 'ua-net',
    trusted: [await makeCert({ cn: 'Historian' }), await makeCert({ cn: 'Old Panel' })],
    rejected: [
      await makeCert({ cn: 'SCADA Client' }),
      await makeCert({ cn: 'Doomed Client' }),
      await makeCert({ cn: 'Batch A' }),
      await makeCert({ cn: 'Batch B' }),
      await makeCert({ cn: 'Second Thoughts' }),
      await makeCert({ cn: 'Vanishing Client' }),
    ],
  },
]);

const pendingRegion = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'Pending changes' });
const details = (page: import('@playwright/test').Page) => page.getByRole('complementary', { name: 'Details' });

test.describe('trust workflow', () => {
  test('a certificate dropped into rejected appears by itself, marked new until selected', async ({ page }) => {
    await app.open(page);
    const store = app.store(STORE);
    await dropCert(store, 'rejected', await makeCert({ cn: 'Fresh Client' }));
    const item = treeItem(page, 'Fresh Client');
    await expect(item).toBeVisible();
    await expect(item).toHaveAccessibleName(/Fresh Client, valid, new/);
    await expect(item.getByText('New', { exact: true })).toBeVisible();
    await item.click();
    await expect(item).not.toHaveAccessibleName(/new/);
    await expect(details(page)).toContainText('In Rejected');
  });

  test('Trust then Sync moves the file to trusted on disk and the tree shows it there', async ({ page }) => {
    await app.open(page);
    const store = app.store(STORE);
    const item = treeItem(page, 'SCADA Client');
    const menu = await openMenu(page, item);
    await menu.getByRole('menuitem', { name: 'Trust' }).click();
    await expect(item).toHaveAccessibleName(/pending → Trusted/);
    await expect(item.getByText('→ Trusted')).toBeVisible();
    await expect(pendingRegion(page)).toContainText('1 pending change');

    await page.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByText('Synced: 1 change applied')).toBeVisible();
    await expect(pendingRegion(page)).toContainText('No pending changes');
    expect((await filesIn(store, 'trusted')).some((f) => f.startsWith('SCADA Client'))).toBe(true);
    expect((await filesIn(store, 'rejected')).some((f) => f.startsWith('SCADA Client'))).toBe(false);
    await treeItem(page, 'SCADA Client').click();
    await expect(details(page)).toContainText('In Trusted');
    await expect(details(page)).toContainText(`${path.join('trusted', 'certs')}/SCADA Client`);
  });

  test('Reject moves a trusted certificate to rejected', async ({ page }) => {
    await app.open(page);
    const store = app.store(STORE);
    const menu = await openMenu(page, treeItem(page, 'Old Panel'));
    await menu.getByRole('menuitem', { name: 'Reject' }).click();
    await expect(treeItem(page, 'Old Panel')).toHaveAccessibleName(/pending → Rejected/);
    await page.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByText('Synced: 1 change applied')).toBeVisible();
    expect((await filesIn(store, 'rejected')).some((f) => f.startsWith('Old Panel'))).toBe(true);
    expect((await filesIn(store, 'trusted')).some((f) => f.startsWith('Old Panel'))).toBe(false);
  });

  test('Delete… asks for confirmation, then Sync deletes the file', async ({ page }) => {
    await app.open(page);
    const store = app.store(STORE);
    const menu = await openMenu(page, treeItem(page, 'Doomed Client'));
    await menu.getByRole('menuitem', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this file?' });
    await expect(dialog).toContainText('Doomed Client');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(dialog).toBeHidden();
    await expect(treeItem(page, 'Doomed Client')).toHaveAccessibleName(/pending delete/);
    expect((await filesIn(store, 'rejected')).some((f) => f.startsWith('Doomed Client'))).toBe(true);
    await page.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByText('Synced: 1 change applied')).toBeVisible();
    await expect(treeItem(page, 'Doomed Client')).toHaveCount(0);
    expect((await filesIn(store, 'rejected')).some((f) => f.startsWith('Doomed Client'))).toBe(false);
  });

  test('Ctrl-click selects two certificates and Trust acts on both', async ({ page }) => {
    await app.open(page);
    const store = app.store(STORE);
    await treeItem(page, 'Batch A').click();
    await treeItem(page, 'Batch B').click({ modifiers: ['Control'] });
    await expect(treeItem(page, 'Batch A')).toHaveAttribute('aria-selected', 'true');
    await expect(treeItem(page, 'Batch B')).toHaveAttribute('aria-selected', 'true');
    const menu = await openMenu(page, treeItem(page, 'Batch B'));
    await menu.getByRole('menuitem', { name: 'Trust' }).click();
    await expect(pendingRegion(page)).toContainText('2 pending changes');
    await page.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByText('Synced: 2 changes applied')).toBeVisible();
    const trusted = await filesIn(store, 'trusted');
    expect(trusted.some((f) => f.startsWith('Batch A'))).toBe(true);
    expect(trusted.some((f) => f.startsWith('Batch B'))).toBe(true);
  });

  test('Discard drops the pending changes and leaves the files alone', async ({ page }) => {
    await app.open(page);
    const store = app.store(STORE);
    const before = await filesIn(store, 'rejected');
    const menu = await openMenu(page, treeItem(page, 'Second Thoughts'));
    await menu.getByRole('menuitem', { name: 'Trust' }).click();
    await expect(pendingRegion(page)).toContainText('1 pending change');
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect(pendingRegion(page)).toContainText('No pending changes');
    await expect(treeItem(page, 'Second Thoughts')).not.toHaveAccessibleName(/pending/);
    expect(await filesIn(store, 'rejected')).toEqual(before);
  });

  test('a file removed between staging and Sync is reported as a conflict and the tree is re-read', async ({ page }) => {
    await app.open(page);
    const store = app.store(STORE);
    const menu = await openMenu(page, treeItem(page, 'Vanishing Client'));
    await menu.getByRole('menuitem', { name: 'Trust' }).click();
    await expect(pendingRegion(page)).toContainText('1 pending change');
    const name = (await filesIn(store, 'rejected')).find((f) => f.startsWith('Vanishing Client'))!;
    await rm(path.join(folderPath(store, 'rejected'), name));
    await page.getByRole('button', { name: 'Sync' }).click();
    const report = page.getByRole('dialog', { name: 'Sync results' });
    await expect(report).toContainText('1 conflict');
    await expect(report.getByRole('row', { name: /conflict/ })).toContainText('Vanishing Client');
    await report.getByRole('button', { name: 'Close' }).click();
    await expect(treeItem(page, 'Vanishing Client')).toHaveCount(0);
    await expect(pendingRegion(page)).toContainText('No pending changes');
    expect((await filesIn(store, 'trusted')).some((f) => f.startsWith('Vanishing Client'))).toBe(false);
  });
});
