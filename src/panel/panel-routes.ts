import express, { Router, type Response } from 'express'
import { fileURLToPath } from 'node:url'

const staticDir = fileURLToPath(new URL('./static/', import.meta.url))

/**
 * The panel is plain HTML, CSS and ES modules served as they are (no build step), so it works
 * right after `npm install && npm start`. Every screen talks to /api with the session cookie.
 */
const securityHeaders = (response: Response): void => {
  // Only our own scripts and styles; images may be data: URLs (QR codes, PIX).
  response.set(
    'content-security-policy',
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  )
  response.set('x-content-type-options', 'nosniff')
  response.set('referrer-policy', 'same-origin')
  response.set('cache-control', 'no-cache')
}

export const createPanelRoutes = (): Router => {
  // Strict, so /owner and /owner/ are different paths (the bare one redirects).
  const router = Router({ strict: true })
  const page = (file: string) => (_request: unknown, response: Response) => {
    securityHeaders(response)
    response.sendFile(file, { root: staticDir })
  }
  router.get('/', (_request, response) => response.redirect(302, '/owner/'))
  router.get('/owner', (_request, response) => response.redirect(301, '/owner/'))
  router.get('/crm', (request, response) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
    response.redirect(301, `/crm/${query}`)
  })
  router.get('/owner/', page('owner.html'))
  router.get('/crm/', page('crm.html'))
  router.use(
    '/panel/assets',
    express.static(`${staticDir}assets`, {
      fallthrough: true,
      index: false,
      setHeaders: (response) => securityHeaders(response as unknown as Response),
    }),
  )
  return router
}
