import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createSilentLogger } from '../src/shared/logger.js'
import { createPgPool, runMigrations } from '../src/storage/postgres/index.js'

export interface BenchDatabase {
  pool: pg.Pool
  dsn: string
  drop(): Promise<void>
}

/**
 * A scratch, migrated database on the server at BENCH_PG_DSN (default the local one), dropped
 * afterwards; null when no server answers. Index builds get 1 GB of maintenance memory there, so
 * a 100k × 1536 HNSW graph is built in memory (pgvector warns and slows down otherwise).
 */
export const openBenchDatabase = async (prefix: string): Promise<BenchDatabase | null> => {
  const serverDsn = process.env.BENCH_PG_DSN ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const admin = new pg.Client({ connectionString: serverDsn, connectionTimeoutMillis: 2_000 })
  try {
    await admin.connect()
  } catch {
    return null
  }
  const name = `${prefix}_${randomBytes(3).toString('hex')}`
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.query(`ALTER DATABASE ${name} SET maintenance_work_mem = '1GB'`)
  const url = new URL(serverDsn)
  url.pathname = `/${name}`
  const dsn = url.toString()
  const pool = await createPgPool({ dsn, logger: createSilentLogger() })
  try {
    await runMigrations(pool, createSilentLogger())
  } catch (error) {
    await pool.end()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
    throw error
  }
  return {
    pool,
    dsn,
    drop: async () => {
      await pool.end()
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}
