/**
 * "Would this connect?" on real PKI folders: the Part 4 engine's verdict and trace as a user reads them
 * in the details pane, before and after trusting, with and without a server setting.
 */
import type { Locator, Page } from '@playwright/test';
import { makeCert } from '../helpers/certs';
import { expect, filesIn, revealTreeItem, test, useApp } from './fixtures';

const app = useApp(async () => {
  const ca = await makeCert({ cn: 'Plant CA', o: 'Acme Plant 3', ca: true });
  return [
    { name: 'line3-server', layout: 'node-opcua', rejected: [await makeCert({ cn: 'SCADA Client', o: 'Acme Plant 3' })] },
    // The CA is trusted (so is all it signs) but nobody put its CRL next to it.
    { name: 'plant-server', layout: 'node-opcua', trusted: [ca], rejected: [await makeCert({ cn: 'Operator Panel 07', issuer: ca, dns: ['hmi07.plant.local'] })] },
  ];
});

const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });

/** Selects the certificate and opens its "Would this connect?" tab. */
async function openPanel(page: Page, cn: string): Promise<Locator> {
  await app.open(page);
  await (await revealTreeItem(page, cn)).click();
  await details(page).getByRole('tab', { name: 'Would this connect?' }).click();
  const panel = details(page).getByRole('tabpanel', { name: 'Would this connect?' });
  await expect(panel).toBeVisible();
  return panel;
}

const resultOf = (panel: Locator) => panel.getByRole('region', { name: 'Check result' });
const verdictOf = (panel: Locator) => resultOf(panel).getByRole('status');
const step = (panel: Locator, name: string) => resultOf(panel).getByRole('listitem', { name, exact: true });

test.describe('Would this connect?', () => {
  test('a client certificate in a server’s rejected folder is untrusted; after Trust and Sync it is Good', async ({ page }) => {
    const panel = await openPanel(page, 'SCADA Client');
    await expect(panel.getByRole('combobox', { name: 'Checked by (PKI folder)' })).toHaveText('line3-server');
    await expect(panel.getByRole('combobox', { name: 'The certificate is' })).toHaveText('a client’s certificate, checked by this server');
    await expect(panel.getByRole('combobox', { name: 'Security policy' })).toHaveText('Basic256Sha256');
    await expect(panel.getByRole('textbox', { name: 'Expected ApplicationUri' })).toHaveValue('urn:test:SCADA Client');

    await panel.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(verdictOf(panel)).toContainText('Refused at Trust list check');
    await expect(verdictOf(panel)).toContainText('BadCertificateUntrusted 0x801A0000');
    await expect(verdictOf(panel)).toContainText('The client will only read BadSecurityChecksFailed 0x80130000');
    const trustList = step(panel, 'Trust list check: failed');
    await expect(trustList).toContainText('it is in rejected/');
    await expect(trustList).toContainText('Fix: Trust it');
    await expect(step(panel, 'Certificate structure: passed')).toBeVisible();
    await expect(step(panel, 'Host name: not checked')).toBeVisible();
    await expect(resultOf(panel).getByRole('list', { name: 'Chain, leaf to root' })).toContainText('in Rejected');

    // Trust, then Sync: the check runs again by itself, on the file where it is now.
    await details(page).getByRole('button', { name: 'Trust', exact: true }).click();
    await expect(panel).toContainText('Pending changes are not on disk yet');
    await page.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByText('Synced: 1 change applied')).toBeVisible();
    expect((await filesIn(app.store('line3-server'), 'trusted')).some((f) => f.startsWith('SCADA Client'))).toBe(true);
    await expect(verdictOf(panel)).toContainText('Good');
    await expect(step(panel, 'Trust list check: passed')).toContainText('the certificate itself is in trusted/');

    await panel.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(verdictOf(panel)).toContainText('The server would accept this client certificate (Basic256Sha256).');
    await expect(verdictOf(panel)).not.toContainText('BadSecurityChecksFailed');
    await expect(details(page)).toContainText('In Trusted');
  });

  test('a CA-signed certificate without a CRL of its CA: revocation unknown, Good once the server accepts that', async ({ page }) => {
    const panel = await openPanel(page, 'Operator Panel 07');
    await panel.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(verdictOf(panel)).toContainText('Refused at Find the revocation list');
    await expect(verdictOf(panel)).toContainText('BadCertificateRevocationUnknown 0x801B0000');
    // trusted through its CA; the missing CRL is the CA's, and the row names it
    await expect(step(panel, 'Trust list check: passed')).toContainText('Plant CA');
    await expect(step(panel, 'Find the revocation list: failed')).toContainText('Plant CA');
    await expect(resultOf(panel).getByRole('listitem', { name: /^Find the revocation list \(Plant CA · [0-9A-F]{8}\): failed, BadCertificateRevocationUnknown 0x801B0000/ })).toContainText('Fix: Import the CRL');
    const chain = resultOf(panel).getByRole('list', { name: 'Chain, leaf to root' });
    await expect(chain.getByRole('listitem')).toHaveCount(2);
    await expect(chain.getByRole('listitem', { name: /^Root CA: Plant CA, in Trusted/ })).toBeVisible();

    await panel.getByRole('button', { name: 'Server settings' }).click();
    await panel.getByRole('switch', { name: /revocation unknown \(no CRL of the certificate’s CA\)/ }).check();
    await expect(panel).toContainText('1 check switched off');
    // No Check pressed: the change checks again by itself.
    await expect(verdictOf(panel)).toContainText('Good');
    await expect(verdictOf(panel)).toContainText('1 check suppressed by the server’s settings');
    const suppressed = step(panel, 'Find the revocation list: suppressed');
    await expect(suppressed).toContainText('suppressed by “revocation unknown”');
    await expect(suppressed).toContainText('BadCertificateRevocationUnknown 0x801B0000');
  });

  test('the other tab keeps the certificate’s details, and the chosen tab stays while walking the tree', async ({ page }) => {
    const panel = await openPanel(page, 'Operator Panel 07');
    await (await revealTreeItem(page, 'SCADA Client')).click();
    await expect(panel.getByRole('textbox', { name: 'Expected ApplicationUri' })).toHaveValue('urn:test:SCADA Client');
    await expect(resultOf(panel)).toContainText('Press Check');
    await details(page).getByRole('tab', { name: 'Certificate' }).click();
    await expect(details(page).getByRole('region', { name: 'Thumbprints' })).toBeVisible();
  });
});
