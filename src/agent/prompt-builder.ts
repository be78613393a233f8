import { readFile } from 'node:fs/promises'
import { PromptTemplate } from '@langchain/core/prompts'
import type { TurnRole } from '../conversation/turn-responder.js'
import type { TenantConfig } from '../tenants/index.js'

const root = new URL('../../', import.meta.url)
/** Template files are versioned by name; the turn records which one answered. */
export const promptVersions: Record<TurnRole, string> = { owner: 'system-owner.v1', customer: 'system-customer.v1' }

const weekdayNames: Record<string, string> = { mon: 'seg', tue: 'ter', wed: 'qua', thu: 'qui', fri: 'sex', sat: 'sáb', sun: 'dom' }
const formatCents = (cents: number) => `R$ ${(cents / 100).toFixed(2).replace('.', ',')}`

/** The business profile block: services, hours. Stable per config version, so it caches well. */
export const describeBusiness = (config: TenantConfig): string => {
  const services = config.business.services.map((service) => `- ${service.name}: ${service.duration_minutes} min, ${formatCents(service.price_cents)}`)
  const hours = Object.entries(weekdayNames).map(([day, name]) => {
    const intervals = config.business.hours[day as keyof typeof config.business.hours] ?? []
    return `${name}: ${intervals.length ? intervals.map(([start, end]) => `${start}–${end}`).join(', ') : 'fechado'}`
  })
  return [services.length ? `Serviços:\n${services.join('\n')}` : 'Serviços: não cadastrados.', `Horários: ${hours.join('; ')}`].join('\n')
}

const localDate = (now: Date, timeZone: string) =>
  new Intl.DateTimeFormat('pt-BR', { timeZone, weekday: 'long', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(now)

/**
 * Builds the system prompt in a cache-friendly order: rules and persona (stable), then the
 * business profile; the conversation and the new message follow as chat messages. One role's
 * persona never enters the other's prompt; an empty persona means a neutral assistant (new
 * tenants start with the defaults in personas/, see loadDefaultPersonas).
 */
export const createPromptBuilder = async () => {
  const load = async (name: string) => readFile(new URL(`prompts/${name}.md`, root), 'utf8')
  const templates: Record<TurnRole, PromptTemplate> = {
    owner: PromptTemplate.fromTemplate(await load(promptVersions.owner)),
    customer: PromptTemplate.fromTemplate(await load(promptVersions.customer)),
  }

  return {
    systemPrompt: async (role: TurnRole, config: TenantConfig, now: Date): Promise<string> => {
      const persona = config.personas[role]
      const details = [
        persona.tone ? `Tom: ${persona.tone}.` : '',
        persona.greeting ? `Ao iniciar uma conversa, cumprimente assim: "${persona.greeting}".` : '',
        persona.language ? `Responda no idioma: ${persona.language}.` : '',
      ].filter(Boolean)
      const personaText = persona.instructions.trim() || details.length > 0
        ? [`${persona.name ? `Seu nome é ${persona.name}. ` : ''}${persona.instructions.trim()}`.trim(), ...details].filter(Boolean).join('\n')
        : 'Seja um assistente neutro e prestativo.'
      return templates[role].format({
        business_name: config.display_name,
        persona: personaText,
        business_profile: describeBusiness(config),
        today: localDate(now, config.timezone),
        timezone: config.timezone,
      })
    },
  }
}

export type PromptBuilder = Awaited<ReturnType<typeof createPromptBuilder>>

/** The default personas a new tenant starts with (personas/*.md), editable in its config. */
export const loadDefaultPersonas = async () => ({
  owner: { name: 'Concierge do Proprietário', instructions: (await readFile(new URL('personas/owner.md', root), 'utf8')).trim() },
  customer: { name: 'Agente WhatsApp', instructions: (await readFile(new URL('personas/customer.md', root), 'utf8')).trim() },
})
