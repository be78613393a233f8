import type { Logger } from '../../shared/logger.js'

/**
 * The embedded storage engine behind every file store (.runtime-data/).
 *
 * A collection is one append-only JSON-lines file, `<dataDir>/<folder>/<name>.jsonl`, loaded
 * into memory at open. Writes are durable when their promise resolves (write + fsync; with
 * group commit, concurrent writers share one fsync). Every record carries `tenant_id`, and
 * every read is scoped to one tenant, so the engine itself keeps tenants apart.
 */
export interface TenantRecord {
  tenant_id: string
}

export type IndexFunction<T> = (record: T) => string | null | undefined

export interface CollectionSpec<T extends TenantRecord> {
  /** Folder under the data dir, one of the folders users know (`customers`, `crm`, …). */
  folder: string
  /** File name without extension. */
  name: string
  /** The record's id within its tenant. */
  idOf: (record: T) => string
  /** Secondary indexes, rebuilt at load; a null/undefined key leaves the record out. */
  indexes?: Record<string, IndexFunction<T>>
}

export type WriteOperation<T extends TenantRecord> =
  | { type: 'put'; record: T }
  | { type: 'delete'; tenantId: string; id: string }

export interface FileCollection<T extends TenantRecord> {
  /** A copy of the record, or null. */
  get(tenantId: string, id: string): T | null
  /** Copies of the tenant's records in insertion order (an update keeps the position). */
  list(tenantId: string, filter?: (record: T) => boolean): T[]
  /** Copies of the tenant's records whose index `index` has key `key`. */
  findByIndex(tenantId: string, index: string, key: string): T[]
  /**
   * The stored records themselves, frozen, without copying: for hot read paths (the queue's
   * claim scan) that only look. Anything kept or changed must be copied first.
   */
  peekByIndex(tenantId: string, index: string, key: string): ReadonlyArray<Readonly<T>>
  /** Number of records of one tenant. */
  count(tenantId: string): number
  /** The tenant ids that hold at least one record (for platform-level registries). */
  tenantIds(): string[]
  /** Inserts or replaces; resolves once durable. Memory is updated synchronously, before the fsync. */
  put(record: T): Promise<void>
  /** Resolves true when a record was there. */
  delete(tenantId: string, id: string): Promise<boolean>
  /** Several operations as one log line: after a crash all of them are there, or none. */
  write(operations: WriteOperation<T>[]): Promise<void>
  /** Rewrites the file as a snapshot of the live records (temp file + rename). */
  compact(): Promise<void>
  /** Counters for tests, benchmarks and diagnostics. */
  stats(): FileCollectionStats
}

export interface FileCollectionStats {
  /** Lines appended since open (compaction snapshots not counted). */
  appends: number
  /** fsyncs of appended lines since open: below `appends` when group commit shares them. */
  fsyncs: number
  /** Compactions since open, manual or automatic. */
  compactions: number
  /** Live records, all tenants. */
  liveRecords: number
  /** Operations in the log file (what compaction shrinks back to `liveRecords`). */
  logEntries: number
}

export interface FileStorage {
  readonly dataDir: string
  /** Opens (loads) a collection once; later calls return the same instance. */
  collection<T extends TenantRecord>(spec: CollectionSpec<T>): Promise<FileCollection<T>>
  /** Compacts every open collection (the nightly housekeeping job). */
  compactAll(): Promise<void>
  /** Throws when the storage can no longer write (lost lock, failed fsync). */
  ping(): Promise<void>
  /** Flushes pending writes and releases the data-dir lock. */
  close(): Promise<void>
}

export interface OpenFileStorageOptions {
  dataDir: string
  logger: Logger
  /** Folders created at open (ARCHITECTURE's list). */
  folders: readonly string[]
  /** Share one fsync between concurrent writers (default true). */
  groupCommit?: boolean
  /** Compact a collection when its log holds this many more lines than live records (default 10_000). */
  compactionSlack?: number
}
