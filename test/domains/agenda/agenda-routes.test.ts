import type { AddressInfo } from 'node:net'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { createErrorMiddleware } from '../../../src/http/error-middleware.js'
import { createAgendaRoutes } from '../../../src/http/routes/agenda-routes.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { useTestFileStorage } from '../../support/file-storage.js'
import { createAgendaTestKit } from './agenda-test-setup.js'

const files = useTestFileStorage()

describe('GET /tenants/:tenantId/appointments', () => {
  it('lists a window with filters and pages, and rejects bad filters with 400', async () => {
    const kit = await createAgendaTestKit(files.storage)
    for (const start of ['2026-03-03T09:00', '2026-03-03T10:00', '2026-03-04T09:00']) {
      await kit.agenda.book({ tenantId: kit.tenantId, config: kit.config, customerId: 'cus_ana', serviceName: 'Corte', startLocal: start })
    }
    const app = express()
    app.use('/api', createAgendaRoutes({ agenda: kit.agenda, requireTenantAccess: (_request, _response, next) => next() }))
    app.use(createErrorMiddleware(createSilentLogger()))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tenants/${kit.tenantId}/appointments`
    try {
      const first = await fetch(`${base}?from=2026-03-03T00:00:00-03:00&to=2026-03-04T00:00:00-03:00&limit=1&status=booked&customer_id=cus_ana`)
      expect(first.status).toBe(200)
      const page = (await first.json()) as { items: Array<{ start_at: string }>; total: number; next_cursor: string }
      expect(page.total).toBe(2)
      expect(page.items.map((item) => item.start_at)).toEqual(['2026-03-03T12:00:00.000Z'])
      const second = (await (await fetch(`${base}?from=2026-03-03T00:00:00-03:00&to=2026-03-04T00:00:00-03:00&limit=1&cursor=${page.next_cursor}`)).json()) as typeof page
      expect(second.items.map((item) => item.start_at)).toEqual(['2026-03-03T13:00:00.000Z'])
      const bad = await fetch(`${base}?status=maybe`)
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('HTTP_VALIDATION_FAILED')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
