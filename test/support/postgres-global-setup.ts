import type { TestProject } from 'vitest/node'
import { createSilentLogger } from '../../src/shared/logger.js'
import { createPgPool, runMigrations } from '../../src/storage/postgres/index.js'
import { startEmbeddedPostgres } from './embedded-postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgDsn: string
    pgIsEmbedded: boolean
  }
}

/**
 * One Postgres for the whole run: TEST_PG_DSN when set (CI: a real PostgreSQL 15 with pgvector),
 * else an embedded PGlite. Migrations run once here; tests isolate themselves with random tenant ids.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_PG_DSN
  const embedded = external ? null : await startEmbeddedPostgres()
  const dsn = external ?? (embedded as { dsn: string }).dsn
  const pool = await createPgPool({ dsn, logger: createSilentLogger() })
  await runMigrations(pool, createSilentLogger())
  await pool.end()
  project.provide('pgDsn', dsn)
  project.provide('pgIsEmbedded', embedded !== null)
  return async () => {
    await embedded?.stop()
  }
}
