import { validate as isValidCron } from 'node-cron'
import { z } from 'zod'
import { normalizePhoneNumber } from '../shared/phone-number.js'

/**
 * A tenant's runtime config: the keys INTERFACE.md lists, plus the few that docs/configuration.md
 * adds (evolution.version, evolution.min_send_gap_ms, conversation.allowed_groups, business
 * service buffers). Objects are strict: an unknown
 * key is a 400 naming it, never silently stored. Secret fields (`openai.api_key`,
 * `evolution.api_key`) are plaintext only in memory; stores hold them encrypted.
 */
const isValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:mm (00:00–23:59)')
const interval = z
  .tuple([localTime, localTime])
  .refine(([start, end]) => start < end, 'an interval must end after it starts')
const dayHours = z
  .array(interval)
  .max(6)
  .refine(
    (intervals) =>
      [...intervals].sort(([a], [b]) => a.localeCompare(b)).every((current, index, sorted) => index === 0 || (sorted[index - 1] as [string, string])[1] <= current[0]),
    'intervals of one day must not overlap',
  )
const httpUrl = z.url({ protocol: /^https?$/, error: 'use an http:// or https:// URL' })

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export const panelLayouts = ['fabio2', 'studio'] as const
export const panelPalettes = ['darkgreen', 'ocean', 'forest', 'sunset'] as const

const phoneNumber = z
  .string()
  .transform((value, context) => {
    const normalized = normalizePhoneNumber(value)
    if (!normalized) {
      context.addIssue({ code: 'custom', message: `"${value}" is not a phone number (use digits with country code)` })
      return z.NEVER
    }
    return normalized
  })

const personaSchema = z.strictObject({
  name: z.string().max(120).default(''),
  instructions: z.string().max(20_000).default(''),
  tone: z.string().max(200).optional(),
  greeting: z.string().max(1000).optional(),
  /** The language replies are written in (default pt-BR). */
  language: z.string().min(2).max(20).optional(),
  /** Overrides openai.chat_model for this role. */
  chat_model: z.string().min(1).max(100).optional(),
  /** Set by fabio on every change of this persona (see persona-versions.ts); ignored on input. */
  version: z.number().int().min(0).default(0),
})

export type Persona = z.infer<typeof personaSchema>
export const personaRoles = ['owner', 'customer'] as const
export type PersonaRole = (typeof personaRoles)[number]

export const tenantConfigSchema = z.strictObject({
  display_name: z.string().trim().min(1).max(120),
  timezone: z.string().refine(isValidTimeZone, 'unknown IANA time zone (e.g. America/Sao_Paulo)').default('America/Sao_Paulo'),
  owner_numbers: z.array(phoneNumber).max(20).default([]),
  openai: z
    .strictObject({
      api_key: z.string().min(1).max(500).optional(),
      base_url: httpUrl.optional(),
      chat_model: z.string().min(1).max(100).optional(),
      embedding_model: z.string().min(1).max(100).optional(),
      embedding_dimensions: z.number().int().min(1).max(16_000).optional(),
      transcription_model: z.string().min(1).max(100).optional(),
      /** Prompt + completion + embedding tokens per local day; past it, command mode. Absent: unlimited. */
      daily_token_budget: z.number().int().min(1).optional(),
    })
    .default({}),
  evolution: z
    .strictObject({
      base_url: httpUrl.optional(),
      api_key: z.string().min(1).max(500).optional(),
      instance: z.string().min(1).max(100).optional(),
      /** Evolution's API generation: request bodies differ (v1 sends `textMessage`). */
      version: z.enum(['v2', 'v1']).default('v2'),
      /** Minimum gap between two sends of this instance (plus up to 50% jitter), to lower ban risk. */
      min_send_gap_ms: z.number().int().min(0).max(60_000).default(1200),
    })
    .default({ version: 'v2', min_send_gap_ms: 1200 }),
  personas: z
    .strictObject({
      owner: personaSchema.default({ name: '', instructions: '', version: 0 }),
      customer: personaSchema.default({ name: '', instructions: '', version: 0 }),
    })
    .default({ owner: { name: '', instructions: '', version: 0 }, customer: { name: '', instructions: '', version: 0 } }),
  business: z
    .strictObject({
      services: z
        .array(
          z.strictObject({
            name: z.string().trim().min(1).max(120),
            duration_minutes: z.number().int().min(5).max(24 * 60),
            price_cents: z.number().int().min(0),
            buffer_minutes: z.number().int().min(0).max(240).optional(),
          }),
        )
        .max(100)
        .default([]),
      hours: z.partialRecord(z.enum(weekdays), dayHours).default({}),
      pix: z
        .strictObject({
          key: z.string().min(1).max(77),
          merchant_name: z.string().min(1).max(25),
          merchant_city: z.string().min(1).max(15),
        })
        .optional(),
    })
    .default({ services: [], hours: {} }),
  conversation: z
    .strictObject({
      debounce_ms: z.number().int().min(0).max(60_000).default(3000),
      handoff_pause_minutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
      ignore_groups: z.boolean().default(true),
      max_catch_up_age_minutes: z.number().int().min(0).max(7 * 24 * 60).default(10),
      customer_agent_mode: z.enum(['auto', 'suggest', 'off']).default('auto'),
      auto_reply_text: z.string().max(2000).default(''),
      /** Group JIDs ("…@g.us") the bot may answer in, and only when mentioned. */
      allowed_groups: z.array(z.string().regex(/^[0-9-]+@g\.us$/, 'use a group JID like 120363025246125486@g.us')).max(100).default([]),
    })
    .default({
      debounce_ms: 3000,
      handoff_pause_minutes: 60,
      ignore_groups: true,
      max_catch_up_age_minutes: 10,
      customer_agent_mode: 'auto',
      auto_reply_text: '',
      allowed_groups: [],
    }),
  agenda: z
    .strictObject({
      /** Hours before an appointment when a reminder goes out (default 24 h and 2 h). */
      reminder_hours_before: z.array(z.number().int().min(1).max(24 * 14)).max(5).default([24, 2]),
    })
    .default({ reminder_hours_before: [24, 2] }),
  crm: z
    .strictObject({
      /** Automated messages (follow-ups, campaigns) go out only inside this local window. */
      send_window: z
        .strictObject({ start: localTime, end: localTime })
        .refine(({ start, end }) => start < end, 'the window must end after it starts')
        .default({ start: '08:00', end: '20:00' }),
    })
    .default({ send_window: { start: '08:00', end: '20:00' } }),
  memory: z
    .strictObject({
      maintenance_cron: z.string().refine((value) => isValidCron(value), 'not a valid cron expression').default('0 3 * * *'),
      /** A conversation idle this long closes into an episode (design memory.md §4). */
      episode_idle_minutes: z
        .strictObject({
          customer: z.number().int().min(5).max(7 * 24 * 60).default(30),
          owner: z.number().int().min(5).max(7 * 24 * 60).default(120),
        })
        .default({ customer: 30, owner: 120 }),
    })
    .default({ maintenance_cron: '0 3 * * *', episode_idle_minutes: { customer: 30, owner: 120 } }),
  /** How the web panel looks for this tenant; fabio only stores it. */
  panel: z
    .strictObject({
      layout: z.enum(panelLayouts).default('studio'),
      palette: z.enum(panelPalettes).default('darkgreen'),
    })
    .default({ layout: 'studio', palette: 'darkgreen' }),
})

export type TenantConfig = z.infer<typeof tenantConfigSchema>
export type TenantConfigInput = z.input<typeof tenantConfigSchema>

/** Paths of the secret fields, encrypted at rest and masked in answers. */
export const secretConfigPaths = [
  ['openai', 'api_key'],
  ['evolution', 'api_key'],
] as const

/**
 * A PUT body: any subset of the config, deep-merged over the current one. Shape is checked
 * here (unknown keys, types); the merged result is then validated whole by `tenantConfigSchema`.
 * A secret given as null or "" is cleared; a masked value ("••••abcd") means "keep" (tenant-secrets.ts).
 */
export const tenantConfigPatchSchema = z.record(z.string(), z.unknown())
