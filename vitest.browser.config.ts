import { defineConfig } from 'vitest/config'

// The panel's browser tests (`npm run test:e2e`): real Chromium against a real fabio. Kept out of
// `npm test` so the suite never depends on a browser.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
})
