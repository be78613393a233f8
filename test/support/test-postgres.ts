import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { createSilentLogger } from '../../src/shared/logger.js'
import { createPgPool } from '../../src/storage/postgres/index.js'
import { startEmbeddedPostgres } from './embedded-postgres.js'

/** A pool on the run's shared, migrated database. Close it in afterAll. */
export const connectTestPool = (): Promise<pg.Pool> =>
  createPgPool({ dsn: inject('pgDsn'), logger: createSilentLogger(), max: 5 })

export const usingEmbeddedPostgres = (): boolean => inject('pgIsEmbedded')

/**
 * A brand-new, empty database for tests that need one (migrations from scratch, replicas
 * starting together): a fresh database on the TEST_PG_DSN server, or a fresh PGlite.
 */
export const createEmptyDatabase = async (): Promise<{ dsn: string; drop(): Promise<void> }> => {
  if (usingEmbeddedPostgres()) {
    const embedded = await startEmbeddedPostgres()
    return { dsn: embedded.dsn, drop: embedded.stop }
  }
  const serverDsn = inject('pgDsn')
  const name = `fabio_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverDsn })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverDsn)
  url.pathname = `/${name}`
  return {
    dsn: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverDsn })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}
