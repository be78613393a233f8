import { open as openFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { openFileStorage, type FileStorage } from '../../../src/storage/file/index.js'
import { customerSpec, makeTempDataDir, type Customer } from './support/storage-fixtures.js'

const customer = (id: string): Customer => ({ tenant_id: 't1', id, name: `name ${id}` })

describe('appending: group commit, durability, failures', () => {
  let dataDir: string
  let remove: () => Promise<void>
  const opened: FileStorage[] = []

  const open = async (groupCommit?: boolean): Promise<FileStorage> => {
    const storage = await openFileStorage({ dataDir, logger: createSilentLogger(), folders: ['customers'], groupCommit })
    opened.push(storage)
    return storage
  }

  beforeEach(async () => {
    ;({ dataDir, remove } = await makeTempDataDir())
  })

  afterEach(async () => {
    vi.restoreAllMocks()
    for (const storage of opened.splice(0)) await storage.close()
    await remove()
  })

  it('shares fsyncs between concurrent writers, and every write is on disk', async () => {
    const storage = await open()
    const customers = await storage.collection(customerSpec)
    // Waves started while earlier flushes are still in flight must queue and share the next fsync.
    const writes: Promise<void>[] = []
    for (let wave = 0; wave < 10; wave += 1) {
      for (let i = 0; i < 50; i += 1) writes.push(customers.put(customer(`w${wave}-${i}`)))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await Promise.all(writes)

    const stats = customers.stats()
    expect(stats.appends).toBe(500)
    expect(stats.fsyncs).toBeGreaterThan(0)
    expect(stats.fsyncs).toBeLessThan(500)
    // Durable before close: the bytes are in the file already.
    const text = await readFile(join(dataDir, 'customers', 'customers.jsonl'), 'utf8')
    expect(text.trimEnd().split('\n')).toHaveLength(500)

    await storage.close()
    const reloaded = await (await open()).collection(customerSpec)
    expect(reloaded.count('t1')).toBe(500)
  })

  it('without group commit, every write gets its own fsync', async () => {
    const storage = await open(false)
    const customers = await storage.collection(customerSpec)
    await Promise.all(Array.from({ length: 40 }, (_, i) => customers.put(customer(`r${i}`))))
    expect(customers.stats()).toMatchObject({ appends: 40, fsyncs: 40 })
    await storage.close()
    expect((await (await open(false)).collection(customerSpec)).count('t1')).toBe(40)
  })

  it('a failed fsync rejects the write, stops the collection and fails ping', async () => {
    const storage = await open()
    const customers = await storage.collection(customerSpec)
    await customers.put(customer('before'))

    // FileHandle is not exported; its prototype is reachable through any open handle.
    const probe = await openFile(join(dataDir, 'probe'), 'w')
    const fileHandlePrototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> }
    await probe.close()
    const ioError = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
    vi.spyOn(fileHandlePrototype, 'datasync').mockRejectedValueOnce(ioError)

    const failing = [customers.put(customer('a')), customers.put(customer('b'))]
    for (const write of failing) {
      await expect(write).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED', cause: ioError })
    }
    await expect(customers.put(customer('after'))).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED' })
    expect(customers.get('t1', 'after')).toBeNull()
    await expect(customers.delete('t1', 'before')).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED' })
    await expect(storage.ping()).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED' })
  })
})
