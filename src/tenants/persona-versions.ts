import { isDeepStrictEqual } from 'node:util'
import { z } from 'zod'
import { personaRoles, type Persona, type TenantConfig } from './tenant-config.js'

/** One saved state of a role's persona. */
export const personaVersionSchema = z.object({
  version: z.number().int().min(1),
  persona: z.record(z.string(), z.unknown()),
  created_at: z.string(),
})
export type PersonaVersion = { version: number; persona: Omit<Persona, 'version'>; created_at: string }
export type PersonaHistory = Partial<Record<(typeof personaRoles)[number], PersonaVersion[]>>

/** Versions kept per role: enough to roll back a bad edit, bounded so the tenant record stays small. */
export const personaHistoryLimit = 50

const contentOf = ({ version: _version, ...content }: Persona): Omit<Persona, 'version'> => content

/**
 * Every change of a persona makes a version: compares each role's persona with its latest
 * version, appends a new one when it differs, and stamps the config with the current number.
 * Pure: returns the new config and history.
 */
export const versionPersonas = (next: TenantConfig, history: PersonaHistory, now: string): { config: TenantConfig; history: PersonaHistory } => {
  const config = structuredClone(next)
  const updated: PersonaHistory = { ...history }
  for (const role of personaRoles) {
    const content = contentOf(config.personas[role])
    const versions = [...(history[role] ?? [])]
    const latest = versions.at(-1)
    if (!latest || !isDeepStrictEqual(JSON.parse(JSON.stringify(content)), latest.persona)) {
      versions.push({ version: (latest?.version ?? 0) + 1, persona: JSON.parse(JSON.stringify(content)), created_at: now })
    }
    updated[role] = versions.slice(-personaHistoryLimit)
    config.personas[role].version = (versions.at(-1) as PersonaVersion).version
  }
  return { config, history: updated }
}
