import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { localDateTimeSchema, type AgendaService } from '../../domains/agenda/index.js'
import { findOrCreateCustomerByPhone, type CustomerService } from '../../domains/customers/index.js'
import type { TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'
import { phoneFieldSchema } from './phone-field.js'

const bookBodySchema = z.strictObject({
  customer_phone: phoneFieldSchema,
  /** Used only when the phone is new: the customer is created with this name. */
  customer_name: z.string().trim().min(1).max(120).optional(),
  service: z.string().trim().min(1).max(120),
  start: localDateTimeSchema,
})
const rescheduleBodySchema = z.strictObject({ start: localDateTimeSchema })
const cancelBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() })

/**
 * The owner's agenda actions from the panel, through the same service as the owner's tools
 * (`book_appointment_for`, `cancel_appointment`): same hours, blocks and conflict rules.
 */
export const createAgendaWriteRoutes = (deps: {
  agenda: AgendaService
  customers: Pick<CustomerService, 'findByPhone' | 'createCustomer'>
  tenants: TenantService
  requireTenantAccess: RequestHandler
}): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)
  const appointment = (params: Record<string, unknown>) => String(params.appointmentId)

  router.post('/tenants/:tenantId/appointments', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(bookBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const { customer } = await findOrCreateCustomerByPhone(deps.customers, { tenantId, phone: body.customer_phone, displayName: body.customer_name, origin: 'manual' })
    const booked = await deps.agenda.book({ tenantId, config, customerId: customer.customer_id, serviceName: body.service, startLocal: body.start })
    response.status(201).json(booked)
  })

  router.post('/tenants/:tenantId/appointments/:appointmentId/reschedule', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(rescheduleBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    response.json(await deps.agenda.reschedule({ tenantId, config, actor: { role: 'owner' }, appointmentId: appointment(request.params), startLocal: body.start }))
  })

  router.post('/tenants/:tenantId/appointments/:appointmentId/cancel', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(cancelBodySchema, request.body ?? {})
    response.json(await deps.agenda.cancel({ tenantId: tenant(request.params), actor: { role: 'owner' }, appointmentId: appointment(request.params), reason: body.reason }))
  })

  return router
}
