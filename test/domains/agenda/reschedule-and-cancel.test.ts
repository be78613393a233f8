import { describe, expect, it } from 'vitest'
import { useTestFileStorage } from '../../support/file-storage.js'
import { createAgendaTestKit, type AgendaTestKit } from './agenda-test-setup.js'

const files = useTestFileStorage()

const setUp = async () => {
  const kit = await createAgendaTestKit(files.storage)
  const book = (customerId: string, startLocal: string) =>
    kit.agenda.book({ tenantId: kit.tenantId, config: kit.config, customerId, serviceName: 'Corte', startLocal })
  return { kit, book, tenantId: kit.tenantId, config: kit.config }
}

const status = async (kit: AgendaTestKit, appointmentId: string) => (await kit.agenda.getAppointment({ tenantId: kit.tenantId, appointmentId }))?.status

describe('rescheduling and cancelling', () => {
  it('lets a customer cancel only their own appointments; another customer\'s looks missing', async () => {
    const { kit, book, tenantId } = await setUp()
    const mine = await book('cus_ana', '2026-03-03T10:00')
    const theirs = await book('cus_bia', '2026-03-03T11:00')
    await expect(kit.agenda.cancel({ tenantId, actor: { role: 'customer', customerId: 'cus_ana' }, appointmentId: theirs.appointment_id })).rejects.toMatchObject({
      code: 'AGENDA_APPOINTMENT_NOT_FOUND',
      category: 'user',
    })
    expect(await status(kit, theirs.appointment_id)).toBe('booked')
    const cancelled = await kit.agenda.cancel({ tenantId, actor: { role: 'customer', customerId: 'cus_ana' }, appointmentId: mine.appointment_id })
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_reason: 'cancelled_by_customer' })
    // Cancelling twice is harmless.
    expect((await kit.agenda.cancel({ tenantId, actor: { role: 'customer', customerId: 'cus_ana' }, appointmentId: mine.appointment_id })).status).toBe('cancelled')
  })

  it('lets the owner cancel any appointment, freeing the slot', async () => {
    const { kit, book, tenantId } = await setUp()
    const theirs = await book('cus_bia', '2026-03-03T11:00')
    await kit.agenda.cancel({ tenantId, actor: { role: 'owner' }, appointmentId: theirs.appointment_id })
    expect(await status(kit, theirs.appointment_id)).toBe('cancelled')
    expect((await book('cus_ana', '2026-03-03T11:00')).status).toBe('booked')
  })

  it('refuses a customer cancelling an appointment that already started', async () => {
    const { kit, book, tenantId } = await setUp()
    const appointment = await book('cus_ana', '2026-03-02T10:00')
    kit.clock.set(new Date('2026-03-02T13:05:00.000Z'))
    await expect(kit.agenda.cancel({ tenantId, actor: { role: 'customer', customerId: 'cus_ana' }, appointmentId: appointment.appointment_id })).rejects.toMatchObject({ code: 'AGENDA_IN_PAST' })
  })

  it('reschedules a customer\'s own appointment to a free time, resetting its reminders', async () => {
    const { kit, book, tenantId, config } = await setUp()
    const mine = await book('cus_ana', '2026-03-03T10:00')
    await kit.agenda.markReminderSent({ tenantId, appointmentId: mine.appointment_id, key: '24h' })
    const moved = await kit.agenda.reschedule({ tenantId, config, actor: { role: 'customer', customerId: 'cus_ana' }, appointmentId: mine.appointment_id, startLocal: '2026-03-03T10:15' })
    expect(moved).toMatchObject({ start_at: '2026-03-03T13:15:00.000Z', end_at: '2026-03-03T13:45:00.000Z', reminders_sent: [], status: 'booked' })
    expect((await kit.agenda.listForCustomer({ tenantId, customerId: 'cus_ana' })).map((item) => item.start_at)).toEqual(['2026-03-03T13:15:00.000Z'])
  })

  it('refuses rescheduling someone else\'s, a cancelled one, onto a taken slot or outside hours', async () => {
    const { kit, book, tenantId, config } = await setUp()
    const mine = await book('cus_ana', '2026-03-03T10:00')
    const theirs = await book('cus_bia', '2026-03-03T11:00')
    const ana = { role: 'customer' as const, customerId: 'cus_ana' }
    await expect(kit.agenda.reschedule({ tenantId, config, actor: ana, appointmentId: theirs.appointment_id, startLocal: '2026-03-03T15:00' })).rejects.toMatchObject({ code: 'AGENDA_APPOINTMENT_NOT_FOUND' })
    await expect(kit.agenda.reschedule({ tenantId, config, actor: ana, appointmentId: mine.appointment_id, startLocal: '2026-03-03T11:15' })).rejects.toMatchObject({
      code: 'AGENDA_SLOT_TAKEN',
      details: { alternatives: expect.arrayContaining([expect.objectContaining({ start: '2026-03-03T09:00' })]) },
    })
    await expect(kit.agenda.reschedule({ tenantId, config, actor: ana, appointmentId: mine.appointment_id, startLocal: '2026-03-03T20:00' })).rejects.toMatchObject({ code: 'AGENDA_OUTSIDE_HOURS' })
    // The owner may move anyone's.
    await kit.agenda.reschedule({ tenantId, config, actor: { role: 'owner' }, appointmentId: theirs.appointment_id, startLocal: '2026-03-03T16:00' })
    await kit.agenda.cancel({ tenantId, actor: ana, appointmentId: mine.appointment_id })
    await expect(kit.agenda.reschedule({ tenantId, config, actor: ana, appointmentId: mine.appointment_id, startLocal: '2026-03-03T15:00' })).rejects.toMatchObject({ code: 'AGENDA_APPOINTMENT_CANCELLED' })
  })

  it('lists a window in local days for the owner', async () => {
    const { kit, book, tenantId, config } = await setUp()
    await book('cus_ana', '2026-03-03T09:00')
    await book('cus_bia', '2026-03-03T17:30')
    await book('cus_bia', '2026-03-04T09:00')
    expect((await kit.agenda.listBetween({ tenantId, config, from: '2026-03-03', to: '2026-03-03' })).map((item) => item.start_at)).toEqual([
      '2026-03-03T12:00:00.000Z',
      '2026-03-03T20:30:00.000Z',
    ])
    await expect(kit.agenda.listBetween({ tenantId, config, from: '2026-03-04', to: '2026-03-02' })).rejects.toMatchObject({ code: 'AGENDA_TIME_INVALID' })
  })
})
