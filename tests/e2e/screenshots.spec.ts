/**
 * Screenshots of the app for docs/screenshots/ (npm run screenshots; left out of normal runs so that
 * a normal test run does not rewrite tracked images).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expiredCert, makeCert, makeCrl } from '../helpers/certs';
import { dropCert, expect, filesIn, folderPath, openMenu, revealTreeItem, test, treeItem, useApp } from './fixtures';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const DAY = 86_400_000;
const STORE = 'line3-scada-server';


const app = useApp(async () => {
  const ca = await makeCert({ cn: 'Plant CA', o: 'Acme Plant 3', ca: true });
  return [
    {
      name: STORE,
      layout: 'node-opcua',
      own: [await makeCert({ cn: 'Line3 SCADA Server', o: 'Acme Plant 3', dns: ['scada-l3.plant.local'], ip: ['10.3.0.10'] })],
      trusted: [
        await makeCert({ cn: 'Historian', o: 'Acme Plant 3', dns: ['historian.plant.local'], notBefore: new Date(Date.now() - 200 * DAY) }),
        await makeCert({ cn: 'MES Gateway', o: 'Acme Plant 3', notBefore: new Date(Date.now() - 340 * DAY), notAfter: new Date(Date.now() + 12 * DAY) }),
        await makeCert({ cn: 'Operator Panel 07', issuer: ca, dns: ['hmi07.plant.local'], ip: ['10.3.1.7'], notBefore: new Date(Date.now() - 90 * DAY) }),
        await expiredCert('Legacy Reporting Client'),
        await makeCert({ cn: 'UaExpert@eng-laptop', key: 'rsa-1024', hash: 'SHA-1', applicationUri: null, notBefore: new Date(Date.now() - 30 * DAY) }),
      ],
      issuers: [ca],
      rejected: [await makeCert({ cn: 'Unknown Client', o: 'Contractor GmbH' }), await makeCert({ cn: 'Vanished Client' })],
      raw: [
        { folder: 'issuers', name: 'crl_[plant-ca].pem', bytes: (await makeCrl(ca)).pem, crl: true },
        { folder: 'trusted', name: 'copied-by-hand.cer', bytes: 'not a certificate at all' },
      ],
    },
    {
      name: 'twincat-gateway',
      layout: 'flat',
      own: [await makeCert({ cn: 'TcOpcUaGateway', o: 'Beckhoff' })],
      trusted: [await makeCert({ cn: 'Line3 SCADA Server' })],
      rejected: [await makeCert({ cn: 'Energy Monitor' })],
    },
  ];
});

/** Waits for transitions to end, moves the pointer out of the way (tooltips), and saves docs/screenshots/<name>.png. */
async function shoot(page: Page, name: string, movePointer = true) {
  if (movePointer) await page.mouse.move(640, 790);
  await page.waitForTimeout(450);
  await page.screenshot({ path: `${OUT}${name}.png` });
}

/** The built-in stores first in the list: closed, so the store under test fills the tree. */
async function collapseBuiltIns(page: Page) {
  for (const name of [/^OPC UA Trust Manager \(this app\)/, /^Local demo server/]) {
    const item = page.getByRole('treeitem', { name });
    if ((await item.count()) === 0) continue;
    if ((await item.getAttribute('aria-expanded')) === 'true') await item.dblclick();
  }
}

test('tree, context menu, pending sync, details and results', async ({ page }) => {
  test.setTimeout(90_000);
  await app.open(page);
  await collapseBuiltIns(page);
  await dropCert(app.store(STORE), 'rejected', await makeCert({ cn: 'SCADA Client Line 3', o: 'Acme Plant 3', dns: ['scada-client-l3'] }));
  await expect(treeItem(page, 'SCADA Client Line 3')).toBeVisible();
  await (await revealTreeItem(page, 'Operator Panel 07')).click();
  await shoot(page, 'tree');

  const menu = await openMenu(page, treeItem(page, 'SCADA Client Line 3'));
  await expect(menu.getByRole('menuitem', { name: 'Trust' })).toBeVisible();
  await shoot(page, 'context-menu', false);
  await menu.getByRole('menuitem', { name: 'Trust' }).click();

  const m2 = await openMenu(page, treeItem(page, 'Legacy Reporting Client'));
  await m2.getByRole('menuitem', { name: 'Delete…' }).click();
  await shoot(page, 'confirm-delete');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  const m3 = await openMenu(page, treeItem(page, 'Vanished Client'));
  await m3.getByRole('menuitem', { name: 'Trust' }).click();
  await treeItem(page, 'Unknown Client').click();
  await page.getByRole('button', { name: '3 pending changes' }).click();
  await shoot(page, 'pending-sync');
  await page.keyboard.press('Escape');

  await (await revealTreeItem(page, 'UaExpert@eng-laptop')).click();
  await shoot(page, 'details');
  await (await revealTreeItem(page, 'MES Gateway')).click();
  await shoot(page, 'details-expiring');
  await (await revealTreeItem(page, 'copied-by-hand.cer')).click();
  await shoot(page, 'unreadable');

  // Someone removes a staged file behind our back: Sync reports the conflict and leaves it alone.
  const store = app.store(STORE);
  const vanished = (await filesIn(store, 'rejected')).find((f) => f.startsWith('Vanished Client'))!;
  await rm(path.join(folderPath(store, 'rejected'), vanished));
  await (await revealTreeItem(page, 'SCADA Client Line 3')).click();
  await page.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByRole('dialog', { name: 'Sync results' })).toBeVisible();
  await shoot(page, 'sync-results');
  await page.getByRole('button', { name: 'Close' }).click();
  await shoot(page, 'after-sync');

  await page.getByRole('button', { name: 'Add PKI folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add PKI folder' });
  await dialog.getByRole('textbox', { name: 'Folder path' }).fill(app.store('twincat-gateway').root);
  await dialog.getByRole('button', { name: 'Detect' }).click();
  await expect(dialog.getByRole('status')).toContainText('Detected');
  await shoot(page, 'add-pki-folder');
});
