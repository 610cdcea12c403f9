/** Chromium for the browser-mode cases: Debian's binary (or PLAYWRIGHT_CHROMIUM), as the e2e tests use it. */
import { chromium, type Browser, type Page } from '@playwright/test';
import path from 'node:path';
import { BENCH } from './child';

export const PROBE_SCRIPT = path.join(BENCH, 'page', 'probe.js');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A fresh page with the bench's probe; `firstPaintLabel` names the tree row whose paint ends the first-paint measure. */
export async function benchPage(browser: Browser, firstPaintLabel?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (firstPaintLabel) await page.addInitScript({ content: `window.__benchFirstPaintLabel = ${JSON.stringify(firstPaintLabel)};` });
  await page.addInitScript({ path: PROBE_SCRIPT });
  return page;
}

export interface PaintTimes {
  seenAt: number;
  frameAt: number;
  seenWall: number;
  frameWall: number;
}

/** Runs an expression in the page (a string: the bench's TypeScript has no DOM types). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}
