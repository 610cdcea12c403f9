/**
 * Screenshot of "Would this connect?" for docs/screenshots/ (npm run screenshots; left out of
 * normal runs so that they do not rewrite tracked images).
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { makeCert } from '../helpers/certs';
import { expect, revealTreeItem, test, useApp } from './fixtures';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const DAY = 86_400_000;
const STORE = 'line3-scada-server';


const app = useApp(async () => {
  const ca = await makeCert({ cn: 'Plant CA', o: 'Acme Plant 3', ca: true, notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() + 3000 * DAY) });
  return [
    {
      name: STORE,
      layout: 'node-opcua',
      own: [await makeCert({ cn: 'Line3 SCADA Server', o: 'Acme Plant 3', dns: ['scada-l3.plant.local'] })],
      // The plant's CA is trusted, so is every panel it signs; but nobody copied its CRL next to it.
      trusted: [ca, await makeCert({ cn: 'Historian', o: 'Acme Plant 3' })],
      rejected: [
        await makeCert({ cn: 'Operator Panel 07', o: 'Acme Plant 3', issuer: ca, dns: ['hmi07.plant.local'], ip: ['10.3.1.7'], notBefore: new Date(Date.now() - 20 * DAY) }),
        await makeCert({ cn: 'Unknown Client', o: 'Contractor GmbH' }),
      ],
    },
  ];
});

/** The built-in stores first in the list: closed, so the store under test fills the tree. */
async function collapseBuiltIns(page: Page) {
  for (const name of [/^OPC UA Trust Manager \(this app\)/, /^Local demo server/]) {
    const item = page.getByRole('treeitem', { name });
    if ((await item.count()) === 0) continue;
    if ((await item.getAttribute('aria-expanded')) === 'true') await item.dblclick();
  }
}

test('would this connect?', async ({ page }) => {
  await app.open(page);
  await collapseBuiltIns(page);
  await (await revealTreeItem(page, 'Operator Panel 07')).click();
  const details = page.getByRole('complementary', { name: 'Details' });
  await details.getByRole('tab', { name: 'Would this connect?' }).click();
  const panel = details.getByRole('tabpanel', { name: 'Would this connect?' });
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(panel.getByRole('region', { name: 'Check result' }).getByRole('status')).toContainText('BadCertificateRevocationUnknown');
  // The form scrolled away: the verdict and the checklist are what the picture is about.
  await panel.getByRole('region', { name: 'Check result' }).evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    el.closest('aside')?.scrollBy(0, -8);
  });
  await page.mouse.move(640, 790);
  await page.waitForTimeout(450);
  await page.screenshot({ path: `${OUT}would-this-connect.png` });
});
