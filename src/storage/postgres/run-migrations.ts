import { readdir, readFile } from 'node:fs/promises'
import type pg from 'pg'
import { AppError } from '../../shared/app-error.js'
import type { Logger } from '../../shared/logger.js'

/** Arbitrary constant shared by every fabio process: only one migrates at a time. */
const migrationLockKey = 4_242_001

const sqlDirectory = new URL('./sql/', import.meta.url)

interface Migration {
  version: number
  name: string
  sql: string
}

export const loadMigrations = async (): Promise<Migration[]> => {
  const files = (await readdir(sqlDirectory)).filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file)).sort()
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 3)),
      name: file.replace(/\.sql$/, ''),
      sql: await readFile(new URL(file, sqlDirectory), 'utf8'),
    })),
  )
}

const ensureVectorExtension = async (client: pg.PoolClient): Promise<void> => {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector')
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    const hint =
      code === '42501'
        ? 'The database user may not create extensions: ask a superuser to run "CREATE EXTENSION vector;" in this database once.'
        : 'Install pgvector on the PostgreSQL server (Debian/Ubuntu: apt install postgresql-NN-pgvector, or build it from https://github.com/pgvector/pgvector), then restart fabio.'
    throw new AppError('STORAGE_PG_VECTOR_MISSING', `The PostgreSQL "vector" extension is not available (${message}). ${hint}`, {
      category: 'system',
      cause: error,
    })
  }
}

/**
 * Applies the numbered SQL migrations in `sql/` that the database has not seen, each in its own
 * transaction, while holding a session advisory lock: replicas starting together wait for the
 * first one instead of migrating twice.
 */
export const runMigrations = async (pool: pg.Pool, logger: Logger): Promise<{ applied: string[] }> => {
  const migrations = await loadMigrations()
  const client = await pool.connect()
  const applied: string[] = []
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey])
    await ensureVectorExtension(client)
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
    )
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      try {
        await client.query('BEGIN')
        await client.query(migration.sql)
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw new AppError('STORAGE_MIGRATION_FAILED', `Migration ${migration.name} failed: ${(error as Error).message}`, {
          category: 'system',
          cause: error,
        })
      }
      applied.push(migration.name)
      logger.info({ migration: migration.name }, 'migration applied')
    }
    return { applied }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined)
    client.release()
  }
}
