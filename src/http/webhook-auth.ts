import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Request } from 'express'
import { AppError } from '../shared/app-error.js'

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const decodeJson = (part: string): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/**
 * Verifies the HS256 JWT Evolution sends when an instance webhook has `jwt_key`
 * (payload `{iat, exp: iat+600, app:'evolution', action:'webhook'}`), signed with our token.
 */
export const isValidWebhookJwt = (jwt: string, secret: string, now: Date, skewSeconds = 60): boolean => {
  const [header, payload, signature, ...rest] = jwt.split('.')
  if (!header || !payload || !signature || rest.length > 0) return false
  if (decodeJson(header)?.alg !== 'HS256') return false
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  if (!sameSecret(signature, expected)) return false
  const claims = decodeJson(payload)
  const exp = claims?.exp
  return typeof exp !== 'number' || exp + skewSeconds >= now.getTime() / 1000
}

/**
 * A webhook proves it is from the tenant's Evolution with the webhook token: `?token=`, header
 * `x-webhook-token`, or `Authorization: Bearer <HS256 JWT>` signed with it.
 */
export const assertWebhookAuthenticated = (request: Request, token: string, now: Date): void => {
  // `?token=T/messages-upsert`: Evolution's webhookByEvents appended the event after our token.
  const queryToken = typeof request.query.token === 'string' ? request.query.token.split('/')[0] : undefined
  const headerToken = request.get('x-webhook-token')
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1]
  if (!queryToken && !headerToken && !bearer) {
    throw new AppError('WEBHOOK_TOKEN_MISSING', 'send the tenant webhook token as ?token=, header x-webhook-token, or a Bearer JWT (jwt_key)')
  }
  const valid =
    (queryToken !== undefined && sameSecret(queryToken, token)) ||
    (headerToken !== undefined && sameSecret(headerToken, token)) ||
    (bearer !== undefined && (sameSecret(bearer, token) || isValidWebhookJwt(bearer, token, now)))
  if (!valid) throw new AppError('WEBHOOK_TOKEN_INVALID', 'the webhook token does not match this tenant')
}
