import { execFile } from 'node:child_process'
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { openFileStorage, type FileStorage } from '../../../src/storage/file/index.js'
import { captureLogger, deadPid, makeTempDataDir, warnings } from './support/storage-fixtures.js'

const openScript = fileURLToPath(new URL('./support/open-storage.ts', import.meta.url))
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url))

describe('data-dir lock', () => {
  let dataDir: string
  let lockFile: string
  let remove: () => Promise<void>
  const opened: FileStorage[] = []

  const open = async (logger = createSilentLogger()): Promise<FileStorage> => {
    const storage = await openFileStorage({ dataDir, logger, folders: ['customers', 'crm'] })
    opened.push(storage)
    return storage
  }

  beforeEach(async () => {
    ;({ dataDir, remove } = await makeTempDataDir())
    lockFile = join(dataDir, 'fabio.lock')
  })

  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close()
    await remove()
  })

  it('creates the data dir and folders and writes our pid into the lock file', async () => {
    const nested = join(dataDir, 'nested', 'deeper')
    const storage = await openFileStorage({ dataDir: nested, logger: createSilentLogger(), folders: ['customers', 'crm'] })
    opened.push(storage)
    expect((await stat(join(nested, 'customers'))).isDirectory()).toBe(true)
    expect((await stat(join(nested, 'crm'))).isDirectory()).toBe(true)
    expect((await readFile(join(nested, 'fabio.lock'), 'utf8')).trim()).toBe(String(process.pid))
  })

  it('refuses a second open in the same process', async () => {
    await open()
    const error = await open().catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'STORAGE_DATA_DIR_LOCKED', category: 'system' })
    const message = (error as Error).message
    expect(message).toContain(dataDir)
    expect(message).toContain(String(process.pid))
    expect(message).toContain('FABIO_DATA_DIR')
  })

  it('refuses a second process, with a clear message', async () => {
    await open()
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', openScript, dataDir], {
      cwd: projectRoot,
      timeout: 60_000,
    })
    const outcome = JSON.parse(stdout.trim()) as { opened: boolean; code: string; message: string }
    expect(outcome).toMatchObject({ opened: false, code: 'STORAGE_DATA_DIR_LOCKED' })
    expect(outcome.message).toContain(dataDir)
    expect(outcome.message).toContain(`pid ${process.pid}`)
    expect(outcome.message).toMatch(/Stop that process/)
  }, 60_000)

  it('takes over a lock left by a dead process, with a warning', async () => {
    const pid = await deadPid()
    await writeFile(lockFile, `${pid}\n`)
    const { logger, entries } = captureLogger()
    const storage = await open(logger)
    expect((await readFile(lockFile, 'utf8')).trim()).toBe(String(process.pid))
    expect(warnings(entries)).toEqual([expect.objectContaining({ stalePid: pid, lockPath: lockFile })])
    await expect(storage.ping()).resolves.toBeUndefined()
  })

  it('lets exactly one of two concurrent opens take over a stale lock', async () => {
    await writeFile(lockFile, `${await deadPid()}\n`)
    const results = await Promise.allSettled([open(), open()])
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: { code: 'STORAGE_DATA_DIR_LOCKED' },
    })
    expect((await readFile(lockFile, 'utf8')).trim()).toBe(String(process.pid))
  })

  it.each([['empty', ''], ['garbage', 'not a pid\n']])('takes over a lock file that is %s', async (_label, content) => {
    await writeFile(lockFile, content)
    await open()
    expect((await readFile(lockFile, 'utf8')).trim()).toBe(String(process.pid))
  })

  it('releases the lock on close so the dir can be opened again', async () => {
    const storage = await open()
    await storage.close()
    await expect(stat(lockFile)).rejects.toMatchObject({ code: 'ENOENT' })
    const again = await open()
    await expect(again.ping()).resolves.toBeUndefined()
  })

  it('does not remove a lock file that another process took over', async () => {
    const storage = await open()
    await writeFile(lockFile, '1\n')
    await storage.close()
    expect(await readFile(lockFile, 'utf8')).toBe('1\n')
  })

  it('ping fails once the lock file is gone or names someone else', async () => {
    const storage = await open()
    await rm(lockFile)
    await expect(storage.ping()).rejects.toMatchObject({ code: 'STORAGE_DATA_DIR_LOCKED' })
    await writeFile(lockFile, '1\n')
    await expect(storage.ping()).rejects.toMatchObject({ code: 'STORAGE_DATA_DIR_LOCKED' })
  })
})
