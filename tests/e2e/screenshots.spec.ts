/**
 * Screenshots of the app for docs/screenshots/ (run with UATRUST_SCREENSHOTS=1; skipped otherwise so that
 * a normal test run does not rewrite tracked images).
 */
import { fileURLToPath } from 'node:url';
import { expiredCert, makeCert, makeCrl } from '../helpers/certs';
import { dropCert, expect, openMenu, revealTreeItem, test, treeItem, useApp } from './fixtures';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const DAY = 86_400_000;

test.skip(!process.env.UATRUST_SCREENSHOTS, 'set UATRUST_SCREENSHOTS=1 to refresh docs/screenshots');

const app = useApp(async () => {
  const ca = await makeCert({ cn: 'Plant CA', o: 'Acme Plant 3', ca: true });
  return [
    {
      name: 'line3-scada-server',
      layout: 'node-opcua',
      own: [await makeCert({ cn: 'Line3 SCADA Server', o: 'Acme Plant 3', dns: ['scada-l3.plant.local'], ip: ['10.3.0.10'] })],
      trusted: [
        await makeCert({ cn: 'Historian', o: 'Acme Plant 3', dns: ['historian.plant.local'] }),
        await makeCert({ cn: 'MES Gateway', o: 'Acme Plant 3', notAfter: new Date(Date.now() + 12 * DAY) }),
        await makeCert({ cn: 'Operator Panel 07', issuer: ca, dns: ['hmi07.plant.local'], ip: ['10.3.1.7'] }),
        await expiredCert('Legacy Reporting Client'),
        await makeCert({ cn: 'UaExpert@eng-laptop', key: 'rsa-1024', hash: 'SHA-1', applicationUri: null }),
      ],
      issuers: [ca],
      rejected: [await makeCert({ cn: 'Unknown Client', o: 'Contractor GmbH' })],
      raw: [{ folder: 'issuers', name: 'crl_[plant-ca].pem', bytes: (await makeCrl(ca)).pem, crl: true }],
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

test('tree, context menu, pending sync and details', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open(page);
  await dropCert(app.store('line3-scada-server'), 'rejected', await makeCert({ cn: 'SCADA Client Line 3', o: 'Acme Plant 3', dns: ['scada-client-l3'] }));
  await expect(treeItem(page, 'SCADA Client Line 3')).toBeVisible();
  await (await revealTreeItem(page, 'Operator Panel 07')).click();
  await page.screenshot({ path: `${OUT}tree.png` });

  const menu = await openMenu(page, treeItem(page, 'SCADA Client Line 3'));
  await expect(menu.getByRole('menuitem', { name: 'Trust' })).toBeVisible();
  await page.screenshot({ path: `${OUT}context-menu.png` });
  await menu.getByRole('menuitem', { name: 'Trust' }).click();

  const m2 = await openMenu(page, treeItem(page, 'Legacy Reporting Client'));
  await m2.getByRole('menuitem', { name: 'Delete…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await treeItem(page, 'Unknown Client').click();
  await page.screenshot({ path: `${OUT}pending-sync.png` });

  await (await revealTreeItem(page, 'UaExpert@eng-laptop')).click();
  await page.screenshot({ path: `${OUT}details.png` });
  await (await revealTreeItem(page, 'SCADA Client Line 3')).click();
  await page.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByRole('button', { name: 'Discard' })).toBeDisabled();
  await page.screenshot({ path: `${OUT}after-sync.png` });
});
