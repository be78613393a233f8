import express, { Router } from 'express'
import { rateLimit } from 'express-rate-limit'
import { z } from 'zod'
import { PANEL_SESSION_TTL_MS, type PanelSession, type PanelSessionService } from '../../panel/session/index.js'
import { AppError } from '../../shared/app-error.js'
import { clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from '../session-cookie.js'
import { parseInput } from '../validate.js'

const loginSchema = z.strictObject({
  token: z.string().min(1).max(512),
  tenant_id: z.string().min(1).max(63).optional(),
})

/** What the browser may know of its session: never the cookie value itself. */
const sessionView = (session: PanelSession) => ({
  principal: session.principal,
  csrf_token: session.csrf_token,
  expires_at: session.expires_at,
})

export interface SessionRoutesOptions {
  sessions: PanelSessionService
  /** Set the cookie's Secure flag (fabio served over https). */
  secureCookie: boolean
  /** Failed logins allowed per client address per window. */
  maxFailedLogins?: number
  failedLoginWindowMs?: number
}

/**
 * Login, whoami and logout of the web panel, under /api/session. They sit outside the bearer
 * check: the login is how a browser gets its cookie.
 */
export const createSessionRoutes = (options: SessionRoutesOptions): Router => {
  const { sessions, secureCookie } = options
  const router = Router()
  const json = express.json({ limit: '16kb', strict: true, type: () => true })

  // Only failures count, so a front desk that logs in all day is never locked out.
  const limitFailedLogins = rateLimit({
    windowMs: options.failedLoginWindowMs ?? 15 * 60 * 1000,
    limit: options.maxFailedLogins ?? 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_request, _response, next) => {
      next(new AppError('AUTH_RATE_LIMITED', 'too many failed logins from this address; wait a few minutes and try again'))
    },
  })

  router.post('/api/session', limitFailedLogins, json, async (request, response) => {
    const { token, tenant_id: tenantId } = parseInput(loginSchema, request.body ?? {})
    const login = await sessions.login({ token, tenantId })
    // One answer for every failure: it does not tell a wrong token from an unknown tenant.
    if (!login) throw new AppError('AUTH_INVALID', 'the token, or the tenant and owner access key, are not valid')
    setSessionCookie(response, login.cookieValue, { secure: secureCookie, maxAgeMs: PANEL_SESSION_TTL_MS })
    response.status(200).json(sessionView(login.session))
  })

  router.get('/api/session', async (request, response) => {
    const cookieValue = readCookie(request, SESSION_COOKIE)
    const session = cookieValue ? await sessions.resolve(cookieValue) : null
    // Not logged in is a normal answer here (the page asks before showing its login), not an error.
    response.json(session ? sessionView(session) : { principal: null })
  })

  router.delete('/api/session', async (request, response) => {
    const cookieValue = readCookie(request, SESSION_COOKIE)
    if (cookieValue) await sessions.logout(cookieValue)
    clearSessionCookie(response, { secure: secureCookie })
    response.status(204).end()
  })

  return router
}
