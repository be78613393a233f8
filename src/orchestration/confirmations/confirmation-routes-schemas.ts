import { z } from 'zod'
import { paginationQuerySchema } from '../../shared/pagination.js'
import { confirmationStatuses } from './confirmation.js'

/** Filters of `GET /api/tenants/:tenantId/confirmations` (`?status=pending&contact_id=…`). */
export const listConfirmationsQuerySchema = z.object({
  status: z.enum(confirmationStatuses).optional(),
  contact_id: z.string().min(1).max(100).optional(),
})

/** The whole query of that route: filters plus `?limit=&cursor=`; unknown keys are a 400. */
export const listConfirmationsRequestQuerySchema = paginationQuerySchema.extend(listConfirmationsQuerySchema.shape).strict()

/** `:id` of `POST /api/tenants/:tenantId/confirmations/:id/approve|reject`. */
export const confirmationIdParamSchema = z.string().min(1).max(100)
