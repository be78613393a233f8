import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { createPgPool, loadMigrations, runMigrations } from '../../../src/storage/postgres/index.js'
import { findClosedPort } from '../../support/free-port.js'
import { createEmptyDatabase, usingEmbeddedPostgres } from '../../support/test-postgres.js'

const logger = createSilentLogger()


describe('connecting to PostgreSQL', () => {
  it('explains a DSN that is not a postgres URL', async () => {
    await expect(createPgPool({ dsn: 'localhost:5432/db', logger })).rejects.toMatchObject({ code: 'STORAGE_PG_DSN_INVALID' })
    await expect(createPgPool({ dsn: 'mysql://u@h/db', logger })).rejects.toThrow(/postgres:\/\//)
  })

  it('explains an unreachable server, without printing the password', async () => {
    const dsn = `postgres://fabio:hunter2@127.0.0.1:${await findClosedPort()}/fabio`
    const error = await createPgPool({ dsn, logger }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'STORAGE_PG_UNREACHABLE' })
    expect((error as Error).message).toMatch(/Is the server running/)
    expect((error as Error).message).not.toContain('hunter2')
  })

  it('explains a database that does not exist', async (context) => {
    if (usingEmbeddedPostgres()) context.skip('PGlite serves any database name as its one database')
    const url = new URL(inject('pgDsn'))
    url.pathname = '/fabio_no_such_database'
    await expect(createPgPool({ dsn: url.toString(), logger })).rejects.toMatchObject({
      code: 'STORAGE_PG_DATABASE_MISSING',
      message: expect.stringMatching(/createdb/),
    })
  })

  it('explains a server without the vector extension', async () => {
    // A PGlite started without its pgvector extension is a server where `vector` is not installed.
    const db = await PGlite.create()
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' })
    await server.start()
    const { port } = (server as unknown as { server: { address(): { port: number } } }).server.address()
    const pool = await createPgPool({ dsn: `postgres://postgres@127.0.0.1:${port}/postgres`, logger })
    try {
      await expect(runMigrations(pool, logger)).rejects.toMatchObject({
        code: 'STORAGE_PG_VECTOR_MISSING',
        message: expect.stringMatching(/Install pgvector/),
      })
    } finally {
      await pool.end()
      await server.stop()
      await db.close()
    }
  })
})

describe('migrations', () => {
  it('apply every numbered file once on an empty database, and are a no-op the second time', async () => {
    const database = await createEmptyDatabase()
    const pool = await createPgPool({ dsn: database.dsn, logger })
    try {
      const migrations = await loadMigrations()
      expect((await runMigrations(pool, logger)).applied).toEqual(migrations.map((migration) => migration.name))
      expect((await runMigrations(pool, logger)).applied).toEqual([])
      const rows = await pool.query('SELECT version FROM schema_migrations ORDER BY version')
      expect(rows.rows.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version))
    } finally {
      await pool.end()
      await database.drop()
    }
  })

  it('run once when two processes start together (advisory lock)', async (context) => {
    if (usingEmbeddedPostgres()) {
      context.skip('PGlite multiplexes every client onto one session, so advisory locks cannot exclude; runs on TEST_PG_DSN')
    }
    const database = await createEmptyDatabase()
    const pools = await Promise.all([1, 2].map(() => createPgPool({ dsn: database.dsn, logger })))
    try {
      const results = await Promise.all(pools.map((pool) => runMigrations(pool, logger)))
      const applied = results.flatMap((result) => result.applied)
      expect(applied).toEqual((await loadMigrations()).map((migration) => migration.name))
      const client = new pg.Client({ connectionString: database.dsn })
      await client.connect()
      const count = await client.query('SELECT count(*)::int AS n FROM schema_migrations')
      await client.end()
      expect(count.rows[0].n).toBe(applied.length)
    } finally {
      await Promise.all(pools.map((pool) => pool.end()))
      await database.drop()
    }
  })
})
