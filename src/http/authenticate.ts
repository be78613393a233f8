import { timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { AppError } from '../shared/app-error.js'
import type { TenantService } from '../tenants/index.js'

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

/**
 * Reads the bearer token on every /api request. The admin token is recognised here; an owner
 * access key can only be checked against the tenant in the path (`requireTenantAccess`).
 */
export const createAuthenticate =
  (adminToken: string): RequestHandler =>
  (request, response, next) => {
    const bearer = readBearer(request)
    if (!bearer) {
      next(new AppError('AUTH_MISSING', 'send Authorization: Bearer <admin token or owner access key>'))
      return
    }
    const locals = response.locals as AuthenticatedLocals
    locals.bearer = bearer
    if (sameSecret(bearer, adminToken)) locals.principal = { kind: 'admin' }
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
    if (locals.bearer && (await tenants.verifyOwnerAccessKey(tenantId, locals.bearer))) {
      locals.principal = { kind: 'owner', tenantId }
      next()
      return
    }
    next(new AppError('AUTH_INVALID', 'the token is not valid for this tenant'))
  }
