import pg from 'pg'
import { AppError } from '../../shared/app-error.js'
import type { Logger } from '../../shared/logger.js'
import { describeConnectError, redactDsn } from './pg-errors.js'

export type PgPool = pg.Pool

const validateDsn = (dsn: string): void => {
  let url: URL
  try {
    url = new URL(dsn)
  } catch {
    throw new AppError(
      'STORAGE_PG_DSN_INVALID',
      'ORCHESTRATION_PG_DSN is not a URL: use postgres://user:password@host:5432/database',
      { category: 'system' },
    )
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new AppError(
      'STORAGE_PG_DSN_INVALID',
      `ORCHESTRATION_PG_DSN must start with postgres:// (got ${url.protocol}//): use postgres://user:password@host:5432/database`,
      { category: 'system' },
    )
  }
}

/**
 * Opens a pool and proves it can connect, so a wrong DSN fails at boot with a message
 * that says what to fix instead of at the first request.
 */
export const createPgPool = async (options: { dsn: string; logger: Logger; max?: number }): Promise<PgPool> => {
  validateDsn(options.dsn)
  const pool = new pg.Pool({
    connectionString: options.dsn,
    max: options.max ?? 20,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  })
  // An idle client that loses its connection must not crash the process.
  pool.on('error', (error) => options.logger.error({ err: error }, 'postgres idle client error'))
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw describeConnectError(error, options.dsn)
  }
  options.logger.debug({ dsn: redactDsn(options.dsn) }, 'postgres pool connected')
  return pool
}
