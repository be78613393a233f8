import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { AgendaBlock, AgendaStore, Appointment } from '../../src/domains/agenda/index.js'
import { randomTenantId } from '../support/factories.js'

export { createFileAgendaStore, createPostgresAgendaStore } from '../../src/domains/agenda/index.js'

export interface AppointmentStoreContractOptions {
  createStore(): Promise<AgendaStore>
}

/** 2026-03-02 (a Monday) at hour:minute UTC, plus `days`. */
export const utcAt = (hour: number, minute = 0, days = 0): string => new Date(Date.UTC(2026, 2, 2 + days, hour, minute)).toISOString()

export const createTestAppointment = (overrides: Partial<Appointment> = {}): Appointment => {
  const start = overrides.start_at ?? utcAt(12)
  return {
    tenant_id: randomTenantId(),
    appointment_id: `apt_${randomBytes(8).toString('hex')}`,
    customer_id: `cus_${randomBytes(8).toString('hex')}`,
    service_name: 'Corte',
    start_at: start,
    end_at: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    buffer_minutes: 0,
    price_cents: 5000,
    status: 'booked',
    cancelled_reason: null,
    reminders_sent: [],
    created_at: utcAt(9),
    updated_at: utcAt(9),
    ...overrides,
  }
}

const testBlock = (overrides: Partial<AgendaBlock> = {}): AgendaBlock => ({
  tenant_id: randomTenantId(),
  block_id: `blk_${randomBytes(8).toString('hex')}`,
  start_at: utcAt(0, 0, 3),
  end_at: utcAt(0, 0, 4),
  reason: 'Carnaval',
  kind: 'holiday',
  ...overrides,
})

const wholeTime = { from: '1970-01-01T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' }

/** The behaviour every AgendaStore backend must have. */
export const runAppointmentStoreContract = ({ createStore }: AppointmentStoreContractOptions): void => {
  describe('AgendaStore contract', () => {
    it('saves an appointment and gets it back', async () => {
      const store = await createStore()
      const appointment = createTestAppointment({ reminders_sent: ['24h'], buffer_minutes: 10 })
      expect(await store.save({ appointment })).toEqual(appointment)
      expect(await store.get({ tenantId: appointment.tenant_id, appointmentId: appointment.appointment_id })).toEqual(appointment)
    })

    it('answers null for what does not exist and refuses a duplicate id', async () => {
      const store = await createStore()
      const appointment = createTestAppointment()
      expect(await store.get({ tenantId: appointment.tenant_id, appointmentId: appointment.appointment_id })).toBeNull()
      expect(await store.update({ appointment })).toBeNull()
      expect(await store.reschedule({ appointment })).toBeNull()
      expect(await store.deleteBlock({ tenantId: appointment.tenant_id, blockId: 'blk_missing' })).toBe(false)
      await store.save({ appointment })
      await expect(store.save({ appointment })).rejects.toMatchObject({ code: 'AGENDA_APPOINTMENT_EXISTS' })
      await expect(store.book({ appointment: { ...appointment, start_at: utcAt(20), end_at: utcAt(21) } })).rejects.toMatchObject({
        code: 'AGENDA_APPOINTMENT_EXISTS',
      })
    })

    it('updates an appointment in place', async () => {
      const store = await createStore()
      const appointment = createTestAppointment()
      await store.save({ appointment })
      const changed: Appointment = { ...appointment, status: 'cancelled', cancelled_reason: 'cliente pediu', reminders_sent: ['24h', '2h'], updated_at: utcAt(10) }
      expect(await store.update({ appointment: changed })).toEqual(changed)
      expect(await store.get({ tenantId: appointment.tenant_id, appointmentId: appointment.appointment_id })).toEqual(changed)
    })

    it('returns copies: changing a returned object changes nothing stored', async () => {
      const store = await createStore()
      const appointment = createTestAppointment()
      const saved = await store.save({ appointment })
      saved.reminders_sent.push('mutated')
      appointment.service_name = 'mutated too'
      const read = await store.get({ tenantId: appointment.tenant_id, appointmentId: appointment.appointment_id })
      expect(read?.service_name).toBe('Corte')
      expect(read?.reminders_sent).toEqual([])
      ;(read as Appointment).reminders_sent.push('again')
      expect((await store.get({ tenantId: appointment.tenant_id, appointmentId: appointment.appointment_id }))?.reminders_sent).toEqual([])
    })

    it('keeps tenants apart: the same ids under two tenants never see each other', async () => {
      const store = await createStore()
      const first = createTestAppointment({ appointment_id: 'apt_same' })
      const second = { ...first, tenant_id: randomTenantId(), service_name: 'Barba' }
      await store.save({ appointment: first })
      // Same time in another tenant is no conflict.
      await store.book({ appointment: second })
      expect((await store.get({ tenantId: first.tenant_id, appointmentId: 'apt_same' }))?.service_name).toBe('Corte')
      expect((await store.list({ tenantId: first.tenant_id, ...wholeTime, limit: 10 })).items).toEqual([first])
      expect((await store.list({ tenantId: second.tenant_id, ...wholeTime, limit: 10 })).items).toEqual([second])
    })

    it('lists a window by start time with filters, keyset pages and a total', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const customerId = 'cus_list'
      const hours = [15, 11, 13, 9, 17]
      for (const hour of hours) {
        await store.save({ appointment: createTestAppointment({ tenant_id: tenantId, appointment_id: `apt_${hour}`, customer_id: hour === 17 ? 'cus_other' : customerId, start_at: utcAt(hour), end_at: utcAt(hour, 30) }) })
      }
      await store.save({ appointment: createTestAppointment({ tenant_id: tenantId, appointment_id: 'apt_next_day', start_at: utcAt(10, 0, 1), end_at: utcAt(10, 30, 1) }) })
      await store.update({ appointment: { ...(await store.get({ tenantId, appointmentId: 'apt_13' }))!, status: 'cancelled' } })

      const window = { tenantId, from: utcAt(9), to: utcAt(0, 0, 1) }
      const first = await store.list({ ...window, limit: 2 })
      expect(first.items.map((item) => item.appointment_id)).toEqual(['apt_9', 'apt_11'])
      expect(first.total).toBe(5)
      const second = await store.list({ ...window, limit: 2, cursor: first.next_cursor as string })
      expect(second.items.map((item) => item.appointment_id)).toEqual(['apt_13', 'apt_15'])
      const third = await store.list({ ...window, limit: 2, cursor: second.next_cursor as string })
      expect(third.items.map((item) => item.appointment_id)).toEqual(['apt_17'])
      expect(third.next_cursor).toBeNull()

      // from is inclusive, to exclusive
      expect((await store.list({ tenantId, from: utcAt(11), to: utcAt(15), limit: 10 })).items.map((item) => item.appointment_id)).toEqual(['apt_11', 'apt_13'])
      expect((await store.list({ ...window, status: 'booked', limit: 10 })).items.map((item) => item.appointment_id)).toEqual(['apt_9', 'apt_11', 'apt_15', 'apt_17'])
      expect((await store.list({ ...window, customerId: 'cus_other', limit: 10 })).items.map((item) => item.appointment_id)).toEqual(['apt_17'])
      expect((await store.list({ ...window, customerId, status: 'cancelled', limit: 10 })).total).toBe(1)
    })

    it('rejects a cursor it did not issue', async () => {
      const store = await createStore()
      await expect(store.list({ tenantId: randomTenantId(), ...wholeTime, limit: 2, cursor: 'garbage!' })).rejects.toMatchObject({ code: 'PAGINATION_CURSOR_INVALID' })
    })

    it('books a free slot and refuses one that overlaps a booked appointment', async () => {
      const store = await createStore()
      const booked = createTestAppointment({ start_at: utcAt(12), end_at: utcAt(12, 30) })
      expect(await store.book({ appointment: booked })).toEqual(booked)
      const tenant = { tenant_id: booked.tenant_id }
      await expect(store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(12, 15), end_at: utcAt(12, 45) }) })).rejects.toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      await expect(store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(11, 45), end_at: utcAt(12, 15) }) })).rejects.toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      // Touching ends do not overlap.
      await store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(12, 30), end_at: utcAt(13) }) })
      await store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(11, 30), end_at: utcAt(12) }) })
      expect((await store.list({ tenantId: booked.tenant_id, ...wholeTime, limit: 10 })).total).toBe(3)
    })

    it('keeps the larger buffer free between two appointments', async () => {
      const store = await createStore()
      const booked = createTestAppointment({ start_at: utcAt(12), end_at: utcAt(12, 30), buffer_minutes: 15 })
      await store.book({ appointment: booked })
      const tenant = { tenant_id: booked.tenant_id }
      // Its buffer reaches 12:45, even for an appointment without a buffer of its own.
      await expect(store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(12, 40), end_at: utcAt(13, 10) }) })).rejects.toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      await expect(store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(11, 20), end_at: utcAt(11, 50) }) })).rejects.toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      // A new appointment's own, larger buffer counts too.
      await expect(store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(12, 45), end_at: utcAt(13, 15), buffer_minutes: 20 }) })).rejects.toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      await store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(12, 45), end_at: utcAt(13, 15) }) })
      await store.book({ appointment: createTestAppointment({ ...tenant, start_at: utcAt(11, 15), end_at: utcAt(11, 45) }) })
    })

    it('allows booking a slot again after its appointment is cancelled', async () => {
      const store = await createStore()
      const booked = createTestAppointment()
      await store.book({ appointment: booked })
      const again = createTestAppointment({ tenant_id: booked.tenant_id })
      await expect(store.book({ appointment: again })).rejects.toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      await store.update({ appointment: { ...booked, status: 'cancelled', cancelled_reason: 'cliente desistiu' } })
      expect(await store.book({ appointment: again })).toEqual(again)
    })

    it('reschedules with the same conflict check, ignoring the appointment itself', async () => {
      const store = await createStore()
      const moving = createTestAppointment({ start_at: utcAt(12), end_at: utcAt(12, 30) })
      await store.book({ appointment: moving })
      const other = createTestAppointment({ tenant_id: moving.tenant_id, start_at: utcAt(14), end_at: utcAt(14, 30) })
      await store.book({ appointment: other })
      // Overlapping its own old time is fine.
      const shifted = { ...moving, start_at: utcAt(12, 15), end_at: utcAt(12, 45) }
      expect(await store.reschedule({ appointment: shifted })).toEqual(shifted)
      await expect(store.reschedule({ appointment: { ...moving, start_at: utcAt(14, 15), end_at: utcAt(14, 45) } })).rejects.toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      expect(await store.get({ tenantId: moving.tenant_id, appointmentId: moving.appointment_id })).toEqual(shifted)
    })

    it('saves, lists by overlap and deletes blocks', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const holiday = testBlock({ tenant_id: tenantId, block_id: 'blk_b' })
      const blocked = testBlock({ tenant_id: tenantId, block_id: 'blk_a', start_at: utcAt(13, 0, 1), end_at: utcAt(15, 0, 1), kind: 'blocked', reason: 'Dentista' })
      await store.saveBlock({ block: holiday })
      await store.saveBlock({ block: blocked })
      await store.saveBlock({ block: testBlock() })
      expect(await store.listBlocks({ tenantId, ...wholeTime })).toEqual([blocked, holiday])
      expect(await store.listBlocks({ tenantId, from: utcAt(14, 0, 1), to: utcAt(14, 30, 1) })).toEqual([blocked])
      expect(await store.listBlocks({ tenantId, from: utcAt(15, 0, 1), to: utcAt(0, 0, 3) })).toEqual([])
      const moved = { ...blocked, end_at: utcAt(16, 0, 1) }
      await store.saveBlock({ block: moved })
      expect(await store.listBlocks({ tenantId, from: utcAt(15, 0, 1), to: utcAt(0, 0, 3) })).toEqual([moved])
      expect(await store.deleteBlock({ tenantId, blockId: 'blk_a' })).toBe(true)
      expect(await store.listBlocks({ tenantId, ...wholeTime })).toEqual([holiday])
    })

    it('lets exactly one of many concurrent bookings of one slot through', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const attempts = Array.from({ length: 5 }, () => createTestAppointment({ tenant_id: tenantId }))
      const results = await Promise.allSettled(attempts.map((appointment) => store.book({ appointment })))
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
      for (const result of results.filter((result) => result.status === 'rejected')) {
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'AGENDA_SLOT_TAKEN' })
      }
      expect((await store.list({ tenantId, ...wholeTime, limit: 10 })).total).toBe(1)
    })
  })
}
