import { makeManyCerts } from '../helpers/certs';
import { expect, test, treeItem, useApp } from './fixtures';
const app = useApp(async () => [{ name: 'busy', layout: 'flat', rejected: await makeManyCerts(10000, 'client') }]);
test('probe', async ({ page }) => {
  test.setTimeout(90_000);
  await app.open(page);
  const folder = page.getByRole('treeitem', { name: 'Rejected, 10000 items' });
  await folder.click();
  const t = await page.evaluate(`(async () => {
    const el = document.querySelector('[aria-label="Rejected, 10000 items"]');
    const t0 = performance.now();
    el.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    await new Promise((r) => { const check = () => document.querySelector('[aria-label^="client-0,"]') ? r() : requestAnimationFrame(check); check(); });
    const t1 = performance.now();
    return t1 - t0;
  })()`);
  console.log('expand ms', t);
  await treeItem(page, 'client-0').click();
  const t2 = await page.evaluate(`(async () => {
    const tree = document.querySelector('[role=tree]');
    const t0 = performance.now();
    tree.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await new Promise((r) => { const check = () => document.querySelector('[aria-label^="client-9999,"][aria-selected=true]') ? r() : requestAnimationFrame(check); check(); });
    return performance.now() - t0;
  })()`);
  console.log('end ms', t2);
  const t3 = await page.evaluate(`(async () => {
    const tree = document.querySelector('[role=tree]');
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) { tree.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true })); await new Promise(requestAnimationFrame); }
    return (performance.now() - t0) / 20;
  })()`);
  console.log('arrow ms', t3);
});
