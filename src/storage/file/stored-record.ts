import type { CollectionSpec, TenantRecord } from './file-storage.js'
import { deepFreeze, type IndexKeys, type RecordStore } from './record-store.js'

/** A record checked and keyed, ready to go into the store. */
export interface StoredRecord<T> {
  tenantId: string
  id: string
  /** Frozen: the store's own copy. */
  record: T
  keys: IndexKeys
}

/**
 * Checks a record (as parsed from JSON: the same path for put and for replay at load, so memory
 * always equals what a reload gives) and computes its id and index keys. Throws an Error saying why.
 */
export const toStoredRecord = <T extends TenantRecord>(
  value: unknown,
  spec: CollectionSpec<T>,
  store: RecordStore<T>,
): StoredRecord<T> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('record is not a JSON object')
  const tenantId = (value as { tenant_id?: unknown }).tenant_id
  if (typeof tenantId !== 'string' || tenantId === '') throw new Error('record has no string tenant_id')
  const record = deepFreeze(value as T)
  const id = spec.idOf(record)
  if (typeof id !== 'string' || id === '') throw new Error(`idOf gave ${JSON.stringify(id)}, not a non-empty string`)
  return { tenantId, id, record, keys: store.indexKeysOf(record) }
}
