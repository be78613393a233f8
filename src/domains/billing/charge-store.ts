import type { Page } from '../../shared/pagination.js'
import type { Charge, ChargeHistoryEntry, ChargeStatus } from './charge.js'

export interface ListChargesInput {
  tenantId: string
  status?: ChargeStatus
  customerId?: string
  /** Only charges due strictly before this local date (YYYY-MM-DD). */
  dueBefore?: string
  limit: number
  cursor?: string
}

/** The fields a status transition may change besides `status` and `history`. */
export interface ChargeTransitionPatch {
  updated_at: string
  paid_at?: string | null
  payment_reference?: string | null
}

export interface TransitionChargeInput {
  tenantId: string
  chargeId: string
  /** The transition happens only when the current status is one of these (compare-and-set). */
  from: ChargeStatus[]
  to: ChargeStatus
  patch: ChargeTransitionPatch
  /** Appended to `history`; the store fills `from` (the status it found) and `to`. */
  historyEntry: Pick<ChargeHistoryEntry, 'at' | 'reason'>
}

/** Every method is scoped to one tenant; no method can see another tenant's charges. */
export interface ChargeStore {
  /** The charge, or null. */
  get(input: { tenantId: string; chargeId: string }): Promise<Charge | null>
  /** By PIX txid (unique per tenant), or null. */
  getByTxid(input: { tenantId: string; txid: string }): Promise<Charge | null>
  /** Newest first (created_at, then charge_id, descending), keyset-paginated, with a total. */
  list(input: ListChargesInput): Promise<Page<Charge>>
  /** Inserts a new charge; throws BILLING_CHARGE_ALREADY_EXISTS for a taken id or txid. */
  save(input: { charge: Charge }): Promise<Charge>
  /**
   * Atomically moves a charge from one of `from` to `to`, applying `patch` and appending
   * `historyEntry`. Answers the updated charge, or null when the charge does not exist or its
   * status was not in `from` (someone else won): so "mark paid" happens exactly once.
   */
  transition(input: TransitionChargeInput): Promise<Charge | null>
  /**
   * Records a payment provider's event id; true the first time, false when it was already
   * recorded (the webhook's idempotency).
   */
  recordPaymentEvent(input: { tenantId: string; providerEventId: string; at: string }): Promise<boolean>
  /**
   * Adds `day` to `reminders_sent` when the charge is still open or overdue and has no reminder
   * for that day; true when added. Claim before sending, so two runners never send twice.
   */
  markReminderSent(input: { tenantId: string; chargeId: string; day: string; at: string }): Promise<boolean>
}
