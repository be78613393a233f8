import type pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import type { FileStorage } from '../../src/storage/file/index.js'
import { createFileMemoryStore, createPostgresMemoryStore, runMemoryStoreContract } from '../contract/memory-store.contract.js'
import { openTestFileStorage } from '../support/file-storage.js'
import { connectTestPool } from '../support/test-postgres.js'

// The MemoryStore contract on both backends; tests isolate themselves with random tenant ids.
describe('file backend', () => {
  let storage: FileStorage
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ storage, close } = await openTestFileStorage())
  })
  afterAll(() => close())
  runMemoryStoreContract({ createStore: () => createFileMemoryStore(storage) })
})

describe('postgres backend', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = await connectTestPool()
  })
  afterAll(() => pool.end())
  runMemoryStoreContract({ createStore: async () => createPostgresMemoryStore(pool) })
})
