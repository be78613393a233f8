import type pg from 'pg'
import { AppError } from '../shared/app-error.js'
import { isUniqueViolation, wrapQueryError } from '../storage/postgres/index.js'
import type { StoredTenant } from './tenant.js'
import type { TenantStore } from './tenant-store.js'

interface TenantRow {
  tenant_id: string
  display_name: string
  config: Record<string, unknown>
  webhook_token_encrypted: string
  owner_access_key_hash: string
  config_version: number
  persona_history: Record<string, unknown[]>
  created_at: Date
  updated_at: Date
}

const columns =
  'tenant_id, display_name, config, webhook_token_encrypted, owner_access_key_hash, config_version, created_at, updated_at, persona_history'

const fromRow = (row: TenantRow): StoredTenant => ({
  ...row,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

const toParams = (tenant: StoredTenant): unknown[] => [
  tenant.tenant_id,
  tenant.display_name,
  JSON.stringify(tenant.config),
  tenant.webhook_token_encrypted,
  tenant.owner_access_key_hash,
  tenant.config_version,
  tenant.created_at,
  tenant.updated_at,
  JSON.stringify(tenant.persona_history ?? {}),
]

export const createPostgresTenantStore = (pool: pg.Pool): TenantStore => ({
  get: async ({ tenantId }) => {
    try {
      const result = await pool.query<TenantRow>(`SELECT ${columns} FROM tenants WHERE tenant_id = $1`, [tenantId])
      return result.rows[0] ? fromRow(result.rows[0]) : null
    } catch (error) {
      throw wrapQueryError(error, 'get tenant')
    }
  },
  list: async () => {
    try {
      const result = await pool.query<TenantRow>(`SELECT ${columns} FROM tenants ORDER BY created_at, tenant_id`)
      return { items: result.rows.map(fromRow), total: result.rowCount ?? result.rows.length }
    } catch (error) {
      throw wrapQueryError(error, 'list tenants')
    }
  },
  save: async ({ tenant }) => {
    try {
      await pool.query(`INSERT INTO tenants (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, toParams(tenant))
      return structuredClone(tenant)
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('TENANT_ALREADY_EXISTS', `tenant "${tenant.tenant_id}" already exists`)
      }
      throw wrapQueryError(error, 'save tenant')
    }
  },
  update: async ({ tenant, expectedVersion }) => {
    try {
      const result = await pool.query(
        `UPDATE tenants SET display_name = $2, config = $3, webhook_token_encrypted = $4, owner_access_key_hash = $5,
           config_version = $6, created_at = $7, updated_at = $8, persona_history = $9
         WHERE tenant_id = $1 AND config_version = $10`,
        [...toParams(tenant), expectedVersion],
      )
      return result.rowCount === 1 ? structuredClone(tenant) : null
    } catch (error) {
      throw wrapQueryError(error, 'update tenant')
    }
  },
})
