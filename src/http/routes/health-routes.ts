import { Router } from 'express'
import type { Logger } from '../../shared/logger.js'

export const createHealthRoutes = (deps: { ping: () => Promise<void>; logger: Logger }): Router => {
  const router = Router()
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' })
  })
  router.get('/readyz', async (_request, response) => {
    try {
      await deps.ping()
      response.json({ status: 'ready' })
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed')
      response.status(503).json({ status: 'unavailable', error: { code: 'STORAGE_UNAVAILABLE', message: 'storage does not answer' } })
    }
  })
  return router
}
