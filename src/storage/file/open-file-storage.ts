import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError } from '../../shared/app-error.js'
import type { Logger } from '../../shared/logger.js'
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js'
import { fsyncDirectory } from './durable-fs.js'
import type { JsonlFileCollection } from './file-collection.js'
import type {
  CollectionSpec,
  FileCollection,
  FileStorage,
  OpenFileStorageOptions,
  TenantRecord,
} from './file-storage.js'
import { folderPath, openFileCollection } from './open-file-collection.js'

const DEFAULT_COMPACTION_SLACK = 10_000

// The cache holds collections of many record types; each caller gets back the type it asked for.
type AnyCollection = JsonlFileCollection<TenantRecord>

class JsonlFileStorage implements FileStorage {
  /** Promises, so two concurrent calls for one collection share a single load. */
  private readonly loading = new Map<string, Promise<AnyCollection>>()
  private readonly opened = new Set<AnyCollection>()
  private closing: Promise<void> | null = null

  constructor(
    readonly dataDir: string,
    private readonly lock: DataDirLock,
    private readonly options: { logger: Logger; groupCommit: boolean; compactionSlack: number },
  ) {}

  collection<T extends TenantRecord>(spec: CollectionSpec<T>): Promise<FileCollection<T>> {
    if (this.closing) return Promise.reject(this.closedError())
    const key = `${spec.folder}/${spec.name}`
    let pending = this.loading.get(key)
    if (!pending) {
      const load = openFileCollection(spec, { dataDir: this.dataDir, ...this.options })
      pending = load as Promise<unknown> as Promise<AnyCollection>
      this.loading.set(key, pending)
      pending.then(
        (collection) => this.opened.add(collection),
        // A failed load (say, a corrupt file) is not cached: a retry after fixing the file reads it again.
        () => this.loading.delete(key),
      )
    }
    return pending as Promise<unknown> as Promise<FileCollection<T>>
  }

  /** One collection at a time (each snapshot is held in memory while written); all are tried. */
  async compactAll(): Promise<void> {
    if (this.closing) throw this.closedError()
    const failures: unknown[] = []
    for (const collection of this.opened) {
      await collection.compact().catch((error: unknown) => failures.push(error))
    }
    if (failures.length > 0) throw failures[0]
  }

  async ping(): Promise<void> {
    if (this.closing) throw this.closedError()
    await this.lock.verify()
    for (const collection of this.opened) {
      if (collection.failure) throw collection.failure
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const loads = await Promise.allSettled(this.loading.values())
      for (const load of loads) {
        if (load.status === 'fulfilled') await load.value.close()
      }
      await this.lock.release()
    })()
    return this.closing
  }

  private closedError(): AppError {
    return new AppError('STORAGE_WRITE_FAILED', `The file storage in ${this.dataDir} is closed.`, {
      category: 'system',
      details: { dataDir: this.dataDir },
    })
  }
}

/**
 * Creates the data dir and its folders, takes the data-dir lock (failing at once when another
 * live process holds it) and returns the storage. Collections load on first use.
 */
export const openFileStorage = async (options: OpenFileStorageOptions): Promise<FileStorage> => {
  const dataDir = resolve(options.dataDir)
  await mkdir(dataDir, { recursive: true })
  for (const folder of options.folders) await mkdir(folderPath(dataDir, folder), { recursive: true })
  await fsyncDirectory(dataDir)
  const lock = await acquireDataDirLock(dataDir, options.logger)
  return new JsonlFileStorage(dataDir, lock, {
    logger: options.logger,
    groupCommit: options.groupCommit ?? true,
    compactionSlack: options.compactionSlack ?? DEFAULT_COMPACTION_SLACK,
  })
}
