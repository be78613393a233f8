import { AppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { Page } from '../../shared/pagination.js'
import type { TenantConfig } from '../../tenants/index.js'
import type { CustomerService } from '../customers/index.js'
import { campaignAudienceSchema, type Campaign, type CampaignAudience } from './campaign.js'
import type { CampaignStore } from './campaign-store.js'
import {
  contactOptedOutError,
  customerNotFoundError,
  followUpInPastError,
  followUpNotFoundError,
  followUpNotScheduledError,
  isLeadExists,
  leadExistsError,
  transitionNotAllowedError,
} from './crm-errors.js'
import { defaultSendWindow, type FollowUp, type FollowUpStatus, type SendWindow } from './follow-up.js'
import type { FollowUpStore } from './follow-up-store.js'
import { isTransitionAllowed, type Lead, type LeadKpis, type LeadSource, type LeadStage } from './lead.js'
import type { LeadStore, ListLeadsInput } from './lead-store.js'
import { isInsideSendWindow, nextSendWindowOpening, parseLocalDateTime } from './local-time.js'
import { isOptOutMessage } from './opt-out.js'
import type { OptOutStore } from './opt-out-store.js'

/** A contact named by id or by phone (the owner's tools give phones). */
export type ContactRef = { customerId: string; customerPhone?: undefined } | { customerPhone: string; customerId?: undefined }

export interface CrmService {
  /** The contact's lead, created at `new` the first time (idempotent, safe under concurrency). Call it when a new customer writes. */
  ensureLeadForContact(input: { tenantId: string; customerId: string; source: LeadSource }): Promise<{ lead: Lead; created: boolean }>
  getLead(input: { tenantId: string } & ContactRef): Promise<Lead | null>
  /** A lead by its id, or null. */
  getLeadById(input: { tenantId: string; leadId: string }): Promise<Lead | null>
  /** Creates the contact's lead at `new`; CRM_LEAD_ALREADY_EXISTS when the contact has one (one lead per customer). */
  createLead(input: { tenantId: string; customerId: string; source: LeadSource }): Promise<Lead>
  /**
   * Moves the contact's lead (created as `manual` when missing), recording from, to and reason.
   * CRM_STAGE_TRANSITION_NOT_ALLOWED (listing the allowed stages in pt-BR) off the map; a move to
   * the current stage changes nothing.
   */
  moveLead(input: { tenantId: string; stage: LeadStage; reason: string } & ContactRef): Promise<Lead>
  addNote(input: { tenantId: string; text: string } & ContactRef): Promise<Lead>
  setTags(input: { tenantId: string; tags: string[] } & ContactRef): Promise<Lead>
  listLeads(input: ListLeadsInput): Promise<Page<Lead>>
  kpis(input: { tenantId: string; since?: string }): Promise<LeadKpis>
  /** The contact wrote: updates last_contact_at and cancels their scheduled follow-ups. */
  noteContact(input: { tenantId: string; customerId: string; at: Date }): Promise<{ cancelledFollowUps: number }>
  /** Records an opt-out when `text` asks to stop messages, and cancels the contact's follow-ups. */
  handleInboundText(input: { tenantId: string; customerId: string; text: string }): Promise<{ optedOut: boolean }>
  isOptedOut(input: { tenantId: string; customerId: string }): Promise<boolean>
  /** `atLocal` is `YYYY-MM-DDTHH:mm` in the tenant's zone; `sendAt` is when the send window lets it go. */
  scheduleFollowUp(
    input: { tenantId: string; config: TenantConfig; atLocal: string; message: string; createdBy?: FollowUp['created_by'] } & ContactRef,
  ): Promise<{ followUp: FollowUp; sendAt: Date }>
  /** Follow-ups to send now: none outside the send window; opted-out contacts' ones are marked skipped. */
  dueFollowUps(input: { tenantId: string; config: TenantConfig; now: Date; limit?: number }): Promise<FollowUp[]>
  /** Marks it sent; null when it was no longer scheduled (already sent, cancelled, skipped): send at most once. */
  markFollowUpSent(input: { tenantId: string; followUpId: string }): Promise<FollowUp | null>
  cancelFollowUp(input: { tenantId: string; followUpId: string; reason: string }): Promise<FollowUp | null>
  /** Like cancelFollowUp, but CRM_FOLLOW_UP_NOT_FOUND or CRM_FOLLOW_UP_NOT_SCHEDULED instead of null (the panel's cancel). */
  cancelScheduledFollowUp(input: { tenantId: string; followUpId: string; reason: string }): Promise<FollowUp>
  /** By due time, earliest first. */
  listFollowUps(input: { tenantId: string; status?: FollowUpStatus; limit: number; cursor?: string }): Promise<Page<FollowUp>>
  /** Newest first. */
  listCampaigns(input: { tenantId: string; limit: number; cursor?: string }): Promise<Page<Campaign>>
  /** Rule: a follow-up for open leads silent for `days`, without one scheduled, not opted out. */
  scheduleNoReplyFollowUps(input: { tenantId: string; config: TenantConfig; now: Date; days: number; message: string }): Promise<FollowUp[]>
  /** Resolves the audience (minus opted-out contacts) and records the campaign; the caller paces the sending. */
  createCampaign(input: { tenantId: string; name: string; message: string; audience: CampaignAudience }): Promise<Campaign>
}

export interface CrmServiceDeps {
  leads: LeadStore
  followUps: FollowUpStore
  optOuts: OptOutStore
  campaigns?: CampaignStore
  customers: Pick<CustomerService, 'findByPhone'>
  clock: Clock
  ids: IdGenerator
  logger: Logger
}

const openStages: readonly LeadStage[] = ['contacted', 'qualified', 'proposal', 'negotiation']

/** The tenant's `crm.send_window`, else 08:00–20:00. */
export const sendWindowOf = (config: TenantConfig): SendWindow =>
  (config as TenantConfig & { crm?: { send_window?: SendWindow } }).crm?.send_window ?? defaultSendWindow

export const createCrmService = (deps: CrmServiceDeps): CrmService => {
  const { leads, followUps, optOuts, customers, clock, ids, logger } = deps
  const nowIso = () => clock.now().toISOString()

  const resolveCustomerId = async (tenantId: string, ref: ContactRef): Promise<string> => {
    if (ref.customerId !== undefined) return ref.customerId
    const customer = await customers.findByPhone({ tenantId, phone: ref.customerPhone })
    if (!customer) throw customerNotFoundError(ref.customerPhone)
    return customer.customer_id
  }

  const ensureLead = async (tenantId: string, customerId: string, source: LeadSource) => {
    const existing = await leads.getByCustomer({ tenantId, customerId })
    if (existing) return { lead: existing, created: false }
    const now = nowIso()
    const lead: Lead = {
      tenant_id: tenantId,
      lead_id: ids.next('lead'),
      customer_id: customerId,
      source,
      stage: 'new',
      notes: [],
      stage_history: [{ at: now, from: null, to: 'new', reason: `lead criado (${source})` }],
      tags: [],
      last_contact_at: null,
      created_at: now,
      updated_at: now,
    }
    try {
      return { lead: await leads.save({ lead }), created: true }
    } catch (error) {
      // Two first messages at once: the loser finds the winner's lead.
      const winner = isLeadExists(error) ? await leads.getByCustomer({ tenantId, customerId }) : null
      if (!winner) throw error
      return { lead: winner, created: false }
    }
  }

  const changeLead = async (tenantId: string, ref: ContactRef, change: (lead: Lead, now: string) => Lead): Promise<Lead> => {
    const customerId = await resolveCustomerId(tenantId, ref)
    const { lead } = await ensureLead(tenantId, customerId, 'manual')
    const now = nowIso()
    const updated = await leads.update({ lead: { ...change(lead, now), updated_at: now } })
    if (!updated) throw new AppError('CRM_LEAD_NOT_FOUND', `O lead ${lead.lead_id} não existe mais.`)
    return updated
  }

  const cancelScheduled = async (tenantId: string, customerId: string, reason: string): Promise<number> => {
    const scheduled = await followUps.listByCustomer({ tenantId, customerId, status: 'scheduled' })
    const at = nowIso()
    const cancelled = await Promise.all(
      scheduled.map((followUp) => followUps.transition({ tenantId, followUpId: followUp.follow_up_id, from: 'scheduled', to: 'cancelled', reason, at })),
    )
    return cancelled.filter((followUp) => followUp !== null).length
  }

  const allLeads = async (tenantId: string): Promise<Lead[]> => {
    const all: Lead[] = []
    let cursor: string | undefined
    do {
      const page = await leads.list({ tenantId, limit: 200, cursor })
      all.push(...page.items)
      cursor = page.next_cursor ?? undefined
    } while (cursor)
    return all
  }

  const newFollowUp = (tenantId: string, customerId: string, message: string, dueAt: Date, createdBy: FollowUp['created_by']): FollowUp => {
    const now = nowIso()
    return {
      tenant_id: tenantId,
      follow_up_id: ids.next('fup'),
      customer_id: customerId,
      message,
      due_at: dueAt.toISOString(),
      status: 'scheduled',
      reason: null,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    }
  }

  return {
    ensureLeadForContact: ({ tenantId, customerId, source }) => ensureLead(tenantId, customerId, source),

    getLead: async ({ tenantId, ...ref }) => leads.getByCustomer({ tenantId, customerId: await resolveCustomerId(tenantId, ref as ContactRef) }),

    getLeadById: (input) => leads.get(input),

    createLead: async ({ tenantId, customerId, source }) => {
      const { lead, created } = await ensureLead(tenantId, customerId, source)
      if (!created) throw leadExistsError(customerId)
      return lead
    },

    moveLead: ({ tenantId, stage, reason, ...ref }) =>
      changeLead(tenantId, ref as ContactRef, (lead, at) => {
        if (lead.stage === stage) return lead
        if (!isTransitionAllowed(lead.stage, stage)) throw transitionNotAllowedError(lead.stage, stage)
        return { ...lead, stage, stage_history: [...lead.stage_history, { at, from: lead.stage, to: stage, reason }] }
      }),

    addNote: ({ tenantId, text, ...ref }) =>
      changeLead(tenantId, ref as ContactRef, (lead, at) => ({ ...lead, notes: [...lead.notes, { at, text: text.trim() }] })),

    setTags: ({ tenantId, tags, ...ref }) =>
      changeLead(tenantId, ref as ContactRef, (lead) => ({ ...lead, tags: [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))] })),

    listLeads: (input) => leads.list(input),
    kpis: (input) => leads.kpis(input),

    noteContact: async ({ tenantId, customerId, at }) => {
      const lead = await leads.getByCustomer({ tenantId, customerId })
      if (lead && (lead.last_contact_at === null || Date.parse(lead.last_contact_at) < at.getTime())) {
        await leads.update({ lead: { ...lead, last_contact_at: at.toISOString(), updated_at: nowIso() } })
      }
      const cancelledFollowUps = await cancelScheduled(tenantId, customerId, 'contact_wrote_first')
      if (cancelledFollowUps > 0) logger.info({ tenant_id: tenantId, customer_id: customerId, cancelled: cancelledFollowUps }, 'follow-ups cancelled: contact wrote first')
      return { cancelledFollowUps }
    },

    handleInboundText: async ({ tenantId, customerId, text }) => {
      if (!isOptOutMessage(text)) return { optedOut: false }
      await optOuts.record({ tenantId, customerId, text, at: nowIso() })
      await cancelScheduled(tenantId, customerId, 'opted_out')
      logger.info({ tenant_id: tenantId, customer_id: customerId }, 'contact opted out of automated messages')
      return { optedOut: true }
    },

    isOptedOut: (input) => optOuts.isOptedOut(input),

    scheduleFollowUp: async ({ tenantId, config, atLocal, message, createdBy = 'owner', ...ref }) => {
      const customerId = await resolveCustomerId(tenantId, ref as ContactRef)
      const dueAt = parseLocalDateTime(atLocal, config.timezone)
      if (dueAt.getTime() <= clock.now().getTime()) throw followUpInPastError(atLocal)
      if (await optOuts.isOptedOut({ tenantId, customerId })) throw contactOptedOutError(ref.customerPhone ?? customerId)
      const followUp = await followUps.save({ followUp: newFollowUp(tenantId, customerId, message.trim(), dueAt, createdBy) })
      return { followUp, sendAt: nextSendWindowOpening(dueAt, config.timezone, sendWindowOf(config)) }
    },

    dueFollowUps: async ({ tenantId, config, now, limit = 100 }) => {
      if (!isInsideSendWindow(now, config.timezone, sendWindowOf(config))) return []
      const due = await followUps.listDue({ tenantId, now: now.toISOString(), limit })
      const sendable: FollowUp[] = []
      for (const followUp of due) {
        if (await optOuts.isOptedOut({ tenantId, customerId: followUp.customer_id })) {
          await followUps.transition({ tenantId, followUpId: followUp.follow_up_id, from: 'scheduled', to: 'skipped', reason: 'opted_out', at: now.toISOString() })
        } else {
          sendable.push(followUp)
        }
      }
      return sendable
    },

    markFollowUpSent: ({ tenantId, followUpId }) =>
      followUps.transition({ tenantId, followUpId, from: 'scheduled', to: 'sent', reason: null, at: nowIso() }),

    cancelFollowUp: ({ tenantId, followUpId, reason }) =>
      followUps.transition({ tenantId, followUpId, from: 'scheduled', to: 'cancelled', reason, at: nowIso() }),

    cancelScheduledFollowUp: async ({ tenantId, followUpId, reason }) => {
      const cancelled = await followUps.transition({ tenantId, followUpId, from: 'scheduled', to: 'cancelled', reason, at: nowIso() })
      if (cancelled) return cancelled
      const current = await followUps.get({ tenantId, followUpId })
      throw current ? followUpNotScheduledError(followUpId, current.status) : followUpNotFoundError(followUpId)
    },

    listFollowUps: (input) => followUps.list(input),

    listCampaigns: async (input) => {
      if (!deps.campaigns) throw new AppError('CRM_CAMPAIGNS_NOT_CONFIGURED', 'campaign store not wired', { category: 'system' })
      return deps.campaigns.list(input)
    },

    scheduleNoReplyFollowUps: async ({ tenantId, config, now, days, message }) => {
      const silentSince = now.getTime() - days * 86_400_000
      const dueAt = nextSendWindowOpening(now, config.timezone, sendWindowOf(config))
      const created: FollowUp[] = []
      for (const lead of await allLeads(tenantId)) {
        if (!openStages.includes(lead.stage) || lead.last_contact_at === null || Date.parse(lead.last_contact_at) > silentSince) continue
        const customerId = lead.customer_id
        if ((await followUps.listByCustomer({ tenantId, customerId, status: 'scheduled' })).length > 0) continue
        if (await optOuts.isOptedOut({ tenantId, customerId })) continue
        created.push(await followUps.save({ followUp: newFollowUp(tenantId, customerId, message, dueAt, 'rule') }))
      }
      return created
    },

    createCampaign: async ({ tenantId, name, message, audience }) => {
      if (!deps.campaigns) throw new AppError('CRM_CAMPAIGNS_NOT_CONFIGURED', 'campaign store not wired', { category: 'system' })
      const audienceCheck = campaignAudienceSchema.safeParse(audience)
      if (!audienceCheck.success) {
        throw new AppError('CRM_CAMPAIGN_AUDIENCE_INVALID', audienceCheck.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '))
      }
      const parsed = audienceCheck.data
      const before = parsed.last_contact_before === undefined ? null : Date.parse(parsed.last_contact_before)
      const audienceIds = (await allLeads(tenantId))
        .filter((lead) => parsed.stages === undefined || parsed.stages.includes(lead.stage))
        .filter((lead) => parsed.tags === undefined || parsed.tags.some((tag) => lead.tags.includes(tag.trim().toLowerCase())))
        .filter((lead) => before === null || lead.last_contact_at === null || Date.parse(lead.last_contact_at) < before)
        .map((lead) => lead.customer_id)
      const optedOut = await Promise.all(audienceIds.map((customerId) => optOuts.isOptedOut({ tenantId, customerId })))
      const customerIds = audienceIds.filter((_, index) => !optedOut[index])
      return deps.campaigns.save({
        campaign: {
          tenant_id: tenantId,
          campaign_id: ids.next('cmp'),
          name: name.trim(),
          message,
          audience: parsed,
          customer_ids: customerIds,
          excluded_opted_out: audienceIds.length - customerIds.length,
          created_at: nowIso(),
        },
      })
    },
  }
}
