import type { Page } from '../../shared/pagination.js'
import type { FollowUp, FollowUpStatus } from './follow-up.js'

/** Every method is scoped to one tenant. */
export interface FollowUpStore {
  /** The follow-up, or null. */
  get(input: { tenantId: string; followUpId: string }): Promise<FollowUp | null>
  /** Inserts; throws CRM_FOLLOW_UP_ALREADY_EXISTS on a duplicate id. */
  save(input: { followUp: FollowUp }): Promise<FollowUp>
  /** Scheduled follow-ups with `due_at <= now`, oldest due first, at most `limit`. */
  listDue(input: { tenantId: string; now: string; limit: number }): Promise<FollowUp[]>
  /** A contact's follow-ups (optionally of one status), by due time. */
  listByCustomer(input: { tenantId: string; customerId: string; status?: FollowUpStatus }): Promise<FollowUp[]>
  /** By due time (earliest first), keyset-paginated. */
  list(input: { tenantId: string; status?: FollowUpStatus; limit: number; cursor?: string }): Promise<Page<FollowUp>>
  /**
   * Compare-and-set: moves the follow-up from `from` to `to` (with `reason`, `updated_at = at`)
   * only when it is in `from`; the updated follow-up, or null when it was not (or does not exist).
   */
  transition(input: {
    tenantId: string
    followUpId: string
    from: FollowUpStatus
    to: FollowUpStatus
    reason: string | null
    at: string
  }): Promise<FollowUp | null>
}
