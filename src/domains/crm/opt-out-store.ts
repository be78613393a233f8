import type { Page } from '../../shared/pagination.js'
import type { OptOut } from './opt-out.js'

/** Every method is scoped to one tenant. One opt-out per contact: the first one is kept. */
export interface OptOutStore {
  /** Records the opt-out; when the contact already opted out, answers the recorded one unchanged. */
  record(input: { tenantId: string; customerId: string; text: string; at: string }): Promise<OptOut>
  /** The contact's opt-out, or null. */
  get(input: { tenantId: string; customerId: string }): Promise<OptOut | null>
  isOptedOut(input: { tenantId: string; customerId: string }): Promise<boolean>
  /** Newest first, keyset-paginated. */
  list(input: { tenantId: string; limit: number; cursor?: string }): Promise<Page<OptOut>>
  /** The contact opted back in; true when there was an opt-out. */
  delete(input: { tenantId: string; customerId: string }): Promise<boolean>
}
