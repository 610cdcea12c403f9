import { makeCert } from '../helpers/certs';
import { LAYOUTS, type LayoutId } from '../../shared/pki/layouts';
import { expect, revealTreeItem, test, useApp } from './fixtures';

const storeName = (layout: LayoutId) => `${layout}-pki`;

const app = useApp(async () =>
  Promise.all(
    LAYOUTS.map(async (layout) => ({
      name: storeName(layout.id),
      layout: layout.id,
      trusted: [await makeCert({ cn: `Trusted ${layout.id}` })],
      rejected: [await makeCert({ cn: `Refused ${layout.id}` })],
    })),
  ),
);

test.describe('the tree lists a store of each layout', () => {
  test('shows every store with its layout, its folders and its certificates', async ({ page }) => {
    await app.open(page);
    for (const layout of LAYOUTS) {
      const store = await revealTreeItem(page, new RegExp(`^${storeName(layout.id)}, ${layout.label.replace(/[()]/g, '\\$&')}`));
      await expect(store).toBeVisible();
      await expect(store).toHaveAttribute('aria-level', '1');
      await expect(store).toHaveAttribute('aria-expanded', 'true');
      await expect(await revealTreeItem(page, `Trusted ${layout.id}`)).toBeVisible();
      await expect(await revealTreeItem(page, `Refused ${layout.id}`)).toBeVisible();
    }
  });

  test('reads open62541 rejected certificates that have no file extension', async ({ page }) => {
    await app.open(page);
    const item = await revealTreeItem(page, 'Refused open62541');
    await item.click();
    const details = page.getByRole('complementary', { name: 'Details' });
    await expect(details.getByRole('heading', { name: 'Refused open62541' })).toBeVisible();
    await expect(details).toContainText('In Rejected');
    await expect(details).toContainText('ApplCerts/rejected/certs/Refused open62541[');
  });
});
