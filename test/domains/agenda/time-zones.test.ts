import { describe, expect, it } from 'vitest'
import { formatLocalDateTime, localToUtc } from '../../../src/domains/agenda/index.js'
import { useTestFileStorage } from '../../support/file-storage.js'
import { createAgendaTestKit, salonConfig } from './agenda-test-setup.js'

const files = useTestFileStorage()

const utc = (local: string, zone: string) => localToUtc(local, zone)?.toISOString() ?? null

describe('local time in the tenant\'s zone', () => {
  it('converts São Paulo (UTC−3, no daylight saving) both ways', () => {
    expect(utc('2026-03-02T09:00', 'America/Sao_Paulo')).toBe('2026-03-02T12:00:00.000Z')
    expect(utc('2026-12-31T23:30', 'America/Sao_Paulo')).toBe('2027-01-01T02:30:00.000Z')
    expect(formatLocalDateTime('2026-03-02T02:00:00.000Z', 'America/Sao_Paulo')).toBe('2026-03-01T23:00')
  })

  it('follows New York across the start and the end of daylight saving', () => {
    const zone = 'America/New_York'
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT.
    expect(utc('2026-03-08T01:30', zone)).toBe('2026-03-08T06:30:00.000Z')
    expect(utc('2026-03-08T02:30', zone)).toBeNull()
    expect(utc('2026-03-08T03:00', zone)).toBe('2026-03-08T07:00:00.000Z')
    expect(utc('2026-03-09T09:00', zone)).toBe('2026-03-09T13:00:00.000Z')
    expect(utc('2026-03-06T09:00', zone)).toBe('2026-03-06T14:00:00.000Z')
    // 2026-11-01: 01:00–02:00 happens twice; the first (EDT) is meant.
    expect(utc('2026-11-01T01:30', zone)).toBe('2026-11-01T05:30:00.000Z')
    expect(formatLocalDateTime('2026-11-01T06:30:00.000Z', zone)).toBe('2026-11-01T01:30')
  })

  it('rejects impossible dates', () => {
    expect(utc('2026-02-29T10:00', 'America/Sao_Paulo')).toBeNull()
    expect(utc('2026-03-02T24:00', 'America/Sao_Paulo')).toBeNull()
  })
})

describe('the agenda in a zone with daylight saving', () => {
  const newYork = salonConfig({
    timezone: 'America/New_York',
    business: {
      services: [{ name: 'Corte', duration_minutes: 30, price_cents: 5000 }],
      hours: { fri: [['09:00', '10:00']], sun: [['01:00', '04:00']], mon: [['09:00', '10:00']] },
    },
  })

  it('offers the same local hours on both sides of the change, at different UTC instants', async () => {
    const { agenda, tenantId, config } = await createAgendaTestKit(files.storage, { config: newYork, now: '2026-03-05T12:00:00.000Z' })
    const friday = await agenda.findAvailableSlots({ tenantId, config, date: '2026-03-06' })
    const monday = await agenda.findAvailableSlots({ tenantId, config, date: '2026-03-09' })
    expect(friday.map((slot) => [slot.start, slot.start_at])).toEqual([
      ['2026-03-06T09:00', '2026-03-06T14:00:00.000Z'],
      ['2026-03-06T09:30', '2026-03-06T14:30:00.000Z'],
    ])
    expect(monday.map((slot) => [slot.start, slot.start_at])).toEqual([
      ['2026-03-09T09:00', '2026-03-09T13:00:00.000Z'],
      ['2026-03-09T09:30', '2026-03-09T13:30:00.000Z'],
    ])
  })

  it('skips the local times the change removes, and refuses to book them', async () => {
    const { agenda, tenantId, config } = await createAgendaTestKit(files.storage, { config: newYork, now: '2026-03-05T12:00:00.000Z' })
    const sunday = await agenda.findAvailableSlots({ tenantId, config, date: '2026-03-08' })
    expect(sunday.map((slot) => slot.start.slice(11))).toEqual(['01:00', '03:00', '03:30'])
    for (const slot of sunday) expect(Date.parse(slot.end_at) - Date.parse(slot.start_at)).toBe(30 * 60_000)
    await expect(agenda.book({ tenantId, config, customerId: 'cus_x', serviceName: 'Corte', startLocal: '2026-03-08T02:30' })).rejects.toMatchObject({ code: 'AGENDA_TIME_INVALID' })
    const booked = await agenda.book({ tenantId, config, customerId: 'cus_x', serviceName: 'Corte', startLocal: '2026-03-08T03:00' })
    expect(booked.start_at).toBe('2026-03-08T07:00:00.000Z')
  })
})
