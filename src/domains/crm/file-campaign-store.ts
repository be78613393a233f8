import { AppError } from '../../shared/app-error.js'
import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import type { Campaign } from './campaign.js'
import type { CampaignStore } from './campaign-store.js'

export const createFileCampaignStore = async (storage: FileStorage): Promise<CampaignStore> => {
  const collection = await storage.collection<Campaign>({ folder: 'crm-automation', name: 'campaigns', idOf: (campaign) => campaign.campaign_id })
  return {
    get: async ({ tenantId, campaignId }) => collection.get(tenantId, campaignId),
    list: async ({ tenantId, limit, cursor }) => {
      const sorted = collection.list(tenantId).sort((a, b) => b.created_at.localeCompare(a.created_at) || b.campaign_id.localeCompare(a.campaign_id))
      return pageInMemory(sorted, { limit, cursor, descending: true, position: (campaign) => ({ sort: campaign.created_at, id: campaign.campaign_id }) })
    },
    save: async ({ campaign }) => {
      if (collection.get(campaign.tenant_id, campaign.campaign_id)) {
        throw new AppError('CRM_CAMPAIGN_ALREADY_EXISTS', `A campanha ${campaign.campaign_id} já existe.`)
      }
      await collection.put(campaign)
      return structuredClone(campaign)
    },
  }
}
