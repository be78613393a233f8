import type { AutomatedMessageSource, ContactMessageObserver, ContactMessenger } from '../conversation/index.js'
import { isInsideSendWindow, nextSendWindowOpening, sendWindowOf, type CampaignAudience, type CrmService } from '../domains/crm/index.js'
import type { TenantConfig } from '../tenants/index.js'

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

/**
 * Sends a campaign to the audience minus opted-out contacts: at once through the messenger (which
 * re-checks opt-out and whose queue paces sends per instance) when inside the send window, else as
 * follow-ups due when the window opens.
 */
export const dispatchCampaign = async (
  deps: { crm: CrmService; messenger: ContactMessenger },
  input: { tenantId: string; config: TenantConfig; name: string; message: string; audience: CampaignAudience; now: Date },
) => {
  const campaign = await deps.crm.createCampaign({ tenantId: input.tenantId, name: input.name, message: input.message, audience: input.audience })
  const window = sendWindowOf(input.config)
  const openNow = isInsideSendWindow(input.now, input.config.timezone, window)
  const opening = nextSendWindowOpening(input.now, input.config.timezone, window)
  const atLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: input.config.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date(opening.getTime() + 60_000))
    .replace(' ', 'T')
  for (const customerId of campaign.customer_ids) {
    if (openNow) {
      await deps.messenger.send({ tenantId: input.tenantId, customerId, text: input.message, dedupeKey: `campaign:${campaign.campaign_id}:${customerId}`, automated: true })
    } else {
      await deps.crm.scheduleFollowUp({ tenantId: input.tenantId, config: input.config, customerId, atLocal, message: input.message, createdBy: 'rule' })
    }
  }
  return { campaign_id: campaign.campaign_id, recipients: campaign.customer_ids.length, excluded_opted_out: campaign.excluded_opted_out }
}
