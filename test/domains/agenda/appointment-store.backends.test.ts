import type pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { createFileAgendaStore, createPostgresAgendaStore, runAppointmentStoreContract } from '../../contract/appointment-store.contract.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { connectTestPool } from '../../support/test-postgres.js'

describe('file backend', () => {
  let storage: FileStorage
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ storage, close } = await openTestFileStorage())
  })
  afterAll(() => close())
  runAppointmentStoreContract({ createStore: () => createFileAgendaStore(storage) })
})

describe('postgres backend', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = await connectTestPool()
  })
  afterAll(() => pool.end())
  runAppointmentStoreContract({ createStore: async () => createPostgresAgendaStore(pool) })
})
