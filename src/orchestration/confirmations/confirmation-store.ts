import type { Page } from '../../shared/pagination.js'
import type { Confirmation, ConfirmationPatch, ConfirmationStatus } from './confirmation.js'

export interface ListConfirmationsInput {
  tenantId: string
  status?: ConfirmationStatus
  contactId?: string
  limit: number
  cursor?: string
}

export interface TransitionConfirmationInput {
  tenantId: string
  confirmationId: string
  /** The statuses the confirmation may be in; any other status (or none) leaves it alone. */
  from: ConfirmationStatus[]
  to: ConfirmationStatus
  patch?: ConfirmationPatch
  /** Becomes `decided_at` when the confirmation leaves `pending`. */
  now: Date
}

/**
 * Pending and decided confirmations. Every method but `listOverdue` is scoped to one tenant.
 * `transition` is the only way a confirmation changes, and it is a compare-and-set: of two
 * callers moving the same confirmation out of a status, exactly one gets it.
 */
export interface ConfirmationStore {
  /** Inserts a new confirmation; a confirmation_id already there is a bug and throws. */
  save(input: { confirmation: Confirmation }): Promise<Confirmation>
  /** The confirmation, or null. */
  get(input: { tenantId: string; confirmationId: string }): Promise<Confirmation | null>
  /** Newest first (created_at, then id), keyset-paginated; filters by status and contact. */
  list(input: ListConfirmationsInput): Promise<Page<Confirmation>>
  /** The contact's newest `pending` confirmation that has not expired (`expires_at > now`), or null. */
  findPending(input: { tenantId: string; contactId: string; now: Date }): Promise<Confirmation | null>
  /** The newest confirmation whose `decided_by` is this (a WhatsApp message id), or null. */
  findByDecision(input: { tenantId: string; decidedBy: string }): Promise<Confirmation | null>
  /** Up to `limit` `pending` confirmations past `expires_at`, of every tenant, oldest expiry first. */
  listOverdue(input: { now: Date; limit: number }): Promise<Confirmation[]>
  /**
   * Atomically: when the confirmation's status is one of `from`, sets `to` and `patch` (and
   * `decided_at = now` when it leaves `pending`) and returns the updated confirmation; otherwise
   * changes nothing and returns null (also when it does not exist).
   */
  transition(input: TransitionConfirmationInput): Promise<Confirmation | null>
}
