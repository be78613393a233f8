import { AppError, isAppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { Page } from '../../shared/pagination.js'
import { normalizePhoneNumber } from '../../shared/phone-number.js'
import type { TenantConfig } from '../../tenants/index.js'
import type { Customer, CustomerService } from '../customers/index.js'
import { overdueReminderText, paymentConfirmedText } from './billing-messages.js'
import { createChargeInputSchema, type Charge, type ChargeStatus } from './charge.js'
import type { ChargeStore } from './charge-store.js'
import { addDays, daysBetween, formatDatePtBr, isValidLocalDate, localDateOf } from './local-date.js'
import { buildPixBrCode } from './pix-br-code.js'
import { qrPngDataUrl } from './pix-qr.js'

export interface ChargePix {
  copia_e_cola: string
  qr_png_data_url: string
}

export type PaymentWebhookOutcome = 'paid' | 'duplicate' | 'already_paid' | 'not_found' | 'amount_mismatch'

export interface ApplyPaymentWebhookInput {
  tenantId: string
  providerEventId: string
  chargeId?: string
  txid?: string
  /** When given, it must equal the charge's amount, or nothing changes (`amount_mismatch`). */
  amountCents?: number
  /** ISO instant of the payment; defaults to now. */
  paidAt?: string
}

export interface BillingService {
  /** Validates `fields` (CreateChargeInput); finds the customer by phone or creates it (origin manual). */
  createCharge(input: { tenantId: string; config: TenantConfig; fields: unknown }): Promise<{ charge: Charge; customer: Customer }>
  getCharge(input: { tenantId: string; chargeId: string }): Promise<Charge | null>
  /** Newest first. */
  listCharges(input: { tenantId: string; status?: ChargeStatus; customerId?: string; limit: number; cursor?: string }): Promise<Page<Charge>>
  /** The PIX copia-e-cola of a charge; BILLING_PIX_NOT_CONFIGURED without `business.pix`. */
  pixCopiaECola(charge: Charge, config: TenantConfig): string
  /** The copia-e-cola and its QR code (PNG data URL). */
  pixFor(charge: Charge, config: TenantConfig): Promise<ChargePix>
  /** Exactly once: BILLING_CHARGE_ALREADY_PAID when it was paid before (or by a concurrent call). */
  markPaid(input: { tenantId: string; chargeId: string; reference: string; paidAt?: string }): Promise<Charge>
  cancelCharge(input: { tenantId: string; chargeId: string; reason?: string }): Promise<Charge>
  /** Moves every open charge whose due date has passed (tenant local date) to overdue; answers those. */
  refreshOverdue(input: { tenantId: string; config: TenantConfig; now?: Date }): Promise<Charge[]>
  /** Idempotent by `providerEventId`. */
  applyPaymentWebhook(input: ApplyPaymentWebhookInput): Promise<{ outcome: PaymentWebhookOutcome; charge?: Charge }>
  /**
   * Overdue charges that should get a reminder now: one per interval (days after the due date)
   * reached, never twice on one local day, never once paid or cancelled. After downtime only
   * the latest missed interval is caught up, not each of them.
   */
  dueOverdueReminders(input: { tenantId: string; config: TenantConfig; now?: Date; intervalDays?: number[] }): Promise<Charge[]>
  /** Claims today's reminder of a charge before sending it; false when already sent today or no longer due. */
  markReminderSent(input: { tenantId: string; chargeId: string; config: TenantConfig; now?: Date }): Promise<boolean>
  /** Today's date in the tenant's time zone (YYYY-MM-DD), by the service's clock. */
  localToday(config: TenantConfig): string
  overdueReminderText(charge: Charge, pix: string | null): string
  paymentConfirmedText(charge: Charge): string
}

export const defaultReminderIntervalDays = [1, 3, 7]

const invalidCharge = (message: string) => new AppError('BILLING_CHARGE_INVALID', message)
const notFound = (chargeId: string) => new AppError('BILLING_CHARGE_NOT_FOUND', `Cobrança ${chargeId} não encontrada.`)

export const createBillingService = (deps: {
  store: ChargeStore
  customers: CustomerService
  clock: Clock
  ids: IdGenerator
  logger: Logger
}): BillingService => {
  const { store, customers, clock, ids, logger } = deps
  const nowIso = () => clock.now().toISOString()

  const newTxid = (): string => ids.next('tx').replace(/[^A-Za-z0-9]/g, '').slice(0, 25)

  const customerByPhone = async (tenantId: string, phoneInput: string): Promise<Customer> => {
    const phone = normalizePhoneNumber(phoneInput)
    if (!phone) throw new AppError('CUSTOMER_PHONE_INVALID', `"${phoneInput}" não é um telefone válido (use DDD e número).`)
    const found = await customers.findByPhone({ tenantId, phone })
    if (found) return found
    try {
      return await customers.createCustomer({ tenantId, fields: { phone, origin: 'manual' } })
    } catch (error) {
      // The customer wrote (or another charge was created) at the same moment: use that one.
      if (!isAppError(error) || error.code !== 'CUSTOMER_PHONE_TAKEN') throw error
      const winner = await customers.findByPhone({ tenantId, phone })
      if (!winner) throw error
      return winner
    }
  }

  const pixCopiaECola = (charge: Charge, config: TenantConfig): string => {
    const pix = config.business.pix
    if (!pix) {
      throw new AppError('BILLING_PIX_NOT_CONFIGURED', 'O PIX deste negócio não está configurado (chave, nome e cidade em business.pix).', {
        category: 'user',
      })
    }
    return buildPixBrCode({
      key: pix.key,
      merchantName: pix.merchant_name,
      merchantCity: pix.merchant_city,
      amountCents: charge.amount_cents,
      txid: charge.txid,
    })
  }

  const explainRefusal = async (tenantId: string, chargeId: string, action: string): Promise<AppError> => {
    const current = await store.get({ tenantId, chargeId })
    if (!current) return notFound(chargeId)
    if (current.status === 'paid') return new AppError('BILLING_CHARGE_ALREADY_PAID', `A cobrança ${chargeId} já está paga.`)
    return new AppError('BILLING_CHARGE_NOT_OPEN', `Não é possível ${action} a cobrança ${chargeId}: ela está cancelada.`)
  }

  const markPaid: BillingService['markPaid'] = async ({ tenantId, chargeId, reference, paidAt }) => {
    const at = nowIso()
    const paid = await store.transition({
      tenantId,
      chargeId,
      from: ['open', 'overdue'],
      to: 'paid',
      patch: { updated_at: at, paid_at: paidAt ?? at, payment_reference: reference },
      historyEntry: { at, reason: `pagamento confirmado (${reference})` },
    })
    if (!paid) throw await explainRefusal(tenantId, chargeId, 'marcar como paga')
    logger.info({ tenant_id: tenantId, charge_id: chargeId, reference }, 'charge paid')
    return paid
  }

  const refreshOverdue: BillingService['refreshOverdue'] = async ({ tenantId, config, now }) => {
    const today = localDateOf(now ?? clock.now(), config.timezone)
    const changed: Charge[] = []
    let cursor: string | undefined
    do {
      const page = await store.list({ tenantId, status: 'open', dueBefore: today, limit: 200, cursor })
      for (const charge of page.items) {
        const at = nowIso()
        const overdue = await store.transition({
          tenantId,
          chargeId: charge.charge_id,
          from: ['open'],
          to: 'overdue',
          patch: { updated_at: at },
          historyEntry: { at, reason: `venceu em ${formatDatePtBr(charge.due_date)}` },
        })
        if (overdue) changed.push(overdue)
      }
      cursor = page.next_cursor ?? undefined
    } while (cursor)
    return changed
  }

  const findWebhookCharge = async (input: ApplyPaymentWebhookInput): Promise<Charge | null> => {
    if (input.chargeId) return store.get({ tenantId: input.tenantId, chargeId: input.chargeId })
    if (input.txid) return store.getByTxid({ tenantId: input.tenantId, txid: input.txid })
    return null
  }

  const payFromWebhook = async (input: ApplyPaymentWebhookInput, charge: Charge) => {
    try {
      const paid = await markPaid({ tenantId: input.tenantId, chargeId: charge.charge_id, reference: input.providerEventId, paidAt: input.paidAt })
      return { outcome: 'paid' as const, charge: paid }
    } catch (error) {
      if (isAppError(error) && (error.code === 'BILLING_CHARGE_ALREADY_PAID' || error.code === 'BILLING_CHARGE_NOT_OPEN')) {
        return { outcome: 'already_paid' as const, charge: (await store.get({ tenantId: input.tenantId, chargeId: charge.charge_id })) ?? charge }
      }
      throw error
    }
  }

  return {
    createCharge: async ({ tenantId, config, fields }) => {
      const parsed = createChargeInputSchema.safeParse(fields ?? {})
      if (!parsed.success) throw invalidCharge(parsed.error.issues.map((issue) => issue.message).join('; '))
      const today = localDateOf(clock.now(), config.timezone)
      const dueDate = parsed.data.due_date ?? today
      if (!isValidLocalDate(dueDate)) throw invalidCharge(`A data de vencimento ${dueDate} não existe.`)
      if (dueDate < today) throw invalidCharge(`A data de vencimento ${formatDatePtBr(dueDate)} já passou.`)
      const customer = await customerByPhone(tenantId, parsed.data.customer_phone)
      const at = nowIso()
      const charge = await store.save({
        charge: {
          tenant_id: tenantId,
          charge_id: ids.next('chg'),
          customer_id: customer.customer_id,
          description: parsed.data.description,
          amount_cents: parsed.data.amount_cents,
          due_date: dueDate,
          status: 'open',
          txid: newTxid(),
          paid_at: null,
          payment_reference: null,
          history: [{ at, from: null, to: 'open', reason: 'cobrança criada' }],
          reminders_sent: [],
          created_at: at,
          updated_at: at,
        },
      })
      logger.info({ tenant_id: tenantId, charge_id: charge.charge_id, amount_cents: charge.amount_cents }, 'charge created')
      return { charge, customer }
    },

    getCharge: (input) => store.get(input),
    listCharges: (input) => store.list(input),
    pixCopiaECola,
    pixFor: async (charge, config) => {
      const copia_e_cola = pixCopiaECola(charge, config)
      return { copia_e_cola, qr_png_data_url: await qrPngDataUrl(copia_e_cola) }
    },
    markPaid,

    cancelCharge: async ({ tenantId, chargeId, reason }) => {
      const at = nowIso()
      const cancelled = await store.transition({
        tenantId,
        chargeId,
        from: ['open', 'overdue'],
        to: 'cancelled',
        patch: { updated_at: at },
        historyEntry: { at, reason: reason ?? 'cobrança cancelada' },
      })
      if (!cancelled) throw await explainRefusal(tenantId, chargeId, 'cancelar')
      return cancelled
    },

    refreshOverdue,

    applyPaymentWebhook: async (input) => {
      const charge = await findWebhookCharge(input)
      if (!charge) return { outcome: 'not_found' }
      if (input.amountCents !== undefined && input.amountCents !== charge.amount_cents) {
        logger.warn({ tenant_id: input.tenantId, charge_id: charge.charge_id, event: input.providerEventId }, 'payment amount differs from charge')
        return { outcome: 'amount_mismatch', charge }
      }
      const first = await store.recordPaymentEvent({ tenantId: input.tenantId, providerEventId: input.providerEventId, at: nowIso() })
      if (!first) {
        // A retry of an event whose first delivery died between recording and paying completes it.
        if (charge.status === 'open' || charge.status === 'overdue') return payFromWebhook(input, charge)
        return { outcome: 'duplicate', charge }
      }
      return payFromWebhook(input, charge)
    },

    dueOverdueReminders: async ({ tenantId, config, now, intervalDays = defaultReminderIntervalDays }) => {
      const instant = now ?? clock.now()
      await refreshOverdue({ tenantId, config, now: instant })
      const today = localDateOf(instant, config.timezone)
      const due: Charge[] = []
      let cursor: string | undefined
      do {
        const page = await store.list({ tenantId, status: 'overdue', limit: 200, cursor })
        for (const charge of page.items) {
          const late = daysBetween(charge.due_date, today)
          const reached = intervalDays.filter((days) => days > 0 && days <= late)
          if (reached.length === 0) continue
          const since = addDays(charge.due_date, Math.max(...reached))
          if (!charge.reminders_sent.some((day) => day >= since)) due.push(charge)
        }
        cursor = page.next_cursor ?? undefined
      } while (cursor)
      return due
    },

    markReminderSent: async ({ tenantId, chargeId, config, now }) => {
      const instant = now ?? clock.now()
      return store.markReminderSent({ tenantId, chargeId, day: localDateOf(instant, config.timezone), at: instant.toISOString() })
    },

    localToday: (config) => localDateOf(clock.now(), config.timezone),
    overdueReminderText,
    paymentConfirmedText,
  }
}
