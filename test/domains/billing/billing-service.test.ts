import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parsePixBrCode } from '../../../src/domains/billing/index.js'
import { randomPhone, randomTenantId } from '../../support/factories.js'
import { day, openBillingKit, pixSettings, start, testConfig, type BillingKit } from './billing-test-kit.js'

const config = testConfig()

describe('billing service', () => {
  let kit: BillingKit
  let tenantId: string
  beforeEach(async () => {
    kit = await openBillingKit()
    tenantId = randomTenantId()
  })
  afterEach(() => kit.close())

  const create = (fields: Record<string, unknown> = {}) =>
    kit.billing.createCharge({
      tenantId,
      config,
      fields: { customer_phone: randomPhone(), amount_cents: 15000, description: 'Sessão de hoje', ...fields },
    })

  describe('creating a charge', () => {
    it('creates an open charge due today (local), creating the customer by phone', async () => {
      const phone = randomPhone()
      const { charge, customer } = await create({ customer_phone: phone })
      expect(charge).toMatchObject({ tenant_id: tenantId, status: 'open', amount_cents: 15000, due_date: '2026-03-05', paid_at: null })
      expect(charge.txid).toMatch(/^[A-Za-z0-9]{1,25}$/)
      expect(charge.history).toEqual([{ at: start.toISOString(), from: null, to: 'open', reason: 'cobrança criada' }])
      expect(customer).toMatchObject({ phone, origin: 'manual', customer_id: charge.customer_id })
      expect(await kit.billing.getCharge({ tenantId, chargeId: charge.charge_id })).toEqual(charge)
    })

    it('uses the local date, not UTC, for the default due date', async () => {
      kit.clock.set(new Date('2026-03-06T01:30:00Z')) // still 2026-03-05 22:30 in São Paulo
      expect((await create()).charge.due_date).toBe('2026-03-05')
    })

    it('reuses the existing customer with that phone', async () => {
      const existing = await kit.customers.createCustomer({ tenantId, fields: { phone: '11987654321', display_name: 'Maria Silva' } })
      const { charge, customer } = await create({ customer_phone: '+55 (11) 98765-4321' })
      expect(customer.customer_id).toBe(existing.customer_id)
      expect(charge.customer_id).toBe(existing.customer_id)
    })

    it('refuses bad input with a pt-BR reason', async () => {
      await expect(create({ amount_cents: 0 })).rejects.toMatchObject({ code: 'BILLING_CHARGE_INVALID', message: 'o valor deve ser maior que zero' })
      await expect(create({ amount_cents: 150.5 })).rejects.toMatchObject({ code: 'BILLING_CHARGE_INVALID', message: expect.stringContaining('centavos') })
      await expect(create({ description: '  ' })).rejects.toMatchObject({ code: 'BILLING_CHARGE_INVALID' })
      await expect(create({ due_date: '2026-02-30' })).rejects.toMatchObject({ code: 'BILLING_CHARGE_INVALID', message: expect.stringContaining('não existe') })
      await expect(create({ due_date: '2026-03-04' })).rejects.toMatchObject({ code: 'BILLING_CHARGE_INVALID', message: expect.stringContaining('já passou') })
      await expect(create({ customer_phone: 'abc' })).rejects.toMatchObject({ code: 'CUSTOMER_PHONE_INVALID' })
      expect((await kit.billing.listCharges({ tenantId, limit: 10 })).total).toBe(0)
    })
  })

  describe('PIX', () => {
    it('gives a valid copia-e-cola with the amount, txid and key, and a QR code', async () => {
      const { charge } = await create({ amount_cents: 123456 })
      const pix = await kit.billing.pixFor(charge, config)
      expect(parsePixBrCode(pix.copia_e_cola)).toMatchObject({
        key: pixSettings.key,
        amountCents: 123456,
        txid: charge.txid,
        merchantName: 'CLINICA SORRISO',
        merchantCity: 'SAO PAULO',
      })
      expect(pix.copia_e_cola).toContain('54071234.56')
      expect(pix.qr_png_data_url).toMatch(/^data:image\/png;base64,/)
    })

    it('says PIX is not configured when business.pix is missing', async () => {
      const { charge } = await create()
      await expect(kit.billing.pixFor(charge, testConfig({ business: {} }))).rejects.toMatchObject({ code: 'BILLING_PIX_NOT_CONFIGURED' })
    })
  })

  describe('marking paid', () => {
    it('marks a charge paid exactly once; a second time is BILLING_CHARGE_ALREADY_PAID', async () => {
      const { charge } = await create()
      const paid = await kit.billing.markPaid({ tenantId, chargeId: charge.charge_id, reference: 'owner:cus_x' })
      expect(paid).toMatchObject({ status: 'paid', paid_at: start.toISOString(), payment_reference: 'owner:cus_x' })
      expect(paid.history.at(-1)).toMatchObject({ from: 'open', to: 'paid' })
      await expect(kit.billing.markPaid({ tenantId, chargeId: charge.charge_id, reference: 'again' })).rejects.toMatchObject({
        code: 'BILLING_CHARGE_ALREADY_PAID',
      })
    })

    it('lets one of two concurrent calls win', async () => {
      const { charge } = await create()
      const results = await Promise.allSettled([
        kit.billing.markPaid({ tenantId, chargeId: charge.charge_id, reference: 'a' }),
        kit.billing.markPaid({ tenantId, chargeId: charge.charge_id, reference: 'b' }),
      ])
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'BILLING_CHARGE_ALREADY_PAID' } })
      expect((await kit.billing.getCharge({ tenantId, chargeId: charge.charge_id }))?.history).toHaveLength(2)
    })

    it('refuses unknown and cancelled charges', async () => {
      await expect(kit.billing.markPaid({ tenantId, chargeId: 'chg_nope', reference: 'x' })).rejects.toMatchObject({ code: 'BILLING_CHARGE_NOT_FOUND' })
      const { charge } = await create()
      await kit.billing.cancelCharge({ tenantId, chargeId: charge.charge_id })
      await expect(kit.billing.markPaid({ tenantId, chargeId: charge.charge_id, reference: 'x' })).rejects.toMatchObject({ code: 'BILLING_CHARGE_NOT_OPEN' })
      await expect(kit.billing.cancelCharge({ tenantId, chargeId: charge.charge_id })).rejects.toMatchObject({ code: 'BILLING_CHARGE_NOT_OPEN' })
    })
  })

  describe('overdue', () => {
    it('moves open charges past their local due date to overdue and records it', async () => {
      const { charge: dueToday } = await create()
      const { charge: dueTomorrow } = await create({ due_date: '2026-03-06' })
      expect(await kit.billing.refreshOverdue({ tenantId, config })).toEqual([])
      kit.clock.set(new Date('2026-03-06T02:59:00Z')) // 23:59 on the 5th in São Paulo: not yet
      expect(await kit.billing.refreshOverdue({ tenantId, config })).toEqual([])
      kit.clock.set(new Date('2026-03-06T03:00:00Z')) // midnight of the 6th
      const changed = await kit.billing.refreshOverdue({ tenantId, config })
      expect(changed.map((c) => c.charge_id)).toEqual([dueToday.charge_id])
      expect(changed[0]?.history.at(-1)).toEqual({ at: '2026-03-06T03:00:00.000Z', from: 'open', to: 'overdue', reason: 'venceu em 05/03/2026' })
      expect((await kit.billing.getCharge({ tenantId, chargeId: dueTomorrow.charge_id }))?.status).toBe('open')
      expect(await kit.billing.refreshOverdue({ tenantId, config })).toEqual([])
    })

    it('an overdue charge can still be paid', async () => {
      const { charge } = await create()
      await kit.billing.refreshOverdue({ tenantId, config, now: new Date(start.getTime() + 2 * day) })
      const paid = await kit.billing.markPaid({ tenantId, chargeId: charge.charge_id, reference: 'x' })
      expect(paid.history.at(-1)).toMatchObject({ from: 'overdue', to: 'paid' })
    })
  })

  describe('payment webhook', () => {
    it('pays once per provider event; the same event again is a duplicate', async () => {
      const { charge } = await create()
      const first = await kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_1', txid: charge.txid, amountCents: 15000 })
      expect(first).toMatchObject({ outcome: 'paid', charge: { status: 'paid', payment_reference: 'evt_1' } })
      const again = await kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_1', txid: charge.txid, amountCents: 15000 })
      expect(again.outcome).toBe('duplicate')
      const other = await kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_2', chargeId: charge.charge_id })
      expect(other.outcome).toBe('already_paid')
      expect((await kit.billing.getCharge({ tenantId, chargeId: charge.charge_id }))?.history.filter((h) => h.to === 'paid')).toHaveLength(1)
    })

    it('concurrent deliveries of one event pay once', async () => {
      const { charge } = await create()
      const results = await Promise.all(
        [1, 2, 3].map(() => kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_c', chargeId: charge.charge_id })),
      )
      expect(results.filter((result) => result.outcome === 'paid')).toHaveLength(1)
    })

    it('answers not_found for an unknown charge or txid, and changes nothing on an amount mismatch', async () => {
      expect((await kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_x', chargeId: 'chg_nope' })).outcome).toBe('not_found')
      expect((await kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_y', txid: 'nope' })).outcome).toBe('not_found')
      const { charge } = await create()
      const mismatch = await kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_z', chargeId: charge.charge_id, amountCents: 100 })
      expect(mismatch.outcome).toBe('amount_mismatch')
      expect((await kit.billing.getCharge({ tenantId, chargeId: charge.charge_id }))?.status).toBe('open')
    })

    it('completes a charge whose earlier delivery recorded the event but did not pay', async () => {
      const { charge } = await create()
      await kit.store.recordPaymentEvent({ tenantId, providerEventId: 'evt_crashed', at: start.toISOString() })
      expect((await kit.billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_crashed', chargeId: charge.charge_id })).outcome).toBe('paid')
    })
  })

  describe('overdue reminders', () => {
    const remindersAt = async (instant: Date) => {
      const due = await kit.billing.dueOverdueReminders({ tenantId, config, now: instant })
      for (const charge of due) await kit.billing.markReminderSent({ tenantId, chargeId: charge.charge_id, config, now: instant })
      return due.map((charge) => charge.charge_id)
    }
    const atDay = (offset: number, utcHour = 12) => new Date(Date.UTC(2026, 2, 5 + offset, utcHour))

    it('reminds once per interval (1, 3, 7 days after the due date), never twice on one day', async () => {
      const { charge } = await create()
      const sentOn: number[] = []
      expect(await remindersAt(atDay(0))).toEqual([])
      for (let offset = 1; offset <= 10; offset += 1) {
        if ((await remindersAt(atDay(offset))).length > 0) sentOn.push(offset)
        expect(await remindersAt(atDay(offset, 20))).toEqual([]) // later the same day
      }
      expect(sentOn).toEqual([1, 3, 7])
      expect((await kit.billing.getCharge({ tenantId, chargeId: charge.charge_id }))?.reminders_sent).toEqual(['2026-03-06', '2026-03-08', '2026-03-12'])
    })

    it('uses the configured intervals, and after downtime catches up only the latest one', async () => {
      await create()
      const due = await kit.billing.dueOverdueReminders({ tenantId, config, now: atDay(5), intervalDays: [2, 4] })
      expect(due).toHaveLength(1)
      await kit.billing.markReminderSent({ tenantId, chargeId: due[0]!.charge_id, config, now: atDay(5) })
      expect(await kit.billing.dueOverdueReminders({ tenantId, config, now: atDay(6), intervalDays: [2, 4] })).toEqual([])
    })

    it('never reminds once the charge is paid or cancelled', async () => {
      const { charge } = await create()
      const { charge: cancelled } = await create()
      expect(await remindersAt(atDay(1))).toHaveLength(2)
      await kit.billing.markPaid({ tenantId, chargeId: charge.charge_id, reference: 'x' })
      await kit.billing.cancelCharge({ tenantId, chargeId: cancelled.charge_id })
      expect(await remindersAt(atDay(3))).toEqual([])
      expect(await kit.billing.markReminderSent({ tenantId, chargeId: charge.charge_id, config, now: atDay(3) })).toBe(false)
    })

    it('writes pt-BR reminder and confirmation texts', async () => {
      const { charge } = await create({ amount_cents: 15000, description: 'Sessão de hoje' })
      const pix = kit.billing.pixCopiaECola(charge, config)
      const text = kit.billing.overdueReminderText(charge, pix)
      expect(text).toContain('R$ 150,00')
      expect(text).toContain('venceu em 05/03/2026')
      expect(text).toContain(pix)
      expect(kit.billing.paymentConfirmedText(charge)).toBe('Pagamento recebido! A cobrança "Sessão de hoje" de R$ 150,00 está quitada. Obrigado!')
    })
  })
})
