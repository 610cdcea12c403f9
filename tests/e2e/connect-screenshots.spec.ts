/**
 * Screenshots of Test connection and the demo server for docs/screenshots/ (run with UATRUST_SCREENSHOTS=1;
 * left out of normal runs so that they do not rewrite tracked images).
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test, useApp } from './fixtures';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const DEMO_START_MS = 25_000;
const CONNECT_MS = 20_000;


const app = useApp(async () => [], { demoServer: true });

/** Waits for transitions to end, moves the pointer out of the way (tooltips), and saves docs/screenshots/<name>.png. */
async function shoot(page: Page, name: string) {
  await page.mouse.move(640, 795);
  await page.waitForTimeout(450);
  await page.screenshot({ path: `${OUT}${name}.png` });
}

test('test connection: first connection, diagnosis, connected, demo server', async ({ page }) => {
  test.setTimeout(90_000);
  await app.open(page);
  await expect(page.getByRole('treeitem', { name: /^Local demo server\b.*running on port \d+/ })).toBeVisible({ timeout: DEMO_START_MS });

  await page.getByRole('button', { name: 'Test connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test connection' });
  await dialog.getByRole('button', { name: 'Test' }).click();
  const warning = page.getByRole('dialog', { name: 'Unknown server certificate' });
  await expect(warning).toBeVisible({ timeout: CONNECT_MS });
  await shoot(page, 'first-connection');

  await warning.getByRole('button', { name: 'Trust permanently' }).click();
  const result = dialog.getByRole('region', { name: 'Result' });
  await expect(result.getByRole('button', { name: 'Trust it' })).toBeVisible({ timeout: CONNECT_MS });
  await shoot(page, 'connect-dialog');

  await result.getByRole('button', { name: 'Trust it' }).click();
  await result.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByText('Synced: 1 change applied')).toBeVisible();
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(result).toContainText('Connected', { timeout: CONNECT_MS });
  await shoot(page, 'connected');

  await dialog.getByRole('button', { name: 'Close' }).click();
  // The "Synced" confirmation goes by itself (4 s): the details pane is the subject here.
  await expect(page.getByText('Synced: 1 change applied')).toBeHidden({ timeout: 10_000 });
  await page.getByRole('treeitem', { name: /^Local demo server\b/ }).click();
  await expect(page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Demo server' })).toBeVisible();
  await shoot(page, 'demo-server');
});
