import { timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { PanelSessionService } from '../panel/session/index.js'
import { AppError } from '../shared/app-error.js'
import type { TenantService } from '../tenants/index.js'
import { readCookie, SESSION_COOKIE } from './session-cookie.js'

/** Who is calling: the operator (every tenant) or one tenant's owner. */
export type Principal = { kind: 'admin' } | { kind: 'owner'; tenantId: string }

export interface AuthenticatedLocals {
  bearer?: string
  principal?: Principal
}

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const readBearer = (request: Request): string | null => {
  const header = request.get('authorization')
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  return match?.[1] ?? null
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Reads the bearer token, or else the panel's session cookie, on every /api request. The admin
 * token is recognised here; an owner access key can only be checked against the tenant in the
 * path (`requireTenantAccess`). A cookie is sent by the browser on its own, so a state-changing
 * call it authenticates must also carry the session's CSRF token in `x-csrf-token`.
 */
export const createAuthenticate =
  (deps: { adminToken: string; sessions: PanelSessionService }): RequestHandler =>
  async (request, response, next) => {
    const locals = response.locals as AuthenticatedLocals
    const bearer = readBearer(request)
    if (bearer) {
      locals.bearer = bearer
      if (sameSecret(bearer, deps.adminToken)) locals.principal = { kind: 'admin' }
      next()
      return
    }
    const cookieValue = readCookie(request, SESSION_COOKIE)
    if (!cookieValue) {
      next(new AppError('AUTH_MISSING', 'send Authorization: Bearer <admin token or owner access key>, or log in to the panel'))
      return
    }
    const session = await deps.sessions.resolve(cookieValue)
    if (!session) {
      next(new AppError('AUTH_SESSION_EXPIRED', 'the panel session expired or was closed; log in again'))
      return
    }
    if (!SAFE_METHODS.has(request.method) && !sameSecret(request.get('x-csrf-token') ?? '', session.csrf_token)) {
      next(new AppError('AUTH_CSRF_FAILED', 'send the session\'s csrf_token (GET /api/session) in the x-csrf-token header'))
      return
    }
    locals.principal = session.principal.kind === 'admin' ? { kind: 'admin' } : { kind: 'owner', tenantId: session.principal.tenant_id }
    next()
  }

export const requireAdmin: RequestHandler = (_request, response, next) => {
  if ((response.locals as AuthenticatedLocals).principal?.kind === 'admin') next()
  else next(new AppError('AUTH_INVALID', 'this route needs the platform admin token'))
}

/**
 * Lets through the admin, or the owner whose access key belongs to `:tenantId`. A key of another
 * tenant, or for a tenant that does not exist, is the same 401: the answer does not reveal which.
 */
export const createRequireTenantAccess =
  (tenants: TenantService) =>
  async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const locals = response.locals as AuthenticatedLocals
    const tenantId = String(request.params.tenantId)
    if (locals.principal?.kind === 'admin') {
      await tenants.requireTenant(tenantId)
      next()
      return
    }
    if (locals.principal?.kind === 'owner' && !locals.bearer) {
      // A panel session of an owner: bound to its tenant at login.
      if (locals.principal.tenantId === tenantId) next()
      else next(new AppError('AUTH_INVALID', 'the token is not valid for this tenant'))
      return
    }
    if (locals.bearer && (await tenants.verifyOwnerAccessKey(tenantId, locals.bearer))) {
      locals.principal = { kind: 'owner', tenantId }
      next()
      return
    }
    next(new AppError('AUTH_INVALID', 'the token is not valid for this tenant'))
  }
