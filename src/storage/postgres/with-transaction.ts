import type pg from 'pg'
import { wrapQueryError } from './pg-errors.js'

/**
 * Runs `work` on one pooled connection inside BEGIN … COMMIT, rolling back on any error (which is
 * rethrown wrapped with `context`). `begin` replaces the plain BEGIN, e.g. to set LOCAL settings
 * in the same round trip.
 */
export const withTransaction = async <T>(
  pool: pg.Pool,
  context: string,
  work: (client: pg.PoolClient) => Promise<T>,
  options: { begin?: string } = {},
): Promise<T> => {
  const client = await pool.connect()
  try {
    await client.query(options.begin ?? 'BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw wrapQueryError(error, context)
  } finally {
    client.release()
  }
}
