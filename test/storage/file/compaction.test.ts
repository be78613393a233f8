import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSilentLogger, type Logger } from '../../../src/shared/logger.js'
import { openFileStorage, type FileCollection, type FileStorage } from '../../../src/storage/file/index.js'
import { captureLogger, customerSpec, makeTempDataDir, warnings, type Customer } from './support/storage-fixtures.js'

const customer = (tenant: string, id: string, version: number): Customer => ({
  tenant_id: tenant,
  id,
  name: `v${version}`,
  phone: `+${version % 3}`,
})

describe('compaction', () => {
  let dataDir: string
  let file: string
  let remove: () => Promise<void>
  const opened: FileStorage[] = []

  const open = async (options: { compactionSlack?: number; logger?: Logger } = {}): Promise<FileStorage> => {
    const storage = await openFileStorage({
      dataDir,
      logger: options.logger ?? createSilentLogger(),
      folders: ['customers'],
      compactionSlack: options.compactionSlack,
    })
    opened.push(storage)
    return storage
  }

  const fileLines = async (): Promise<string[]> => (await readFile(file, 'utf8')).trimEnd().split('\n')

  const snapshotOf = (collection: FileCollection<Customer>) => ({
    t1: collection.list('t1'),
    t2: collection.list('t2'),
    phone: collection.findByIndex('t1', 'phone', '+1'),
  })

  beforeEach(async () => {
    ;({ dataDir, remove } = await makeTempDataDir())
    file = join(dataDir, 'customers', 'customers.jsonl')
  })

  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close()
    await remove()
  })

  it('rewrites the log as one line per live record, and it reloads identically', async () => {
    const storage = await open()
    const customers = await storage.collection(customerSpec)
    for (let version = 0; version < 50; version += 1) {
      await Promise.all(
        ['a', 'b', 'c', 'd'].flatMap((id) => [
          customers.put(customer('t1', id, version)),
          customers.put(customer('t2', id, version)),
        ]),
      )
    }
    await customers.delete('t2', 'b')
    expect(await fileLines()).toHaveLength(401)
    const before = snapshotOf(customers)

    await customers.compact()
    expect(await fileLines()).toHaveLength(7)
    expect(customers.stats()).toMatchObject({ compactions: 1, logEntries: 7, liveRecords: 7 })
    expect(snapshotOf(customers)).toEqual(before)

    // Appends go to the new file.
    await customers.put(customer('t1', 'e', 1))
    expect(await fileLines()).toHaveLength(8)
    await storage.close()

    const reloaded = await (await open()).collection(customerSpec)
    const added = customer('t1', 'e', 1)
    expect(snapshotOf(reloaded)).toEqual({ ...before, t1: [...before.t1, added], phone: [...before.phone, added] })
  })

  it('does not interleave with appends that arrive while it runs', async () => {
    const storage = await open()
    const customers = await storage.collection(customerSpec)
    const writes = Array.from({ length: 100 }, (_, i) => customers.put(customer('t1', `r${i % 10}`, i)))
    const compaction = customers.compact()
    writes.push(...Array.from({ length: 100 }, (_, i) => customers.put(customer('t1', `s${i % 10}`, i))))
    await Promise.all([...writes, compaction])
    const before = snapshotOf(customers)
    await storage.close()

    for (const each of await fileLines()) expect(() => JSON.parse(each)).not.toThrow()
    expect(snapshotOf(await (await open()).collection(customerSpec))).toEqual(before)
  })

  it('compacts automatically once the log carries more than compactionSlack dead entries', async () => {
    const storage = await open({ compactionSlack: 20 })
    const customers = await storage.collection(customerSpec)
    for (let version = 0; version < 100; version += 1) await customers.put(customer('t1', `r${version % 5}`, version))
    // A no-op delete waits for everything queued before it, including a compaction the last flush started.
    await customers.delete('t1', 'absent')
    const stats = customers.stats()
    expect(stats.compactions).toBeGreaterThanOrEqual(3)
    expect(stats.logEntries - stats.liveRecords).toBeLessThanOrEqual(21)
    expect((await fileLines()).length).toBe(stats.logEntries)
    const before = snapshotOf(customers)
    await storage.close()
    expect(snapshotOf(await (await open()).collection(customerSpec))).toEqual(before)
  })

  it('compactAll compacts every open collection', async () => {
    const storage = await open()
    const customers = await storage.collection(customerSpec)
    const others = await storage.collection({ ...customerSpec, name: 'others' })
    for (let version = 0; version < 10; version += 1) {
      await Promise.all([customers.put(customer('t1', 'a', version)), others.put(customer('t1', 'a', version))])
    }
    await storage.compactAll()
    expect(await fileLines()).toHaveLength(1)
    expect(others.stats()).toMatchObject({ compactions: 1, logEntries: 1 })
  })

  it('removes a temp file left by a crash mid-compaction and keeps the log', async () => {
    await mkdir(join(dataDir, 'customers'))
    await writeFile(file, `${JSON.stringify({ p: customer('t1', 'a', 1) })}\n`)
    await writeFile(`${file}.tmp`, '{"p":{"tenant_id":"t1","id":"half-writ')
    const { logger, entries } = captureLogger()
    const customers = await (await open({ logger })).collection(customerSpec)
    expect(customers.list('t1')).toEqual([customer('t1', 'a', 1)])
    await expect(stat(`${file}.tmp`)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(warnings(entries)).toEqual([expect.objectContaining({ file: `${file}.tmp` })])
  })
})
