import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSilentLogger, type Logger } from '../../../src/shared/logger.js'
import { openFileStorage, type FileStorage } from '../../../src/storage/file/index.js'
import { captureLogger, customerSpec, makeTempDataDir, warnings } from './support/storage-fixtures.js'

const line = (id: string, phone = '+1'): string => JSON.stringify({ p: { tenant_id: 't1', id, name: id, phone } })

describe('loading a collection file', () => {
  let dataDir: string
  let remove: () => Promise<void>
  let file: string
  const opened: FileStorage[] = []

  const open = async (logger: Logger = createSilentLogger()): Promise<FileStorage> => {
    const storage = await openFileStorage({ dataDir, logger, folders: ['customers'] })
    opened.push(storage)
    return storage
  }

  beforeEach(async () => {
    ;({ dataDir, remove } = await makeTempDataDir())
    file = join(dataDir, 'customers', 'customers.jsonl')
    await open().then((storage) => storage.close())
  })

  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close()
    await remove()
  })

  it('drops a torn final line with a warning, truncates it and keeps accepting writes', async () => {
    await writeFile(file, `${line('a')}\n${line('b')}\n{"p":{"tenant_id":"t1","id":"c","na`)
    const { logger, entries } = captureLogger()
    const storage = await open(logger)
    const customers = await storage.collection(customerSpec)

    expect(customers.list('t1').map((record) => record.id)).toEqual(['a', 'b'])
    const warning = warnings(entries).find((entry) => entry.msg.includes('torn'))
    expect(warning).toMatchObject({ file, line: 3 })

    await customers.put({ tenant_id: 't1', id: 'd', name: 'd' })
    await storage.close()
    const text = await readFile(file, 'utf8')
    expect(text.endsWith('\n')).toBe(true)
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    for (const each of lines) expect(() => JSON.parse(each)).not.toThrow()

    const reopened = await (await open()).collection(customerSpec)
    expect(reopened.list('t1').map((record) => record.id)).toEqual(['a', 'b', 'd'])
  })

  it('drops a torn line that cut a multi-byte character', async () => {
    const torn = Buffer.from('{"p":{"tenant_id":"t1","id":"c","name":"é', 'utf8').subarray(0, -1)
    await writeFile(file, Buffer.concat([Buffer.from(`${line('a')}\n`), torn]))
    const customers = await (await open()).collection(customerSpec)
    expect(customers.count('t1')).toBe(1)
    await customers.put({ tenant_id: 't1', id: 'é', name: 'é' })
    expect(await readFile(file, 'utf8')).toBe(`${line('a')}\n${JSON.stringify({ p: { tenant_id: 't1', id: 'é', name: 'é' } })}\n`)
  })

  it('keeps a complete final line that lacks only its newline, and adds the newline', async () => {
    await writeFile(file, `${line('a')}\n${line('b')}`)
    const customers = await (await open()).collection(customerSpec)
    expect(customers.count('t1')).toBe(2)
    await customers.put({ tenant_id: 't1', id: 'c', name: 'c' })
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(3)
  })

  it('fails on a corrupt line in the middle, naming the file and the line', async () => {
    await writeFile(file, `${line('a')}\n{"p":{"tenant_id":"t1",\n${line('c')}\n`)
    const storage = await open()
    const error = await storage.collection(customerSpec).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'STORAGE_FILE_CORRUPT', details: { file, line: 2 } })
    const message = (error as Error).message
    expect(message).toContain(file)
    expect(message).toContain('line 2')
    expect(message).toMatch(/backup/)
    expect(message).toMatch(/start fresh/)
    // Not cached: the next attempt reads the file again (and fails again).
    await expect(storage.collection(customerSpec)).rejects.toMatchObject({ code: 'STORAGE_FILE_CORRUPT' })
  })

  it('fails on a corrupt complete final line (it has its newline, so it is not torn)', async () => {
    await writeFile(file, `${line('a')}\n${line('b')}\n{"p":{"tenant_id"\n`)
    const storage = await open()
    await expect(storage.collection(customerSpec)).rejects.toMatchObject({
      code: 'STORAGE_FILE_CORRUPT',
      details: { file, line: 3 },
    })
    // The failed open must not have "repaired" anything.
    expect(await readFile(file, 'utf8')).toBe(`${line('a')}\n${line('b')}\n{"p":{"tenant_id"\n`)
  })

  it.each([
    ['an unknown entry', '{"x":1}'],
    ['a record without tenant_id', '{"p":{"id":"x"}}'],
    ['a malformed delete', '{"d":["t1"]}'],
    ['a batch with a bad operation', `{"b":[${line('z')},{"q":1}]}`],
    ['an empty line', ''],
  ])('fails on valid-looking but invalid lines: %s', async (_label, bad) => {
    await writeFile(file, `${line('a')}\n${bad}\n${line('c')}\n`)
    const storage = await open()
    await expect(storage.collection(customerSpec)).rejects.toMatchObject({
      code: 'STORAGE_FILE_CORRUPT',
      details: { line: 2 },
    })
  })

  it('replays deletes and batches', async () => {
    await appendFile(
      file,
      [line('a'), line('b'), '{"d":["t1","a"]}', `{"b":[${line('c', '+2')},{"d":["t1","b"]}]}`].join('\n') + '\n',
    )
    const customers = await (await open()).collection(customerSpec)
    expect(customers.list('t1').map((record) => record.id)).toEqual(['c'])
    expect(customers.findByIndex('t1', 'phone', '+2').map((record) => record.id)).toEqual(['c'])
    expect(customers.findByIndex('t1', 'phone', '+1')).toEqual([])
  })
})
