import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// Scheduled messages leave through the same send queue: an appointment reminder reaches Evolution once.
let h: WhatsappHarness
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '23:59']]]))
beforeAll(async () => {
  // The send window is the whole day so the test does not depend on the hour it runs.
  h = await startWhatsappHarness({
    config: { business: { services: [{ name: 'Avaliação', duration_minutes: 30, price_cents: 0 }], hours: allDay }, crm: { send_window: { start: '00:00', end: '23:59' } } },
  })
})
afterAll(() => h.stop())

const localParts = (date: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  )
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>
}

describe('appointment reminders', () => {
  it('are sent once through Evolution when due', async () => {
    const customer = '5511933331111'
    // Between one and two hours ahead: the 2-hour reminder is due now.
    const start = localParts(new Date(Date.now() + 2 * 3600_000))
    const booked = await h.app.api(`/api/tenants/${h.tenantId}/chat`, {
      method: 'POST',
      body: { as: 'customer', from: customer, text: `${start.day}/${start.month} ${start.hour}:00` },
    })
    expect(booked.body.tool_calls).toEqual([{ name: 'book_appointment', ok: true }])
    const { scheduler } = h.app.fabio.runtime
    expect(await scheduler.runNow('agenda.reminders')).toBe(true)
    const [reminder] = await h.evolution.waitForSentTexts(1)
    expect(reminder?.number).toBe(`${customer}@s.whatsapp.net`)
    expect(reminder?.text).toContain('Avaliação')
    await scheduler.runNow('agenda.reminders')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(h.evolution.sentTexts()).toHaveLength(1)
  })
})
