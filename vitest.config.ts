import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn real processes and fsync real files; two cores, so keep workers modest. The
    // embedded PGlite (no TEST_PG_DSN) is one session behind a multiplexer that can mix up
    // messages of concurrent connections, so its runs go one file at a time.
    maxWorkers: process.env.TEST_PG_DSN ? 2 : 1,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
})
