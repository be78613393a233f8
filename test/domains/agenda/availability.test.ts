import { describe, expect, it } from 'vitest'
import { useTestFileStorage } from '../../support/file-storage.js'
import { createAgendaTestKit } from './agenda-test-setup.js'

const files = useTestFileStorage()

const starts = (slots: Array<{ start: string }>) => slots.map((slot) => slot.start.slice(11))

describe('finding available slots', () => {
  it('offers the first service inside the hours of the day, skipping the lunch break', async () => {
    const { agenda, tenantId, config } = await createAgendaTestKit(files.storage)
    const slots = await agenda.findAvailableSlots({ tenantId, config })
    expect(slots[0]).toMatchObject({ service_name: 'Corte', start: '2026-03-02T09:00', end: '2026-03-02T09:30', start_at: '2026-03-02T12:00:00.000Z' })
    expect(starts(slots)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30'])
  })

  it('never offers a slot in the past', async () => {
    const { agenda, tenantId, config, clock } = await createAgendaTestKit(files.storage)
    clock.set(new Date('2026-03-02T13:10:00.000Z')) // 10:10 local
    expect(starts(await agenda.findAvailableSlots({ tenantId, config, limit: 2 }))).toEqual(['10:30', '11:00'])
    clock.set(new Date('2026-03-02T21:00:00.000Z')) // 18:00 local: the next day
    expect((await agenda.findAvailableSlots({ tenantId, config, limit: 1 }))[0]?.start).toBe('2026-03-03T09:00')
  })

  it('fits a long service only where it ends before the break or closing', async () => {
    const { agenda, tenantId, config } = await createAgendaTestKit(files.storage)
    const slots = await agenda.findAvailableSlots({ tenantId, config, serviceName: 'coloracao', date: '2026-03-02' })
    expect(starts(slots)).toEqual(['09:00', '10:00', '13:00', '14:00', '15:00', '16:00'])
  })

  it('skips booked appointments and keeps the service buffer free around them', async () => {
    const { agenda, tenantId, config, customers } = await createAgendaTestKit(files.storage)
    const customer = await customers.createCustomer({ tenantId, fields: { phone: '5511987650001' } })
    await agenda.book({ tenantId, config, customerId: customer.customer_id, serviceName: 'Corte', startLocal: '2026-03-02T09:30' })
    expect(starts(await agenda.findAvailableSlots({ tenantId, config, limit: 3 }))).toEqual(['09:00', '10:00', '10:30'])
    // Barba (20 min, 15 min buffer): 09:00 ends only 10 minutes before 09:30, 10:00 starts right at its end; 10:20 keeps the gap.
    expect(starts(await agenda.findAvailableSlots({ tenantId, config, serviceName: 'Barba', limit: 2 }))).toEqual(['10:20', '10:40'])
  })

  it('offers nothing on a closed day, a holiday or a blocked period', async () => {
    const { agenda, tenantId, config } = await createAgendaTestKit(files.storage)
    expect(await agenda.findAvailableSlots({ tenantId, config, date: '2026-03-08' })).toEqual([]) // Sunday
    await agenda.addBlock({ tenantId, config, start: '2026-03-03', end: '2026-03-03', reason: 'Feriado municipal', kind: 'holiday' })
    expect(await agenda.findAvailableSlots({ tenantId, config, date: '2026-03-03' })).toEqual([])
    await agenda.addBlock({ tenantId, config, start: '2026-03-04T14:00', end: '2026-03-04T15:00', reason: 'Reunião', kind: 'blocked' })
    const wednesday = starts(await agenda.findAvailableSlots({ tenantId, config, date: '2026-03-04', limit: 20 }))
    expect(wednesday).toContain('13:30')
    expect(wednesday).not.toContain('14:00')
    expect(wednesday).not.toContain('14:30')
    expect(wednesday).toContain('15:00')
  })

  it('refuses a service the business does not offer', async () => {
    const { agenda, tenantId, config } = await createAgendaTestKit(files.storage)
    await expect(agenda.findAvailableSlots({ tenantId, config, serviceName: 'Massagem' })).rejects.toMatchObject({
      code: 'AGENDA_SERVICE_UNKNOWN',
      category: 'user',
      message: expect.stringContaining('Corte, Barba, Coloração'),
    })
  })
})
