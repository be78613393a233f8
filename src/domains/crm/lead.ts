import { z } from 'zod'

export const leadStages = ['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost', 'nurturing'] as const
export const leadSources = ['whatsapp', 'campaign', 'manual'] as const

export type LeadStage = (typeof leadStages)[number]
export type LeadSource = (typeof leadSources)[number]

/** How owners and the model read the stages (issue #5: stages shown in pt-BR). */
export const stageLabelsPtBr: Readonly<Record<LeadStage, string>> = {
  new: 'novo',
  contacted: 'contatado',
  qualified: 'qualificado',
  proposal: 'proposta',
  negotiation: 'negociação',
  won: 'ganho',
  lost: 'perdido',
  nurturing: 'nutrição',
}

export const sourceLabelsPtBr: Readonly<Record<LeadSource, string>> = {
  whatsapp: 'WhatsApp',
  campaign: 'campanha',
  manual: 'manual',
}

/**
 * The funnel's allowed moves (issue #5). Forward steps may skip ahead only from the top
 * (new → qualified: the first conversation already qualified the contact). `lost` and
 * `nurturing` are reachable from every open stage; a lost lead comes back through nurturing
 * or a new contact; a won customer goes to nurturing (after-sale) only. A move to the same
 * stage is never a move.
 */
export const allowedTransitions: Readonly<Record<LeadStage, readonly LeadStage[]>> = {
  new: ['contacted', 'qualified', 'lost', 'nurturing'],
  contacted: ['qualified', 'lost', 'nurturing'],
  qualified: ['proposal', 'lost', 'nurturing'],
  proposal: ['negotiation', 'won', 'lost', 'nurturing'],
  negotiation: ['won', 'lost', 'nurturing'],
  won: ['nurturing'],
  lost: ['nurturing', 'contacted'],
  nurturing: ['contacted', 'qualified', 'lost'],
}

export const isTransitionAllowed = (from: LeadStage, to: LeadStage): boolean => allowedTransitions[from].includes(to)

export const leadNoteSchema = z.object({ at: z.string(), text: z.string() })
export const stageChangeSchema = z.object({
  at: z.string(),
  /** null for the lead's first stage. */
  from: z.enum(leadStages).nullable(),
  to: z.enum(leadStages),
  reason: z.string(),
})

/** One lead per customer. Dates are ISO-8601 strings in UTC in both backends. */
export const leadSchema = z.object({
  tenant_id: z.string(),
  lead_id: z.string(),
  customer_id: z.string(),
  source: z.enum(leadSources),
  stage: z.enum(leadStages),
  notes: z.array(leadNoteSchema),
  stage_history: z.array(stageChangeSchema),
  tags: z.array(z.string()),
  last_contact_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
})

export type Lead = z.infer<typeof leadSchema>
export type LeadNote = z.infer<typeof leadNoteSchema>
export type StageChange = z.infer<typeof stageChangeSchema>

/** Counts for the panel and `business_summary`: per stage and per source (every key present). */
export interface LeadKpis {
  total: number
  by_stage: Record<LeadStage, number>
  by_source: Record<LeadSource, number>
}

export const emptyLeadKpis = (): LeadKpis => ({
  total: 0,
  by_stage: Object.fromEntries(leadStages.map((stage) => [stage, 0])) as Record<LeadStage, number>,
  by_source: Object.fromEntries(leadSources.map((source) => [source, 0])) as Record<LeadSource, number>,
})

/** `GET /tenants/:tenantId/leads` filters. */
export const listLeadsQuerySchema = z.object({
  stage: z.enum(leadStages).optional(),
  source: z.enum(leadSources).optional(),
  /** ISO date or date-time; leads created at or after it. */
  since: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
})
