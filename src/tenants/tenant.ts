import { z } from 'zod'

export const tenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{1,62}$/, 'use 2–63 characters: lowercase letters, digits, "_" or "-", starting with a letter or digit')

/**
 * A tenant as stored. `config` holds secrets encrypted (`enc:v1:…`), the webhook token is
 * encrypted (HS256 JWT verification needs it back), and the owner access key is only a hash.
 */
export const storedTenantSchema = z.object({
  tenant_id: tenantIdSchema,
  display_name: z.string(),
  config: z.record(z.string(), z.unknown()),
  webhook_token_encrypted: z.string(),
  owner_access_key_hash: z.string(),
  config_version: z.number().int().min(1),
  /** Versions of each role's persona (persona-versions.ts); absent on tenants saved before them. */
  persona_history: z.record(z.string(), z.array(z.unknown())).optional(),
  created_at: z.string(),
  updated_at: z.string(),
})

export type StoredTenant = z.infer<typeof storedTenantSchema>

/** What lists and the API show of a tenant: no secrets. */
export interface TenantSummary {
  tenant_id: string
  display_name: string
  config_version: number
  created_at: string
  updated_at: string
}

export const toTenantSummary = (tenant: StoredTenant): TenantSummary => ({
  tenant_id: tenant.tenant_id,
  display_name: tenant.display_name,
  config_version: tenant.config_version,
  created_at: tenant.created_at,
  updated_at: tenant.updated_at,
})
