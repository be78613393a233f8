import { randomUUID } from 'node:crypto'
import { link, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/app-error.js'
import type { Logger } from '../../shared/logger.js'
import { errorCodeOf, fsyncDirectory, writeFileDurably } from './durable-fs.js'

export const LOCK_FILE_NAME = 'fabio.lock'

/** The exclusive claim of one process on a data dir. */
export interface DataDirLock {
  readonly path: string
  /** Throws STORAGE_DATA_DIR_LOCKED when the lock file no longer names this process. */
  verify(): Promise<void>
  /** Removes the lock file, but only while it still names this process. */
  release(): Promise<void>
}

interface Holder {
  pid: number | null
  raw: string
}

const ownContent = (): string => `${process.pid}\n`

const readHolder = async (path: string): Promise<Holder | null> => {
  try {
    const raw = await readFile(path, 'utf8')
    const text = raw.trim()
    const pid = /^\d+$/.test(text) ? Number(text) : null
    return { pid: pid !== null && pid > 0 ? pid : null, raw }
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return null
    throw error
  }
}

/** EPERM means the process exists but belongs to another user: still alive. */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCodeOf(error) !== 'ESRCH'
  }
}

const lockedError = (dataDir: string, lockPath: string, pid: number | null): AppError => {
  const who = pid === process.pid ? `this process (pid ${pid}) already has it open` : `pid ${pid ?? 'unknown'}`
  return new AppError(
    'STORAGE_DATA_DIR_LOCKED',
    `Data dir ${dataDir} is locked by another fabio process (${who}; lock file ${lockPath}). ` +
      'Stop that process, or point FABIO_DATA_DIR at another directory.',
    { category: 'system', details: { dataDir, lockPath, pid } },
  )
}

/**
 * Creates `path` holding our pid, failing with false when it exists. The content is written to
 * a temp file first and hard-linked into place: link() is as exclusive as O_EXCL, and nobody
 * can ever see the lock file empty (with `wx` there is a moment between create and write).
 */
const createExclusive = async (path: string): Promise<boolean> => {
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`
  await writeFileDurably(temp, ownContent(), 'wx')
  try {
    await link(temp, path)
    return true
  } catch (error) {
    if (errorCodeOf(error) === 'EEXIST') return false
    throw error
  } finally {
    await rm(temp, { force: true })
  }
}

/**
 * Replaces a stale lock. A guard file (itself exclusive) makes sure two processes finding the
 * same stale lock cannot both take it; the re-read inside the guard sees a winner that came first.
 */
const takeOver = async (dataDir: string, lockPath: string, logger: Logger): Promise<void> => {
  const guardPath = `${lockPath}.takeover`
  if (!(await createExclusive(guardPath))) {
    const guard = await readHolder(guardPath)
    if (guard?.pid != null && isAlive(guard.pid)) throw lockedError(dataDir, lockPath, guard.pid)
    // A guard left by a process that died mid-takeover.
    await rm(guardPath, { force: true })
    if (!(await createExclusive(guardPath))) throw lockedError(dataDir, lockPath, null)
  }
  try {
    const current = await readHolder(lockPath)
    if (current?.pid != null && isAlive(current.pid)) throw lockedError(dataDir, lockPath, current.pid)
    // Gone meanwhile (released or removed by hand): claim it exclusively instead of overwriting a newcomer.
    if (current === null && !(await createExclusive(lockPath))) {
      throw lockedError(dataDir, lockPath, (await readHolder(lockPath))?.pid ?? null)
    }
    if (current !== null) {
      const temp = `${lockPath}.${process.pid}.${randomUUID()}.tmp`
      await writeFileDurably(temp, ownContent(), 'wx')
      await rename(temp, lockPath)
    }
    await fsyncDirectory(dataDir)
    const check = await readHolder(lockPath)
    if (check?.pid !== process.pid) throw lockedError(dataDir, lockPath, check?.pid ?? null)
    logger.warn(
      { dataDir, lockPath, stalePid: current?.pid ?? null, staleContent: current?.raw.slice(0, 40) ?? null },
      'took over a stale data-dir lock (its process is gone)',
    )
  } finally {
    await rm(guardPath, { force: true })
  }
}

const ownedLock = (dataDir: string, lockPath: string): DataDirLock => ({
  path: lockPath,
  verify: async () => {
    const holder = await readHolder(lockPath)
    if (holder?.pid === process.pid) return
    const found = holder ? `"${holder.raw.trim().slice(0, 40)}"` : 'no file'
    throw new AppError(
      'STORAGE_DATA_DIR_LOCKED',
      `The lock file ${lockPath} of data dir ${dataDir} no longer names this process (pid ${process.pid}; ` +
        `found ${found}). Another process may be writing the same data: stop fabio and check.`,
      { category: 'system', details: { dataDir, lockPath, found: holder?.pid ?? null } },
    )
  },
  release: async () => {
    const holder = await readHolder(lockPath)
    if (holder?.pid === process.pid) await rm(lockPath, { force: true })
  },
})

/** Takes `<dataDir>/fabio.lock`, or fails at once with STORAGE_DATA_DIR_LOCKED. */
export const acquireDataDirLock = async (dataDir: string, logger: Logger): Promise<DataDirLock> => {
  const lockPath = join(dataDir, LOCK_FILE_NAME)
  // A few rounds only cover a holder releasing between our create attempt and our read.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await createExclusive(lockPath)) {
      await fsyncDirectory(dataDir)
      return ownedLock(dataDir, lockPath)
    }
    const holder = await readHolder(lockPath)
    if (holder === null) continue
    if (holder.pid !== null && isAlive(holder.pid)) throw lockedError(dataDir, lockPath, holder.pid)
    await takeOver(dataDir, lockPath, logger)
    return ownedLock(dataDir, lockPath)
  }
  throw lockedError(dataDir, lockPath, null)
}
