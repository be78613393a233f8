export {
  leadSchema,
  leadStages,
  leadSources,
  stageLabelsPtBr,
  sourceLabelsPtBr,
  allowedTransitions,
  isTransitionAllowed,
  listLeadsQuerySchema,
  emptyLeadKpis,
  type Lead,
  type LeadKpis,
  type LeadNote,
  type LeadSource,
  type LeadStage,
  type StageChange,
} from './lead.js'
export { followUpSchema, followUpStatuses, defaultSendWindow, type FollowUp, type FollowUpStatus, type SendWindow } from './follow-up.js'
export { optOutSchema, isOptOutMessage, normalizeForOptOut, type OptOut } from './opt-out.js'
export { campaignSchema, campaignAudienceSchema, type Campaign, type CampaignAudience } from './campaign.js'
export type { LeadStore, ListLeadsInput } from './lead-store.js'
export type { FollowUpStore } from './follow-up-store.js'
export type { OptOutStore } from './opt-out-store.js'
export type { CampaignStore } from './campaign-store.js'
export { createFileLeadStore } from './file-lead-store.js'
export { createPostgresLeadStore } from './postgres-lead-store.js'
export { createFileFollowUpStore } from './file-follow-up-store.js'
export { createPostgresFollowUpStore } from './postgres-follow-up-store.js'
export { createFileOptOutStore } from './file-opt-out-store.js'
export { createPostgresOptOutStore } from './postgres-opt-out-store.js'
export { createFileCampaignStore } from './file-campaign-store.js'
export { createPostgresCampaignStore } from './postgres-campaign-store.js'
export { createCrmService, sendWindowOf, type CrmService, type CrmServiceDeps, type ContactRef } from './crm-service.js'
export { createCrmTools } from './crm-tools.js'
export { leadForLlm } from './lead-for-llm.js'
export { isInsideSendWindow, nextSendWindowOpening, parseLocalDate, parseLocalDateTime } from './local-time.js'
