import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { allowedTransitions } from '../../../src/domains/crm/index.js'
import { openCrmKit, type CrmKit } from './crm-test-kit.js'

// The clock starts on 2026-03-02 at 12:00 UTC = 09:00 in São Paulo (UTC-3, no DST).
const utc = (iso: string) => new Date(iso)

describe('CRM service', () => {
  let kit: CrmKit
  beforeEach(async () => {
    kit = await openCrmKit()
  })
  afterEach(() => kit.close())

  describe('leads', () => {
    it('creates one lead per new contact, idempotently, even for two first messages at once', async () => {
      const customer = await kit.newCustomer()
      const input = { tenantId: kit.tenantId, customerId: customer.customer_id, source: 'whatsapp' as const }
      const [first, second] = await Promise.all([kit.crm.ensureLeadForContact(input), kit.crm.ensureLeadForContact(input)])
      expect([first.created, second.created].sort()).toEqual([false, true])
      expect(first.lead.lead_id).toBe(second.lead.lead_id)
      const again = await kit.crm.ensureLeadForContact({ ...input, source: 'campaign' })
      expect(again).toMatchObject({ created: false, lead: { source: 'whatsapp', stage: 'new' } })
      expect((await kit.crm.listLeads({ tenantId: kit.tenantId, limit: 10 })).total).toBe(1)
    })

    it('moves a lead along allowed transitions by phone, recording each move with its reason', async () => {
      const customer = await kit.newCustomer()
      await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: customer.customer_id, source: 'whatsapp' })
      await kit.crm.moveLead({ tenantId: kit.tenantId, customerPhone: customer.phone as string, stage: 'contacted', reason: 'primeira conversa' })
      kit.clock.advance(60_000)
      const lead = await kit.crm.moveLead({ tenantId: kit.tenantId, customerId: customer.customer_id, stage: 'qualified', reason: 'tem orçamento' })
      expect(lead.stage).toBe('qualified')
      expect(lead.stage_history.map(({ from, to, reason }) => ({ from, to, reason }))).toEqual([
        { from: null, to: 'new', reason: 'lead criado (whatsapp)' },
        { from: 'new', to: 'contacted', reason: 'primeira conversa' },
        { from: 'contacted', to: 'qualified', reason: 'tem orçamento' },
      ])
      expect(lead.stage_history[2]?.at).toBe('2026-03-02T12:01:00.000Z')
    })

    it('refuses a transition off the map, listing the allowed stages in pt-BR, and changes nothing', async () => {
      const customer = await kit.newCustomer()
      await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: customer.customer_id, source: 'whatsapp' })
      const refused = kit.crm.moveLead({ tenantId: kit.tenantId, customerId: customer.customer_id, stage: 'won', reason: 'x' })
      await expect(refused).rejects.toMatchObject({
        code: 'CRM_STAGE_TRANSITION_NOT_ALLOWED',
        category: 'user',
        message: expect.stringContaining('contatado, qualificado, perdido, nutrição'),
      })
      expect((await kit.crm.getLead({ tenantId: kit.tenantId, customerId: customer.customer_id }))?.stage_history).toHaveLength(1)
    })

    it('keeps every stage reachable and every move inside the stage list', () => {
      const reachable = new Set(Object.values(allowedTransitions).flat())
      expect([...reachable].sort()).toEqual(['contacted', 'lost', 'negotiation', 'nurturing', 'proposal', 'qualified', 'won'])
    })

    it('answers CRM_CUSTOMER_NOT_FOUND for an unknown phone', async () => {
      await expect(kit.crm.moveLead({ tenantId: kit.tenantId, customerPhone: '5511900000000', stage: 'contacted', reason: 'x' })).rejects.toMatchObject({
        code: 'CRM_CUSTOMER_NOT_FOUND',
      })
    })

    it('adds notes and counts KPIs by stage and source', async () => {
      const [a, b, c] = [await kit.newCustomer('A'), await kit.newCustomer('B'), await kit.newCustomer('C')]
      await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: a.customer_id, source: 'whatsapp' })
      await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: b.customer_id, source: 'campaign' })
      await kit.crm.moveLead({ tenantId: kit.tenantId, customerId: c.customer_id, stage: 'lost', reason: 'sem interesse' })
      const noted = await kit.crm.addNote({ tenantId: kit.tenantId, customerId: a.customer_id, text: ' prefere sábado ' })
      expect(noted.notes).toEqual([{ at: '2026-03-02T12:00:00.000Z', text: 'prefere sábado' }])
      const kpis = await kit.crm.kpis({ tenantId: kit.tenantId })
      expect(kpis).toMatchObject({ total: 3, by_stage: { new: 2, lost: 1, won: 0 }, by_source: { whatsapp: 1, campaign: 1, manual: 1 } })
    })
  })

  describe('follow-ups', () => {
    const schedule = async (atLocal: string) => {
      const customer = await kit.newCustomer()
      const { followUp, sendAt } = await kit.crm.scheduleFollowUp({ tenantId: kit.tenantId, config: kit.config, customerId: customer.customer_id, atLocal, message: 'E aí, vamos fechar?' })
      return { customer, followUp, sendAt }
    }
    const due = (now: string) => kit.crm.dueFollowUps({ tenantId: kit.tenantId, config: kit.config, now: utc(now) })

    it('stores the local time as UTC and refuses a time in the past', async () => {
      const { followUp, sendAt } = await schedule('2026-03-02T15:30')
      expect(followUp.due_at).toBe('2026-03-02T18:30:00.000Z')
      expect(sendAt.toISOString()).toBe('2026-03-02T18:30:00.000Z')
      const customer = await kit.newCustomer()
      await expect(
        kit.crm.scheduleFollowUp({ tenantId: kit.tenantId, config: kit.config, customerId: customer.customer_id, atLocal: '2026-03-02T08:59', message: 'x' }),
      ).rejects.toMatchObject({ code: 'CRM_FOLLOW_UP_IN_PAST' })
      await expect(
        kit.crm.scheduleFollowUp({ tenantId: kit.tenantId, config: kit.config, customerId: customer.customer_id, atLocal: '2026-02-30T10:00', message: 'x' }),
      ).rejects.toMatchObject({ code: 'CRM_LOCAL_TIME_INVALID' })
    })

    it('sends only inside the 08:00–20:00 window: one due at 22:00 waits for 08:00 next day', async () => {
      const { followUp, sendAt } = await schedule('2026-03-02T22:00')
      expect(sendAt.toISOString()).toBe('2026-03-03T11:00:00.000Z')
      expect(await due('2026-03-03T01:00:00.000Z')).toEqual([]) // 22:00 local
      expect(await due('2026-03-03T10:59:00.000Z')).toEqual([]) // 07:59 local
      expect((await due('2026-03-03T11:00:00.000Z')).map((item) => item.follow_up_id)).toEqual([followUp.follow_up_id]) // 08:00
    })

    it('does not send at 20:00 or later, even when due earlier that day', async () => {
      const { followUp } = await schedule('2026-03-02T19:00')
      expect(await due('2026-03-02T23:00:00.000Z')).toEqual([]) // 20:00 local
      expect(await due('2026-03-02T22:59:00.000Z')).toHaveLength(1) // 19:59 local
      expect(await kit.crm.markFollowUpSent({ tenantId: kit.tenantId, followUpId: followUp.follow_up_id })).toMatchObject({ status: 'sent' })
      expect(await kit.crm.markFollowUpSent({ tenantId: kit.tenantId, followUpId: followUp.follow_up_id })).toBeNull()
      expect(await due('2026-03-02T22:59:00.000Z')).toEqual([])
    })

    it('cancels pending follow-ups when the contact writes first, and updates the last contact', async () => {
      const { customer, followUp } = await schedule('2026-03-02T15:00')
      await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: customer.customer_id, source: 'whatsapp' })
      const result = await kit.crm.noteContact({ tenantId: kit.tenantId, customerId: customer.customer_id, at: utc('2026-03-02T13:00:00.000Z') })
      expect(result).toEqual({ cancelledFollowUps: 1 })
      expect(await due('2026-03-02T19:00:00.000Z')).toEqual([])
      expect(await kit.crm.markFollowUpSent({ tenantId: kit.tenantId, followUpId: followUp.follow_up_id })).toBeNull()
      expect((await kit.crm.getLead({ tenantId: kit.tenantId, customerId: customer.customer_id }))?.last_contact_at).toBe('2026-03-02T13:00:00.000Z')
    })

    it('skips a due follow-up of a contact who opted out, recording why', async () => {
      const { customer, followUp } = await schedule('2026-03-02T15:00')
      expect(await kit.crm.handleInboundText({ tenantId: kit.tenantId, customerId: customer.customer_id, text: 'Quero saber o preço' })).toEqual({ optedOut: false })
      expect(await kit.crm.handleInboundText({ tenantId: kit.tenantId, customerId: customer.customer_id, text: 'SAIR' })).toEqual({ optedOut: true })
      expect(await kit.crm.isOptedOut({ tenantId: kit.tenantId, customerId: customer.customer_id })).toBe(true)
      expect(await due('2026-03-02T19:00:00.000Z')).toEqual([])
      expect(await kit.crm.markFollowUpSent({ tenantId: kit.tenantId, followUpId: followUp.follow_up_id })).toBeNull()
      await expect(
        kit.crm.scheduleFollowUp({ tenantId: kit.tenantId, config: kit.config, customerId: customer.customer_id, atLocal: '2026-03-04T10:00', message: 'x' }),
      ).rejects.toMatchObject({ code: 'CRM_CONTACT_OPTED_OUT' })
    })

    it('schedules no-reply follow-ups for silent open leads only, at the next window opening', async () => {
      const [silent, recent, optedOut] = [await kit.newCustomer('S'), await kit.newCustomer('R'), await kit.newCustomer('O')]
      for (const customer of [silent, recent, optedOut]) {
        await kit.crm.moveLead({ tenantId: kit.tenantId, customerId: customer.customer_id, stage: 'contacted', reason: 'x' })
      }
      await kit.crm.noteContact({ tenantId: kit.tenantId, customerId: silent.customer_id, at: utc('2026-02-20T12:00:00.000Z') })
      await kit.crm.noteContact({ tenantId: kit.tenantId, customerId: optedOut.customer_id, at: utc('2026-02-20T12:00:00.000Z') })
      await kit.crm.noteContact({ tenantId: kit.tenantId, customerId: recent.customer_id, at: utc('2026-03-01T12:00:00.000Z') })
      await kit.crm.handleInboundText({ tenantId: kit.tenantId, customerId: optedOut.customer_id, text: 'parar' })
      const now = utc('2026-03-03T00:30:00.000Z') // 21:30 local
      const created = await kit.crm.scheduleNoReplyFollowUps({ tenantId: kit.tenantId, config: kit.config, now, days: 7, message: 'Sentimos sua falta!' })
      expect(created.map((item) => [item.customer_id, item.due_at, item.created_by])).toEqual([[silent.customer_id, '2026-03-03T11:00:00.000Z', 'rule']])
      expect(await kit.crm.scheduleNoReplyFollowUps({ tenantId: kit.tenantId, config: kit.config, now, days: 7, message: 'x' })).toEqual([])
    })
  })

  describe('campaigns', () => {
    it('resolves the audience by stage, tag and last contact, leaving out opted-out contacts', async () => {
      const [a, b, c, d] = [await kit.newCustomer('A'), await kit.newCustomer('B'), await kit.newCustomer('C'), await kit.newCustomer('D')]
      for (const customer of [a, b, c]) await kit.crm.moveLead({ tenantId: kit.tenantId, customerId: customer.customer_id, stage: 'lost', reason: 'x' })
      await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: d.customer_id, source: 'whatsapp' })
      for (const customer of [a, b, d]) await kit.crm.setTags({ tenantId: kit.tenantId, customerId: customer.customer_id, tags: ['VIP'] })
      await kit.crm.handleInboundText({ tenantId: kit.tenantId, customerId: b.customer_id, text: 'me tira da lista' })
      await kit.crm.noteContact({ tenantId: kit.tenantId, customerId: a.customer_id, at: utc('2026-01-10T12:00:00.000Z') })
      const campaign = await kit.crm.createCampaign({
        tenantId: kit.tenantId,
        name: 'Volta às aulas',
        message: 'Promoção!',
        audience: { stages: ['lost'], tags: ['vip'], last_contact_before: '2026-02-01T00:00:00.000Z' },
      })
      expect(campaign.customer_ids).toEqual([a.customer_id])
      expect(campaign.excluded_opted_out).toBe(1)
      await expect(kit.crm.createCampaign({ tenantId: kit.tenantId, name: 'x', message: 'x', audience: { stages: ['bogus' as 'lost'] } })).rejects.toMatchObject({
        code: 'CRM_CAMPAIGN_AUDIENCE_INVALID',
      })
    })
  })
})
