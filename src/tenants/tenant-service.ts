import { z } from 'zod'
import { AppError } from '../shared/app-error.js'
import type { Clock } from '../shared/clock.js'
import { generateSecret } from '../shared/ids.js'
import type { Logger } from '../shared/logger.js'
import { applyMergePatch, isPlainObject } from '../shared/merge-patch.js'
import { accessKeyMatches, hashAccessKey, type SecretBox } from '../shared/secret-box.js'
import { personaRoles, tenantConfigSchema, type PersonaRole, type TenantConfig } from './tenant-config.js'
import { versionPersonas, type PersonaHistory, type PersonaVersion } from './persona-versions.js'
import {
  decryptConfigSecrets,
  dropMaskedSecrets,
  encryptConfigSecrets,
  maskConfigSecrets,
  webhookTokenContext,
} from './tenant-secrets.js'
import { tenantIdSchema, toTenantSummary, type StoredTenant, type TenantSummary } from './tenant.js'
import type { TenantStore } from './tenant-store.js'

export const createTenantInputSchema = z.strictObject({
  tenant_id: z.string(),
  display_name: z.string().trim().min(1).max(120).optional(),
})

export interface CreatedTenant {
  tenant_id: string
  webhook_url: string
  webhook_token: string
  owner_access_key: string
}

export interface TenantService {
  createTenant(input: unknown): Promise<CreatedTenant>
  listTenants(): Promise<TenantSummary[]>
  /** Throws TENANT_NOT_FOUND. */
  requireTenant(tenantId: string): Promise<StoredTenant>
  /** The config with secrets masked, for answers. */
  getMaskedConfig(tenantId: string): Promise<Record<string, unknown>>
  /** The config with secrets decrypted, for the runtime (never for answers or logs). */
  getRuntimeConfig(tenantId: string): Promise<TenantConfig>
  /** Deep-merges a patch (RFC 7386), validates the whole result, saves atomically; answers masked. */
  updateConfig(tenantId: string, patch: unknown): Promise<Record<string, unknown>>
  verifyOwnerAccessKey(tenantId: string, key: string): Promise<boolean>
  getWebhookToken(tenantId: string): Promise<string>
  /** Each role's persona versions, oldest first (the current one last). */
  listPersonaVersions(tenantId: string): Promise<Record<PersonaRole, PersonaVersion[]>>
  /** Makes an earlier version current again (as a new version); answers the masked config. */
  rollbackPersona(tenantId: string, role: PersonaRole, version: number): Promise<Record<string, unknown>>
  /** What the webhook path needs, in one read: throws TENANT_NOT_FOUND. */
  getWebhookContext(tenantId: string): Promise<{ webhookToken: string; config: TenantConfig }>
  webhookUrl(tenantId: string): string
}

const formatIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')

export const createTenantService = (deps: {
  store: TenantStore
  secretBox: SecretBox
  clock: Clock
  logger: Logger
  publicBaseUrl: string
  /** Personas a new tenant starts with (personas/*.md); absent means neutral. */
  defaultPersonas?: Record<'owner' | 'customer', { name: string; instructions: string }>
}): TenantService => {
  const { store, secretBox, clock, logger } = deps

  // Decrypting and validating a config costs more than reading it, and every webhook needs it:
  // keep the result per tenant until its config_version changes (any replica's save bumps it).
  const decoded = new Map<string, { version: number; config: TenantConfig; webhookToken: string }>()
  const decode = (tenant: StoredTenant) => {
    const cached = decoded.get(tenant.tenant_id)
    if (cached && cached.version === tenant.config_version) return cached
    const fresh = {
      version: tenant.config_version,
      config: validateConfig(decryptConfigSecrets(tenant.config, tenant.tenant_id, secretBox)),
      webhookToken: secretBox.decrypt(tenant.webhook_token_encrypted, webhookTokenContext(tenant.tenant_id)),
    }
    decoded.set(tenant.tenant_id, fresh)
    return fresh
  }

  const requireTenant = async (tenantId: string): Promise<StoredTenant> => {
    const tenant = tenantIdSchema.safeParse(tenantId).success ? await store.get({ tenantId }) : null
    if (!tenant) throw new AppError('TENANT_NOT_FOUND', `tenant "${tenantId}" does not exist`)
    return tenant
  }

  const webhookUrl = (tenantId: string) => `${deps.publicBaseUrl}/webhooks/evolution/${tenantId}`

  const validateConfig = (candidate: unknown): TenantConfig => {
    const parsed = tenantConfigSchema.safeParse(candidate)
    if (!parsed.success) {
      throw new AppError('TENANT_CONFIG_INVALID', formatIssues(parsed.error), {
        details: { issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
      })
    }
    return parsed.data
  }

  const updateOnce = async (tenantId: string, patch: Record<string, unknown>) => {
    const tenant = await requireTenant(tenantId)
    const current = decryptConfigSecrets(tenant.config, tenantId, secretBox)
    const merged = validateConfig(applyMergePatch(current, dropMaskedSecrets(patch)))
    const { config: next, history } = versionPersonas(merged, (tenant.persona_history ?? {}) as PersonaHistory, clock.now().toISOString())
    const saved = await store.update({
      expectedVersion: tenant.config_version,
      tenant: {
        ...tenant,
        display_name: next.display_name,
        config: encryptConfigSecrets(next, tenantId, secretBox),
        persona_history: history,
        config_version: tenant.config_version + 1,
        updated_at: clock.now().toISOString(),
      },
    })
    return saved ? next : null
  }

  const service: TenantService = {
    requireTenant,
    webhookUrl,

    createTenant: async (input) => {
      const parsed = createTenantInputSchema.safeParse(input)
      if (!parsed.success) throw new AppError('HTTP_VALIDATION_FAILED', formatIssues(parsed.error))
      const idCheck = tenantIdSchema.safeParse(parsed.data.tenant_id)
      if (!idCheck.success) {
        throw new AppError('TENANT_ID_INVALID', `tenant_id "${parsed.data.tenant_id}": ${idCheck.error.issues[0]?.message}`)
      }
      const tenantId = idCheck.data
      const now = clock.now().toISOString()
      const { config, history } = versionPersonas(
        validateConfig({ display_name: parsed.data.display_name ?? tenantId, ...(deps.defaultPersonas ? { personas: deps.defaultPersonas } : {}) }),
        {},
        now,
      )
      const webhookToken = generateSecret('fwt')
      const ownerAccessKey = generateSecret('fok')
      await store.save({
        tenant: {
          tenant_id: tenantId,
          display_name: config.display_name,
          config: encryptConfigSecrets(config, tenantId, secretBox),
          webhook_token_encrypted: secretBox.encrypt(webhookToken, webhookTokenContext(tenantId)),
          owner_access_key_hash: hashAccessKey(ownerAccessKey),
          persona_history: history,
          config_version: 1,
          created_at: now,
          updated_at: now,
        },
      })
      logger.info({ tenant_id: tenantId }, 'tenant created')
      return { tenant_id: tenantId, webhook_url: webhookUrl(tenantId), webhook_token: webhookToken, owner_access_key: ownerAccessKey }
    },

    listTenants: async () => (await store.list()).items.map(toTenantSummary),

    // The validated config: keys added since the tenant last saved (like `panel`) show their defaults.
    getMaskedConfig: async (tenantId) => maskConfigSecrets(structuredClone(decode(await requireTenant(tenantId)).config)),

    getRuntimeConfig: async (tenantId) => structuredClone(decode(await requireTenant(tenantId)).config),

    updateConfig: async (tenantId, patch) => {
      if (!isPlainObject(patch)) throw new AppError('TENANT_CONFIG_INVALID', 'the body must be a JSON object')
      // Optimistic concurrency: a concurrent save makes us re-read and merge again.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const saved = await updateOnce(tenantId, patch)
        if (saved) {
          logger.info({ tenant_id: tenantId, keys: Object.keys(patch) }, 'tenant config updated')
          return maskConfigSecrets(saved)
        }
      }
      throw new AppError('TENANT_CONFIG_CONFLICT', 'the config kept changing while saving; try again')
    },

    verifyOwnerAccessKey: async (tenantId, key) => {
      const tenant = tenantIdSchema.safeParse(tenantId).success ? await store.get({ tenantId }) : null
      return tenant !== null && accessKeyMatches(key, tenant.owner_access_key_hash)
    },

    getWebhookToken: async (tenantId) => decode(await requireTenant(tenantId)).webhookToken,

    listPersonaVersions: async (tenantId) => {
      const history = ((await requireTenant(tenantId)).persona_history ?? {}) as PersonaHistory
      return { owner: history.owner ?? [], customer: history.customer ?? [] }
    },

    rollbackPersona: async (tenantId, role, version) => {
      const history = ((await requireTenant(tenantId)).persona_history ?? {}) as PersonaHistory
      const target = (history[role] ?? []).find((entry) => entry.version === version)
      if (!target) throw new AppError('PERSONA_VERSION_NOT_FOUND', `no version ${version} of the ${role} persona`)
      // Replacing (not merging) the persona: null clears the fields the old version did not have.
      const cleared = Object.fromEntries(['tone', 'greeting', 'language', 'chat_model'].map((field) => [field, null]))
      return service.updateConfig(tenantId, { personas: { [role]: { ...cleared, ...target.persona } } })
    },

    getWebhookContext: async (tenantId) => {
      const { webhookToken, config } = decode(await requireTenant(tenantId))
      return { webhookToken, config: structuredClone(config) }
    },
  }
  return service
}
