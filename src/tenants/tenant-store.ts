import type { StoredTenant } from './tenant.js'

export interface TenantStore {
  /** The tenant, or null. */
  get(input: { tenantId: string }): Promise<StoredTenant | null>
  /** Every tenant, ordered by creation. */
  list(): Promise<{ items: StoredTenant[]; total: number }>
  /** Inserts a new tenant; throws TENANT_ALREADY_EXISTS when the id is taken. */
  save(input: { tenant: StoredTenant }): Promise<StoredTenant>
  /**
   * Replaces a tenant in one atomic write, only if its `config_version` is still
   * `expectedVersion` (else returns null: someone saved in between). Never a partial write.
   */
  update(input: { tenant: StoredTenant; expectedVersion: number }): Promise<StoredTenant | null>
}
