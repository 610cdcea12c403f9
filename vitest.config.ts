import { defineConfig } from 'vitest/config';

// Unit and integration tests only: the Playwright specs in tests/e2e run under `playwright test`.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/helpers/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
  },
});
