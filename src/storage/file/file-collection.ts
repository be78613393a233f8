import { AppError } from '../../shared/app-error.js'
import type { Logger } from '../../shared/logger.js'
import type {
  CollectionSpec,
  FileCollection,
  FileCollectionStats,
  TenantRecord,
  WriteOperation,
} from './file-storage.js'
import type { JsonlLog, LogSnapshot } from './jsonl-log.js'
import { encodeBatch, encodeDelete, encodePut } from './log-line.js'
import type { RecordStore } from './record-store.js'
import { toStoredRecord, type StoredRecord } from './stored-record.js'

export interface JsonlFileCollectionOptions {
  path: string
  compactionSlack: number
  logger: Logger
}

type Change<T> = { kind: 'put'; stored: StoredRecord<T> } | { kind: 'delete'; tenantId: string; id: string }

interface PreparedChange<T> {
  change: Change<T>
  /** The operation as it goes into the log (alone, or inside a batch line). */
  line: string
}

/**
 * One collection: the in-memory store answers reads, the log makes writes durable. Writes change
 * memory synchronously (a check-then-put in one tick cannot race) and resolve after the fsync.
 */
export class JsonlFileCollection<T extends TenantRecord> implements FileCollection<T> {
  private compacting = false
  private closing = false

  constructor(
    private readonly spec: CollectionSpec<T>,
    private readonly store: RecordStore<T>,
    private readonly log: JsonlLog,
    private readonly options: JsonlFileCollectionOptions,
  ) {}

  get(tenantId: string, id: string): T | null {
    const record = this.store.get(tenantId, id)
    return record === undefined ? null : structuredClone(record)
  }

  list(tenantId: string, filter?: (record: T) => boolean): T[] {
    const result: T[] = []
    for (const record of this.store.records(tenantId)) {
      if (!filter || filter(record)) result.push(structuredClone(record))
    }
    return result
  }

  findByIndex(tenantId: string, index: string, key: string): T[] {
    if (!this.store.hasIndex(index)) {
      throw new TypeError(`Collection ${this.spec.folder}/${this.spec.name} has no index "${index}"`)
    }
    return this.store.byIndex(tenantId, index, key).map((record) => structuredClone(record))
  }

  peekByIndex(tenantId: string, index: string, key: string): ReadonlyArray<Readonly<T>> {
    if (!this.store.hasIndex(index)) {
      throw new TypeError(`Collection ${this.spec.folder}/${this.spec.name} has no index "${index}"`)
    }
    return this.store.byIndex(tenantId, index, key)
  }

  count(tenantId: string): number {
    return this.store.count(tenantId)
  }

  tenantIds(): string[] {
    return this.store.tenantIds()
  }

  put(record: T): Promise<void> {
    return this.commit(() => [this.preparePut(record)], 1)
  }

  delete(tenantId: string, id: string): Promise<boolean> {
    if (!this.store.has(tenantId, id)) {
      // Nothing to write, but a delete of it may still be in flight: answer once that is durable.
      return this.log.barrier().then(() => false)
    }
    return this.commit(() => [this.prepareDelete(tenantId, id)], 1).then(() => true)
  }

  write(operations: WriteOperation<T>[]): Promise<void> {
    if (operations.length === 0) return this.log.barrier()
    const prepare = (): PreparedChange<T>[] =>
      operations.map((operation) =>
        operation.type === 'put'
          ? this.preparePut(operation.record)
          : this.prepareDelete(operation.tenantId, operation.id),
      )
    return this.commit(prepare, operations.length)
  }

  compact(): Promise<void> {
    return this.log.rewrite(() => this.snapshot())
  }

  stats(): FileCollectionStats {
    return { ...this.log.stats(), liveRecords: this.store.size, logEntries: this.log.entries }
  }

  /** The write failure that stopped this collection, if any. */
  get failure(): AppError | null {
    return this.log.failure
  }

  async close(): Promise<void> {
    this.closing = true
    await this.log.close()
  }

  /** Called after each flush: compacts once the log carries `compactionSlack` dead entries. */
  compactIfDue(): void {
    if (this.compacting || this.closing) return
    if (this.log.entries - this.store.size <= this.options.compactionSlack) return
    this.compacting = true
    const { logger, path: file } = this.options
    const before = this.log.entries
    this.compact()
      .then(() => logger.info({ file, before, after: this.log.entries }, 'compacted collection log'))
      .catch((error: unknown) => logger.warn({ err: error, file }, 'automatic compaction failed'))
      .finally(() => {
        this.compacting = false
      })
  }

  /** Validates everything first, then changes memory (cannot throw), then queues the one line. */
  private commit(prepare: () => PreparedChange<T>[], entries: number): Promise<void> {
    let line: string
    try {
      this.log.assertWritable()
      const prepared = prepare()
      for (const { change } of prepared) this.apply(change)
      const only = prepared.length === 1 ? prepared[0] : undefined
      line = only ? only.line : encodeBatch(prepared.map((item) => item.line))
    } catch (error) {
      return Promise.reject(error)
    }
    return this.log.append(line, entries)
  }

  private apply(change: Change<T>): void {
    if (change.kind === 'delete') this.store.remove(change.tenantId, change.id)
    else this.store.set(change.stored.tenantId, change.stored.id, change.stored.record, change.stored.keys)
  }

  private preparePut(record: T): PreparedChange<T> {
    try {
      // Stored as parsed back from its JSON: memory holds exactly what a reload would (no Dates, no undefined).
      const json = JSON.stringify(record)
      if (json === undefined) throw new Error('record is not JSON-serialisable')
      const stored = toStoredRecord(JSON.parse(json), this.spec, this.store)
      return { change: { kind: 'put', stored }, line: encodePut(json) }
    } catch (error) {
      throw this.invalid(error)
    }
  }

  private prepareDelete(tenantId: string, id: string): PreparedChange<T> {
    if (typeof tenantId !== 'string' || typeof id !== 'string') {
      throw this.invalid(new Error('tenantId and id must be strings'))
    }
    return { change: { kind: 'delete', tenantId, id }, line: encodeDelete(tenantId, id) }
  }

  private invalid(cause: unknown): AppError {
    const reason = cause instanceof Error ? cause.message : String(cause)
    return new AppError('STORAGE_WRITE_FAILED', `Cannot write to ${this.options.path}: ${reason}`, {
      category: 'system',
      details: { file: this.options.path, reason },
      cause,
    })
  }

  private snapshot(): LogSnapshot {
    const lines: string[] = []
    for (const record of this.store.all()) lines.push(encodePut(JSON.stringify(record)))
    return { lines, entries: lines.length }
  }
}
