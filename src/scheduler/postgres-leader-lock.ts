import type pg from 'pg'
import type { Logger } from '../shared/logger.js'
import type { LeaderLock } from './leader-lock.js'

/** Arbitrary constant shared by every fabio process pointing at the same database. */
const schedulerLeaderKey = 4_242_002

/**
 * Leader election with a session-level `pg_try_advisory_lock` held on a dedicated connection:
 * the lock lives as long as that session, so a leader that dies (or loses its connection) frees
 * it and another replica takes over at its next `acquire()`.
 */
export const createPostgresLeaderLock = (pool: pg.Pool, logger: Logger): LeaderLock => {
  let client: pg.PoolClient | null = null
  let leader = false

  const dropClient = (error?: Error) => {
    if (!client) return
    client.release(error ?? true)
    client = null
    if (leader) logger.warn({ err: error }, 'scheduler leadership lost')
    leader = false
  }

  // One query at a time on the lock's connection: the election timer and a job may ask together.
  let inFlight: Promise<boolean> | null = null

  const acquireOnce = async (): Promise<boolean> => {
    if (leader && client) {
      try {
        await client.query('SELECT 1')
        return true
      } catch (error) {
        dropClient(error as Error)
      }
    }
    try {
      client ??= await pool.connect()
      const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        schedulerLeaderKey,
      ])
      leader = result.rows[0]?.locked === true
      if (leader) logger.info('this process now runs the scheduled jobs (leader)')
      else dropClient()
    } catch (error) {
      logger.warn({ err: error }, 'scheduler leader election failed; will retry')
      dropClient(error as Error)
    }
    return leader
  }

  return {
    acquire: () => {
      inFlight ??= acquireOnce().finally(() => {
        inFlight = null
      })
      return inFlight
    },
    isLeader: () => leader,
    release: async () => {
      if (client && leader) await client.query('SELECT pg_advisory_unlock($1)', [schedulerLeaderKey]).catch(() => undefined)
      leader = false
      dropClient()
    },
  }
}
