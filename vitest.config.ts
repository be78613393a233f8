import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn real processes and fsync real files; two cores, so keep workers modest.
    maxWorkers: 2,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
})
