import type { AddressInfo } from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedPostgres {
  dsn: string
  stop(): Promise<void>
}

/**
 * An in-memory PGlite with pgvector served over a local TCP socket, so tests use the same
 * `pg` driver code path as a real server. Used when TEST_PG_DSN is not set.
 */
export const startEmbeddedPostgres = async (): Promise<EmbeddedPostgres> => {
  const db = await PGlite.create({ extensions: { vector } })
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 32 })
  await server.start()
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address()
  return {
    dsn: `postgres://postgres@127.0.0.1:${address.port}/postgres`,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
