import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { campaignAudienceSchema, type CrmService } from '../../domains/crm/index.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import { parseInput } from '../validate.js'

export const campaignRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  message: z.string().trim().min(1).max(4096),
  // An empty audience would mean "everyone": ask for at least one criterion.
  audience: campaignAudienceSchema.refine((audience) => Object.values(audience).some((value) => value !== undefined), 'choose stages, tags or last_contact_before'),
})

export type CampaignDispatcher = (tenantId: string, request: z.infer<typeof campaignRequestSchema>) => Promise<{ campaign_id: string; recipients: number; excluded_opted_out: number }>

/** `POST /api/tenants/:tenantId/campaigns`: one message to an audience, inside the send window. */
export const createCampaignRoutes = (deps: { dispatch: CampaignDispatcher; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  router.post('/tenants/:tenantId/campaigns', deps.requireTenantAccess, async (request, response) => {
    response.status(202).json(await deps.dispatch(String(request.params.tenantId), parseInput(campaignRequestSchema, request.body ?? {})))
  })
  return router
}

/** `GET /api/tenants/:tenantId/campaigns`: campaigns sent, newest first, each with its recipient count. */
export const createCampaignListRoutes = (deps: { crm: CrmService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  router.get('/tenants/:tenantId/campaigns', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(paginationQuerySchema.strict(), request.query)
    const page = await deps.crm.listCampaigns({ tenantId: String(request.params.tenantId), limit: query.limit, cursor: query.cursor })
    response.json({ ...page, items: page.items.map((campaign) => ({ ...campaign, recipients: campaign.customer_ids.length })) })
  })
  return router
}
