import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded one (`playwright install` is not used on this machine).
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // The screenshot specs rewrite docs/screenshots: they run only on request (`npm run screenshots`).
  testIgnore: process.env.UATRUST_SCREENSHOTS ? [] : ['**/*screenshots.spec.ts'],
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/playwright.json' }]] : 'list',
  // Traces of failed tests; kept out of the working tree.
  outputDir: 'node_modules/.cache/e2e-results',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
});
