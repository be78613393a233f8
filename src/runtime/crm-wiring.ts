import type { AutomatedMessageSource, ContactMessageObserver } from '../conversation/index.js'
import type { CrmService } from '../domains/crm/index.js'

const optOutConfirmation = 'Pronto! Você não vai mais receber mensagens automáticas nossas. Se precisar de algo, é só escrever.'

/** Every message a customer writes keeps their lead, cancels pending follow-ups, and may be an opt-out. */
export const createCrmObserver =
  (crm: CrmService): ContactMessageObserver =>
  async ({ tenantId, contact, role, texts, at }) => {
    if (role === 'owner') return undefined
    await crm.ensureLeadForContact({ tenantId, customerId: contact.customer_id, source: 'whatsapp' })
    await crm.noteContact({ tenantId, customerId: contact.customer_id, at })
    for (const text of texts) {
      if ((await crm.handleInboundText({ tenantId, customerId: contact.customer_id, text })).optedOut) {
        return { skipTurn: true, reply: optOutConfirmation, reason: 'opted out' }
      }
    }
    return undefined
  }

/** Follow-ups due inside the tenant's send window, each claimed once before it is queued. */
export const followUpMessages = (crm: CrmService): AutomatedMessageSource => ({
  name: 'crm.follow_ups',
  due: async ({ tenantId, config, now }) =>
    (await crm.dueFollowUps({ tenantId, config, now })).map((followUp) => ({
      customerId: followUp.customer_id,
      text: followUp.message,
      dedupeKey: `follow-up:${followUp.follow_up_id}`,
      claim: async () => (await crm.markFollowUpSent({ tenantId, followUpId: followUp.follow_up_id })) !== null,
    })),
})
