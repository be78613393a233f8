import { AppError } from '../../../shared/app-error.js'

/**
 * Evolution's error body is `{status, error, response:{message}}`, where `message` is an array
 * of strings (validation), a plain string ("Unauthorized", "Connection Closed"), or an array of
 * objects (not on WhatsApp: `[{jid, exists:false, number}]`). Reverse proxies in front of it may
 * answer HTML or nothing at all; this turns any of those into one readable line.
 */
export const evolutionErrorMessage = (body: unknown, rawText: string, fallback: string): string => {
  const fromBody = messageFromBody(body)
  if (fromBody !== null && fromBody.trim() !== '') return fromBody
  const text = rawText.replace(/\s+/g, ' ').trim()
  if (text !== '') return text.length > 300 ? `${text.slice(0, 300)}…` : text
  return fallback
}

const messageFromBody = (body: unknown): string | null => {
  if (!isRecord(body)) return null
  const response = body.response
  if (isRecord(response) && 'message' in response) return stringifyMessage(response.message)
  if (typeof body.message === 'string' || Array.isArray(body.message)) return stringifyMessage(body.message)
  if (typeof body.error === 'string') return body.error
  return null
}

const stringifyMessage = (message: unknown): string => {
  if (typeof message === 'string') return message
  if (Array.isArray(message)) return message.map((item) => (typeof item === 'string' ? item : safeJson(item))).join('; ')
  return safeJson(message)
}

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

export interface NotOnWhatsappEntry {
  jid: string | null
  number: string | null
}

/** The `{exists:false}` entry of a sendText 400 (`response.message[i].exists === false`), if any. */
export const findNotOnWhatsapp = (body: unknown): NotOnWhatsappEntry | null => {
  if (!isRecord(body) || !isRecord(body.response)) return null
  const message = body.response.message
  const entries = Array.isArray(message) ? message : [message]
  for (const entry of entries) {
    if (isRecord(entry) && entry.exists === false) {
      return {
        jid: typeof entry.jid === 'string' ? entry.jid : null,
        number: typeof entry.number === 'string' ? entry.number : null,
      }
    }
  }
  return null
}

/** Removes the API key from any text that might echo it (a proxy error page, say). */
export const scrubSecret = (text: string, secret: string): string =>
  secret.length >= 4 ? text.split(secret).join('[redacted]') : text

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const thirdParty = (code: string, message: string, details: Record<string, unknown>, cause?: unknown): AppError =>
  new AppError(code, message, { category: 'third_party', details, ...(cause === undefined ? {} : { cause }) })
