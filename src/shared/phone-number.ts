/**
 * Phone numbers and WhatsApp ids, normalised in one place.
 *
 * - A phone number is stored as E.164 digits without "+", e.g. "5511987654321".
 * - Brazil's 9th digit: mobile numbers gained a leading 9 in 2012–2016, but WhatsApp accounts
 *   registered before still use 12-digit JIDs ("551187654321"). Both are one person, so the
 *   canonical form always has the 9 (13 digits) and every lookup goes through it.
 * - JIDs: "<digits>[:device]@s.whatsapp.net" carries a phone number; "<n>@lid" is WhatsApp's
 *   privacy id (LID), which fabio maps to a phone when Evolution sends both.
 */

const brazilCountryCode = '55'

/** Digits only, with the Brazilian 9th digit added to 8-digit mobiles; null if it cannot be a phone. */
export const normalizePhoneNumber = (input: string): string | null => {
  const trimmed = input.trim()
  if (trimmed.includes('@')) return null
  let digits = trimmed.replace(/\D/g, '')
  if (!trimmed.startsWith('+') && digits.startsWith('00')) digits = digits.slice(2)
  // A national Brazilian number (DDD + 8 or 9 digits) without the country code.
  if (!trimmed.startsWith('+') && (digits.length === 10 || digits.length === 11) && !digits.startsWith('0')) {
    digits = brazilCountryCode + digits
  }
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return null
  return addBrazilianNinthDigit(digits)
}

/** "55 DD XXXXXXXX" with a mobile first digit (6–9) → "55 DD 9XXXXXXXX"; anything else unchanged. */
export const addBrazilianNinthDigit = (digits: string): string => {
  if (digits.length === 12 && digits.startsWith(brazilCountryCode) && /^[6-9]$/.test(digits[4] ?? '')) {
    return `${digits.slice(0, 4)}9${digits.slice(4)}`
  }
  return digits
}

export type WhatsappJidKind = 'phone' | 'lid' | 'group' | 'broadcast' | 'other'

export interface ParsedWhatsappJid {
  kind: WhatsappJidKind
  /** The user part without a device suffix: phone digits, LID number or group id. */
  user: string
  server: string
  /** For kind 'phone': the canonical phone number. */
  phone: string | null
}

/** Parses "5511987654321:12@s.whatsapp.net", "162534879012345@lid", "…@g.us", "status@broadcast". */
export const parseWhatsappJid = (jid: string): ParsedWhatsappJid | null => {
  const match = /^([^@:]+)(?::\d+)?@([a-z.]+)$/i.exec(jid.trim())
  if (!match) return null
  const user = match[1] as string
  const server = (match[2] as string).toLowerCase()
  if (server === 's.whatsapp.net' || server === 'c.us') {
    const phone = /^\d+$/.test(user) ? normalizePhoneNumber(`+${user}`) : null
    return { kind: phone ? 'phone' : 'other', user, server, phone }
  }
  if (server === 'lid') return { kind: 'lid', user, server, phone: null }
  if (server === 'g.us') return { kind: 'group', user, server, phone: null }
  if (server === 'broadcast') return { kind: 'broadcast', user, server, phone: null }
  return { kind: 'other', user, server, phone: null }
}

/** The JID Evolution accepts for sending to a phone number. */
export const phoneToWhatsappJid = (phone: string): string => `${phone}@s.whatsapp.net`

/** Two inputs are the same person's number (9th digit aware). */
export const isSamePhoneNumber = (left: string, right: string): boolean => {
  const a = normalizePhoneNumber(left)
  return a !== null && a === normalizePhoneNumber(right)
}
