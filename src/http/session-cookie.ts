import type { Request, Response } from 'express'

export const SESSION_COOKIE = 'fabio_session'

/** The value of one cookie from the request's Cookie header, or null. */
export const readCookie = (request: Request, name: string): string | null => {
  const header = request.get('cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator < 0) continue
    if (part.slice(0, separator).trim() !== name) continue
    const value = part.slice(separator + 1).trim()
    try {
      return decodeURIComponent(value)
    } catch {
      return null
    }
  }
  return null
}

/**
 * HttpOnly keeps the cookie away from page scripts; SameSite=Strict keeps other sites from
 * sending it; Secure when fabio is served over https.
 */
export const setSessionCookie = (response: Response, value: string, options: { secure: boolean; maxAgeMs: number }): void => {
  response.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: options.secure, path: '/', maxAge: options.maxAgeMs })
}

export const clearSessionCookie = (response: Response, options: { secure: boolean }): void => {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: options.secure, path: '/' })
}
