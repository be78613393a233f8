import { AppError } from '../../../shared/app-error.js'
import type { EvolutionApiVersion, EvolutionConnection } from './types.js'

export interface EvolutionConfigInput {
  base_url?: string
  api_key?: string
  instance?: string
  version?: EvolutionApiVersion
}

/**
 * A tenant's `evolution` config section → connection; EVOLUTION_NOT_CONFIGURED (user error)
 * naming every missing setting when base_url, api_key or instance is absent or blank.
 */
export const evolutionConnectionFromConfig = (config: EvolutionConfigInput | undefined | null): EvolutionConnection => {
  const baseUrl = config?.base_url?.trim() ?? ''
  const apiKey = config?.api_key?.trim() ?? ''
  const instance = config?.instance?.trim() ?? ''
  const missing = [
    ...(baseUrl === '' ? ['base_url'] : []),
    ...(apiKey === '' ? ['api_key'] : []),
    ...(instance === '' ? ['instance'] : []),
  ]
  if (missing.length > 0) {
    throw new AppError(
      'EVOLUTION_NOT_CONFIGURED',
      `Evolution is not configured for this tenant: set ${missing.map((name) => `evolution.${name}`).join(', ')}`,
      { category: 'user', details: { missing } },
    )
  }
  return { baseUrl, apiKey, instance, ...(config?.version ? { version: config.version } : {}) }
}

/** `{base}/{route}/{instance}`: trailing slashes of the base dropped, instance name URL-encoded. */
export const evolutionUrl = (connection: EvolutionConnection, route: string): string =>
  `${connection.baseUrl.replace(/\/+$/, '')}/${route.replace(/^\/+/, '')}/${encodeURIComponent(connection.instance)}`

export const apiVersionOf = (connection: EvolutionConnection): EvolutionApiVersion => connection.version ?? 'v2'
