import type { Page } from '../../shared/pagination.js'
import type { Campaign } from './campaign.js'

/** Every method is scoped to one tenant. */
export interface CampaignStore {
  get(input: { tenantId: string; campaignId: string }): Promise<Campaign | null>
  /** Newest first, keyset-paginated. */
  list(input: { tenantId: string; limit: number; cursor?: string }): Promise<Page<Campaign>>
  /** Inserts; throws CRM_CAMPAIGN_ALREADY_EXISTS on a duplicate id. */
  save(input: { campaign: Campaign }): Promise<Campaign>
}
