import type { AgendaService } from '../domains/agenda/index.js'
import type { BillingService } from '../domains/billing/index.js'
import type { CustomerService } from '../domains/customers/index.js'
import type { EpisodeCloseRequester, EpisodeRole } from '../memory/index.js'
import type { Logger } from '../shared/logger.js'
import type { TenantConfig, TenantService } from '../tenants/index.js'

/**
 * The design's explicit episode-close events (memory.md §4: a booking made, changed or cancelled,
 * a charge paid) close the customer's conversation into an episode. The services are wrapped
 * here, at the composition root, so every path (agent tools, confirmations, command mode, the
 * HTTP API, the payment webhook) triggers it and the domains stay unaware of memory.
 */
const requestQuietly = async (request: EpisodeCloseRequester, logger: Logger, input: Parameters<EpisodeCloseRequester>[0]) => {
  try {
    await request(input)
  } catch (error) {
    // The domain action succeeded; a missing close is caught by the idle close later.
    logger.warn({ tenant_id: input.tenantId, err: error, event: input.event }, 'could not request the episode close')
  }
}

export const closeEpisodesOnAgendaEvents = (agenda: AgendaService, request: EpisodeCloseRequester, logger: Logger): AgendaService => ({
  ...agenda,
  book: async (input) => {
    const appointment = await agenda.book(input)
    await requestQuietly(request, logger, { tenantId: input.tenantId, contactId: appointment.customer_id, event: 'appointment.booked', eventId: appointment.appointment_id })
    return appointment
  },
  reschedule: async (input) => {
    const appointment = await agenda.reschedule(input)
    const eventId = `${appointment.appointment_id}:${appointment.updated_at}`
    await requestQuietly(request, logger, { tenantId: input.tenantId, contactId: appointment.customer_id, event: 'appointment.rescheduled', eventId })
    return appointment
  },
  cancel: async (input) => {
    const appointment = await agenda.cancel(input)
    await requestQuietly(request, logger, { tenantId: input.tenantId, contactId: appointment.customer_id, event: 'appointment.cancelled', eventId: appointment.appointment_id })
    return appointment
  },
})

export const closeEpisodesOnBillingEvents = (billing: BillingService, request: EpisodeCloseRequester, logger: Logger): BillingService => {
  const paid = (tenantId: string, charge: { charge_id: string; customer_id: string }) =>
    requestQuietly(request, logger, { tenantId, contactId: charge.customer_id, event: 'charge.paid', eventId: charge.charge_id })
  return {
    ...billing,
    markPaid: async (input) => {
      const charge = await billing.markPaid(input)
      await paid(input.tenantId, charge)
      return charge
    },
    applyPaymentWebhook: async (input) => {
      const result = await billing.applyPaymentWebhook(input)
      if (result.outcome === 'paid' && result.charge) await paid(input.tenantId, result.charge)
      return result
    },
  }
}

/**
 * Owner when the contact's phone is one of the tenant's owner numbers, else customer. `configs`
 * gets the tenant's config, so the episode closer's synchronous `llmFor` finds its LLM.
 */
export const contactRoleResolver =
  (deps: { tenants: TenantService; customers: CustomerService; configs?: Map<string, TenantConfig> }) =>
  async (tenantId: string, contactId: string): Promise<EpisodeRole> => {
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    deps.configs?.set(tenantId, config)
    const contact = await deps.customers.getCustomer({ tenantId, customerId: contactId })
    return contact?.phone && config.owner_numbers.includes(contact.phone) ? 'owner' : 'customer'
  }
