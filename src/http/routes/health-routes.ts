import { Router } from 'express'

export const createHealthRoutes = (deps: { ping: () => Promise<void> }): Router => {
  const router = Router()
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' })
  })
  router.get('/readyz', async (_request, response) => {
    try {
      await deps.ping()
      response.json({ status: 'ready' })
    } catch {
      response.status(503).json({ status: 'unavailable', error: { code: 'STORAGE_UNAVAILABLE', message: 'storage does not answer' } })
    }
  })
  return router
}
