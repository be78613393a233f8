import { z } from 'zod'
import { leadStages } from './lead.js'

/** Who a campaign goes to; every given criterion must hold (AND), each list matches any of its values. */
export const campaignAudienceSchema = z.strictObject({
  stages: z.array(z.enum(leadStages)).min(1).optional(),
  tags: z.array(z.string().min(1).max(60)).min(1).optional(),
  /** ISO instant: contacts whose last message is older than it (or who never wrote). */
  last_contact_before: z.iso.datetime({ offset: true }).optional(),
})

export type CampaignAudience = z.infer<typeof campaignAudienceSchema>

/** A campaign with its audience resolved when created; the sender paces the messages. */
export const campaignSchema = z.object({
  tenant_id: z.string(),
  campaign_id: z.string(),
  name: z.string(),
  message: z.string(),
  audience: campaignAudienceSchema,
  /** Recipients: the audience minus opted-out contacts. */
  customer_ids: z.array(z.string()),
  /** How many audience contacts were left out because they opted out. */
  excluded_opted_out: z.number().int(),
  created_at: z.string(),
})

export type Campaign = z.infer<typeof campaignSchema>
