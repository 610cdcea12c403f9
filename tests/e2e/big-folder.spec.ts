import { makeManyCerts } from '../helpers/certs';
import { expect, test, treeItem, useApp } from './fixtures';

const COUNT = 10_000;

const app = useApp(async () => {
  const certs = await makeManyCerts(COUNT, 'client');
  return [{ name: 'busy-server', layout: 'flat', rejected: certs }];
});

test.describe('a folder with 10,000 certificates', () => {
  test.setTimeout(90_000);

  test('starts closed, opens fast, and renders only the visible rows', async ({ page }) => {
    await app.open(page);
    const folder = page.getByRole('treeitem', { name: `Rejected, ${COUNT} items` });
    await expect(folder).toHaveAttribute('aria-expanded', 'false');
    const started = Date.now();
    await folder.dblclick();
    await expect(treeItem(page, 'client-0')).toBeVisible();
    const opened = Date.now() - started;
    test.info().annotations.push({ type: 'opened in ms', description: String(opened) });
    // Measured ~50 ms in the page; the margin is for Playwright's polling on a loaded machine.
    expect(opened).toBeLessThan(5_000);
    expect(await page.getByRole('treeitem').count()).toBeLessThan(120);
    await expect(treeItem(page, 'client-1')).toHaveAttribute('aria-setsize', String(COUNT));

    // End jumps to the last certificate (natural order: client-9999) without rendering the others.
    await treeItem(page, 'client-0').click();
    await page.keyboard.press('End');
    await expect(treeItem(page, 'client-9999')).toHaveAttribute('aria-selected', 'true');
    await expect(treeItem(page, 'client-9999')).toHaveAttribute('aria-posinset', String(COUNT));
    expect(await page.getByRole('treeitem').count()).toBeLessThan(120);
  });
});
