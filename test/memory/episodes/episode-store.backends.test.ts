import type pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { createFileEpisodeStore, createPostgresEpisodeStore, runEpisodeStoreContract } from '../../contract/episode-store.contract.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { connectTestPool } from '../../support/test-postgres.js'

// The EpisodeStore contract on both backends; tests isolate themselves with random tenant ids.
describe('file backend', () => {
  let storage: FileStorage
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ storage, close } = await openTestFileStorage())
  })
  afterAll(() => close())
  runEpisodeStoreContract({ createStore: () => createFileEpisodeStore(storage) })
})

describe('postgres backend', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = await connectTestPool()
  })
  afterAll(() => pool.end())
  runEpisodeStoreContract({ createStore: async () => createPostgresEpisodeStore(pool) })
})
