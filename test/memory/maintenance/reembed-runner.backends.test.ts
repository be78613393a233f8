import type pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import { createFileMemoryStore, createPostgresMemoryStore } from '../../../src/memory/index.js'
import {
  createFileEmbeddingSpaceStateStore,
  createPostgresEmbeddingSpaceStateStore,
} from '../../../src/memory/maintenance/index.js'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { connectTestPool } from '../../support/test-postgres.js'
import { runReembedSuite } from './reembed-runner.suite.js'

describe('file backend', () => {
  let storage: FileStorage
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ storage, close } = await openTestFileStorage())
  })
  afterAll(() => close())
  // One store instance per collection: the file engine opens each collection once.
  let stores: Awaited<ReturnType<Parameters<typeof runReembedSuite>[0]['createStores']>> | undefined
  runReembedSuite({
    createStores: async () =>
      (stores ??= { memoryStore: await createFileMemoryStore(storage), stateStore: await createFileEmbeddingSpaceStateStore(storage) }),
  })
})

describe('postgres backend', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = await connectTestPool()
  })
  afterAll(() => pool.end())
  runReembedSuite({
    createStores: async () => ({ memoryStore: createPostgresMemoryStore(pool), stateStore: createPostgresEmbeddingSpaceStateStore(pool) }),
  })
})
