import { describe, expect, it } from 'vitest'
import { isSamePhoneNumber, normalizePhoneNumber, parseWhatsappJid, phoneToWhatsappJid } from '../../src/shared/phone-number.js'

describe('normalizePhoneNumber', () => {
  it('keeps E.164 digits without formatting', () => {
    expect(normalizePhoneNumber('+55 (11) 98765-4321')).toBe('5511987654321')
    expect(normalizePhoneNumber('5511987654321')).toBe('5511987654321')
    expect(normalizePhoneNumber('+1 415 555 2671')).toBe('14155552671')
  })

  it('adds Brazil’s 9th digit to 8-digit mobiles, so both forms are one person', () => {
    expect(normalizePhoneNumber('551187654321')).toBe('5511987654321')
    expect(isSamePhoneNumber('55 11 8765-4321', '55 11 98765-4321')).toBe(true)
  })

  it('leaves Brazilian landlines (first digit 2–5) with 8 digits', () => {
    expect(normalizePhoneNumber('551133334444')).toBe('551133334444')
  })

  it('reads national Brazilian numbers (DDD + number) as +55', () => {
    expect(normalizePhoneNumber('(11) 98765-4321')).toBe('5511987654321')
    expect(normalizePhoneNumber('11 8765-4321')).toBe('5511987654321')
  })

  it('refuses what cannot be a phone number', () => {
    expect(normalizePhoneNumber('')).toBeNull()
    expect(normalizePhoneNumber('abc')).toBeNull()
    expect(normalizePhoneNumber('1234')).toBeNull()
    expect(normalizePhoneNumber('+1234567890123456')).toBeNull()
    expect(normalizePhoneNumber('5511987654321@s.whatsapp.net')).toBeNull()
  })
})

describe('parseWhatsappJid', () => {
  it('reads a phone JID, dropping the device suffix and adding the 9th digit', () => {
    expect(parseWhatsappJid('551187654321:12@s.whatsapp.net')).toEqual({
      kind: 'phone',
      user: '551187654321',
      server: 's.whatsapp.net',
      phone: '5511987654321',
    })
  })

  it('reads LIDs, groups and status broadcasts', () => {
    expect(parseWhatsappJid('162534879012345@lid')).toMatchObject({ kind: 'lid', user: '162534879012345', phone: null })
    expect(parseWhatsappJid('120363025246125486@g.us')).toMatchObject({ kind: 'group' })
    expect(parseWhatsappJid('status@broadcast')).toMatchObject({ kind: 'broadcast' })
  })

  it('answers null for what is not a JID', () => {
    expect(parseWhatsappJid('5511987654321')).toBeNull()
    expect(parseWhatsappJid('')).toBeNull()
  })

  it('builds the JID Evolution accepts for a phone', () => {
    expect(phoneToWhatsappJid('5511987654321')).toBe('5511987654321@s.whatsapp.net')
  })
})
