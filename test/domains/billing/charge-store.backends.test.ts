import type pg from 'pg'
import { afterAll, describe } from 'vitest'
import { createFileChargeStore, createPostgresChargeStore, runChargeStoreContract } from '../../contract/charge-store.contract.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { connectTestPool } from '../../support/test-postgres.js'

describe('file charge store', () => {
  const closers: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const close of closers) await close()
  })
  runChargeStoreContract({
    createStore: async () => {
      const { storage, close } = await openTestFileStorage()
      closers.push(close)
      return createFileChargeStore(storage)
    },
  })
})

describe('postgres charge store', () => {
  let pool: pg.Pool | undefined
  afterAll(async () => {
    await pool?.end()
  })
  runChargeStoreContract({
    createStore: async () => {
      pool ??= await connectTestPool()
      return createPostgresChargeStore(pool)
    },
  })
})
