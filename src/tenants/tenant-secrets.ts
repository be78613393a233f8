import { maskSecret } from '../shared/mask-secret.js'
import { isPlainObject } from '../shared/merge-patch.js'
import type { SecretBox } from '../shared/secret-box.js'
import { secretConfigPaths } from './tenant-config.js'

type ConfigObject = Record<string, unknown>

const secretContext = (tenantId: string, path: readonly string[]): string => `tenant:${tenantId}:${path.join('.')}`

/** Applies `transform` to each secret field that is set, returning a new object. */
const mapSecrets = (
  config: ConfigObject,
  transform: (value: string, path: readonly string[]) => string,
): ConfigObject => {
  const copy = structuredClone(config)
  for (const path of secretConfigPaths) {
    const [section, field] = path
    const holder = copy[section]
    const value = isPlainObject(holder) ? holder[field] : undefined
    if (isPlainObject(holder) && typeof value === 'string' && value !== '') holder[field] = transform(value, path)
  }
  return copy
}

export const encryptConfigSecrets = (config: ConfigObject, tenantId: string, box: SecretBox): ConfigObject =>
  mapSecrets(config, (value, path) => box.encrypt(value, secretContext(tenantId, path)))

export const decryptConfigSecrets = (config: ConfigObject, tenantId: string, box: SecretBox): ConfigObject =>
  mapSecrets(config, (value, path) => box.decrypt(value, secretContext(tenantId, path)))

export const maskConfigSecrets = (config: ConfigObject): ConfigObject => mapSecrets(config, maskSecret)

/**
 * A masked value sent back unchanged (the panel round-tripping a GET) means "keep the secret";
 * an empty string (a cleared field) means "remove it", like null.
 */
export const dropMaskedSecrets = (patch: ConfigObject): ConfigObject => {
  const copy = structuredClone(patch)
  for (const [section, field] of secretConfigPaths) {
    const holder = copy[section]
    if (!isPlainObject(holder) || typeof holder[field] !== 'string') continue
    if (holder[field].startsWith('••••')) delete holder[field]
    else if (holder[field] === '') holder[field] = null
  }
  return copy
}

export const webhookTokenContext = (tenantId: string): string => `tenant:${tenantId}:webhook_token`
