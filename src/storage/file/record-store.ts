import type { IndexFunction, TenantRecord } from './file-storage.js'

/** Index name → key, for the indexes whose function gave a key for one record. */
export type IndexKeys = ReadonlyMap<string, string>

interface Entry<T> {
  record: T
  keys: IndexKeys
}

/** One tenant's records (Map order = insertion order) and its indexes: name → key → ids. */
interface TenantBucket<T> {
  entries: Map<string, Entry<T>>
  indexes: Map<string, Map<string, Set<string>>>
}

/** Stored records are frozen so nothing handed one (filters, index functions) can change state. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/**
 * The in-memory state of one collection, partitioned by tenant so a tenant's reads only ever
 * walk that tenant's bucket. Holds frozen records; copying for callers is the collection's job.
 */
export class RecordStore<T extends TenantRecord> {
  private readonly tenants = new Map<string, TenantBucket<T>>()
  private total = 0

  constructor(private readonly indexFunctions: Readonly<Record<string, IndexFunction<T>>>) {}

  /** Live records across all tenants. */
  get size(): number {
    return this.total
  }

  hasIndex(name: string): boolean {
    return Object.hasOwn(this.indexFunctions, name)
  }

  /** May throw (an index function is user code): call before changing anything. */
  indexKeysOf(record: T): IndexKeys {
    const keys = new Map<string, string>()
    for (const [name, indexFunction] of Object.entries(this.indexFunctions)) {
      const key = indexFunction(record)
      if (key !== null && key !== undefined) keys.set(name, key)
    }
    return keys
  }

  get(tenantId: string, id: string): T | undefined {
    return this.tenants.get(tenantId)?.entries.get(id)?.record
  }

  has(tenantId: string, id: string): boolean {
    return this.tenants.get(tenantId)?.entries.has(id) ?? false
  }

  /** Tenants with at least one record (empty buckets are dropped on delete). */
  tenantIds(): string[] {
    return [...this.tenants.keys()]
  }

  count(tenantId: string): number {
    return this.tenants.get(tenantId)?.entries.size ?? 0
  }

  *records(tenantId: string): IterableIterator<T> {
    const bucket = this.tenants.get(tenantId)
    if (!bucket) return
    for (const entry of bucket.entries.values()) yield entry.record
  }

  byIndex(tenantId: string, index: string, key: string): T[] {
    const bucket = this.tenants.get(tenantId)
    const ids = bucket?.indexes.get(index)?.get(key)
    if (!bucket || !ids) return []
    return [...ids].map((id) => (bucket.entries.get(id) as Entry<T>).record)
  }

  /** Every live record, tenant by tenant, each in insertion order. */
  *all(): IterableIterator<T> {
    for (const bucket of this.tenants.values()) {
      for (const entry of bucket.entries.values()) yield entry.record
    }
  }

  set(tenantId: string, id: string, record: T, keys: IndexKeys): void {
    let bucket = this.tenants.get(tenantId)
    if (!bucket) {
      bucket = { entries: new Map(), indexes: new Map() }
      this.tenants.set(tenantId, bucket)
    }
    const previous = bucket.entries.get(id)
    // Unchanged keys stay put, so findByIndex keeps its order across updates too.
    if (previous) this.unindex(bucket, id, previous.keys, keys)
    else this.total += 1
    // Map.set on an existing key keeps its position: an update keeps the record's place in list().
    bucket.entries.set(id, { record, keys })
    for (const [name, key] of keys) {
      let byKey = bucket.indexes.get(name)
      if (!byKey) bucket.indexes.set(name, (byKey = new Map()))
      let ids = byKey.get(key)
      if (!ids) byKey.set(key, (ids = new Set()))
      ids.add(id)
    }
  }

  remove(tenantId: string, id: string): boolean {
    const bucket = this.tenants.get(tenantId)
    const previous = bucket?.entries.get(id)
    if (!bucket || !previous) return false
    this.unindex(bucket, id, previous.keys)
    bucket.entries.delete(id)
    this.total -= 1
    if (bucket.entries.size === 0) this.tenants.delete(tenantId)
    return true
  }

  private unindex(bucket: TenantBucket<T>, id: string, keys: IndexKeys, keep: IndexKeys = new Map()): void {
    for (const [name, key] of keys) {
      if (keep.get(name) === key) continue
      const byKey = bucket.indexes.get(name)
      const ids = byKey?.get(key)
      if (!byKey || !ids) continue
      ids.delete(id)
      if (ids.size === 0) byKey.delete(key)
    }
  }
}
