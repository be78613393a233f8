import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import type { WhatsappConnection } from '../../channels/evolution/outbound/index.js'
import { normalizePhoneNumber } from '../../shared/phone-number.js'
import type { TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'
import { phoneFieldSchema } from './phone-field.js'

/** `number` asks Evolution for a pairing code for that phone (typed on the phone instead of scanning). */
const connectBodySchema = z.strictObject({ number: phoneFieldSchema.optional() })

/** The panel's WhatsApp setup: pair the tenant's Evolution instance, and test the connection. */
export const createWhatsappConnectRoutes = (deps: { connection: WhatsappConnection; tenants: TenantService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  router.post('/tenants/:tenantId/whatsapp/connect', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(connectBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const number = body.number === undefined ? undefined : (normalizePhoneNumber(body.number) as string)
    response.json(await deps.connection.connect({ tenantId, evolution: config.evolution, number }))
  })

  router.post('/tenants/:tenantId/whatsapp/test', deps.requireTenantAccess, async (request, response) => {
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    response.json(await deps.connection.test({ tenantId, evolution: config.evolution }))
  })

  return router
}
