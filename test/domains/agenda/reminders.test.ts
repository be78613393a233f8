import { describe, expect, it } from 'vitest'
import { reminderText } from '../../../src/domains/agenda/index.js'
import { useTestFileStorage } from '../../support/file-storage.js'
import { createAgendaTestKit } from './agenda-test-setup.js'

const files = useTestFileStorage()

// The appointment: Tuesday 2026-03-03 10:00 in São Paulo = 13:00 UTC.
const setUp = async () => {
  const kit = await createAgendaTestKit(files.storage)
  const appointment = await kit.agenda.book({ tenantId: kit.tenantId, config: kit.config, customerId: 'cus_ana', serviceName: 'Corte', startLocal: '2026-03-03T10:00' })
  const due = (now: string) => kit.agenda.dueReminders({ tenantId: kit.tenantId, config: kit.config, now: new Date(now) })
  const mark = (key: string) => kit.agenda.markReminderSent({ tenantId: kit.tenantId, appointmentId: appointment.appointment_id, key })
  return { kit, appointment, due, mark }
}

const keys = (due: Array<{ key: string }>) => due.map((item) => item.key)

describe('appointment reminders', () => {
  it('makes the 24 h and then the 2 h reminder due, each once', async () => {
    const { due, mark, appointment } = await setUp()
    expect(await due('2026-03-02T12:59:00.000Z')).toEqual([])
    const first = await due('2026-03-02T13:00:00.000Z')
    expect(keys(first)).toEqual(['24h'])
    expect(first[0]?.appointment.appointment_id).toBe(appointment.appointment_id)
    await mark('24h')
    expect(await due('2026-03-02T13:05:00.000Z')).toEqual([])
    expect(await due('2026-03-03T10:59:00.000Z')).toEqual([])
    expect(keys(await due('2026-03-03T11:00:00.000Z'))).toEqual(['2h'])
    await mark('2h')
    expect(await due('2026-03-03T12:00:00.000Z')).toEqual([])
  })

  it('marks a reminder sent idempotently', async () => {
    const { mark } = await setUp()
    await mark('24h')
    expect((await mark('24h'))?.reminders_sent).toEqual(['24h'])
  })

  it('never reminds of a cancelled appointment', async () => {
    const { kit, appointment, due } = await setUp()
    await kit.agenda.cancel({ tenantId: kit.tenantId, actor: { role: 'owner' }, appointmentId: appointment.appointment_id })
    expect(await due('2026-03-02T13:00:00.000Z')).toEqual([])
    expect(await due('2026-03-03T11:30:00.000Z')).toEqual([])
  })

  it('catches up a missed reminder while the appointment is ahead, sending only the latest one', async () => {
    const { due, mark } = await setUp()
    // Down from Monday morning until 3 h before: the 24 h reminder is still worth sending.
    expect(keys(await due('2026-03-03T10:00:00.000Z'))).toEqual(['24h'])
    // Down until 1 h before: both are due, only the 2 h one goes.
    expect(keys(await due('2026-03-03T12:00:00.000Z'))).toEqual(['2h'])
    await mark('2h')
    expect(await due('2026-03-03T12:00:00.000Z')).toEqual([])
    // Once the appointment started there is nothing to remind.
    const { due: dueOther } = await setUp()
    expect(await dueOther('2026-03-03T13:00:00.000Z')).toEqual([])
  })

  it('writes the reminder in pt-BR with the local date and time', async () => {
    const { kit, appointment } = await setUp()
    const text = reminderText(appointment, kit.config)
    expect(text).toContain('Corte')
    expect(text).toContain('terça-feira, 03/03 às 10:00')
    expect(text).toContain('Salão Teste')
  })
})
