import { AppError } from '../shared/app-error.js'
import type { FileStorage } from '../storage/file/index.js'
import type { StoredTenant } from './tenant.js'
import type { TenantStore } from './tenant-store.js'

/**
 * Tenants live in `tenant-runtime-config/tenants.jsonl`. The registry itself is platform-level,
 * so each record is filed under its own tenant id.
 */
export const createFileTenantStore = async (storage: FileStorage): Promise<TenantStore> => {
  const collection = await storage.collection<StoredTenant>({
    folder: 'tenant-runtime-config',
    name: 'tenants',
    idOf: (tenant) => tenant.tenant_id,
  })
  const all = (): StoredTenant[] =>
    collection
      .tenantIds()
      .flatMap((tenantId) => collection.list(tenantId))
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.tenant_id.localeCompare(b.tenant_id))

  return {
    get: async ({ tenantId }) => collection.get(tenantId, tenantId),
    list: async () => {
      const items = all()
      return { items, total: items.length }
    },
    save: async ({ tenant }) => {
      if (collection.get(tenant.tenant_id, tenant.tenant_id)) {
        throw new AppError('TENANT_ALREADY_EXISTS', `tenant "${tenant.tenant_id}" already exists`)
      }
      await collection.put(tenant)
      return structuredClone(tenant)
    },
    update: async ({ tenant, expectedVersion }) => {
      const current = collection.get(tenant.tenant_id, tenant.tenant_id)
      if (!current || current.config_version !== expectedVersion) return null
      await collection.put(tenant)
      return structuredClone(tenant)
    },
  }
}
