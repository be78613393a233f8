import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import type { AgendaService } from '../../domains/agenda/index.js'
import { AppError } from '../../shared/app-error.js'
import type { TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'

const localDayOrTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'use YYYY-MM-DD or YYYY-MM-DDTHH:mm (local time)')
const blockBodySchema = z.strictObject({
  start: localDayOrTime,
  /** A date alone blocks through the end of that day. */
  end: localDayOrTime,
  reason: z.string().trim().min(1).max(200),
  kind: z.enum(['holiday', 'blocked']).default('blocked'),
})
const windowQuerySchema = z.strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })

/** Holidays and blocked periods of the agenda: no slot is offered or booked inside them. */
export const createAgendaBlockRoutes = (deps: { agenda: AgendaService; tenants: TenantService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  router.get('/tenants/:tenantId/agenda/blocks', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(windowQuerySchema, request.query)
    const items = await deps.agenda.listBlocks({ tenantId: tenant(request.params), from: query.from ?? '1970-01-01T00:00:00.000Z', to: query.to ?? '9999-12-31T00:00:00.000Z' })
    response.json({ items, total: items.length })
  })

  router.post('/tenants/:tenantId/agenda/blocks', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(blockBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    response.status(201).json(await deps.agenda.addBlock({ tenantId, config, ...body }))
  })

  router.delete('/tenants/:tenantId/agenda/blocks/:blockId', deps.requireTenantAccess, async (request, response) => {
    if (!(await deps.agenda.removeBlock({ tenantId: tenant(request.params), blockId: String(request.params.blockId) }))) {
      throw new AppError('AGENDA_BLOCK_NOT_FOUND', `no block ${String(request.params.blockId)} in this tenant`)
    }
    response.status(204).end()
  })
  return router
}
