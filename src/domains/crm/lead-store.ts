import type { Page } from '../../shared/pagination.js'
import type { Lead, LeadKpis, LeadSource, LeadStage } from './lead.js'

export interface ListLeadsInput {
  tenantId: string
  stage?: LeadStage
  source?: LeadSource
  /** ISO instant: leads created at or after it. */
  since?: string
  limit: number
  cursor?: string
}

/** Every method is scoped to one tenant. A customer has at most one lead. */
export interface LeadStore {
  /** The lead, or null. */
  get(input: { tenantId: string; leadId: string }): Promise<Lead | null>
  /** The customer's lead, or null. */
  getByCustomer(input: { tenantId: string; customerId: string }): Promise<Lead | null>
  /** Newest first (created_at, then lead_id), keyset-paginated. */
  list(input: ListLeadsInput): Promise<Page<Lead>>
  /** Inserts; throws CRM_LEAD_ALREADY_EXISTS when the lead id or the customer already has a lead. */
  save(input: { lead: Lead }): Promise<Lead>
  /** Replaces an existing lead (its customer cannot change); null when it does not exist. */
  update(input: { lead: Lead }): Promise<Lead | null>
  /** Counts per stage and per source of the leads created at or after `since` (all when absent). */
  kpis(input: { tenantId: string; since?: string }): Promise<LeadKpis>
}
