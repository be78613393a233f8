import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import { appointmentsConflict, type AgendaBlock, type Appointment } from './appointment.js'
import { appointmentExistsError, slotTakenError } from './agenda-errors.js'
import type { AgendaStore } from './agenda-store.js'

const byStart = (a: { start_at: string }, b: { start_at: string }) => Date.parse(a.start_at) - Date.parse(b.start_at)

export const createFileAgendaStore = async (storage: FileStorage): Promise<AgendaStore> => {
  const appointments = await storage.collection<Appointment>({
    folder: 'agenda',
    name: 'appointments',
    idOf: (appointment) => appointment.appointment_id,
    indexes: { status: (appointment) => appointment.status },
  })
  const blocks = await storage.collection<AgendaBlock>({
    folder: 'agenda',
    name: 'blocks',
    idOf: (block) => block.block_id,
  })

  // Synchronous, and followed by the put in the same tick: check-then-put cannot race.
  const assertFree = (appointment: Appointment): void => {
    const taken = appointments
      .peekByIndex(appointment.tenant_id, 'status', 'booked')
      .some((other) => other.appointment_id !== appointment.appointment_id && appointmentsConflict(appointment, other))
    if (taken) throw slotTakenError(appointment.start_at)
  }

  return {
    get: async ({ tenantId, appointmentId }) => appointments.get(tenantId, appointmentId),

    list: async ({ tenantId, from, to, customerId, status, limit, cursor }) => {
      const fromMs = Date.parse(from)
      const toMs = Date.parse(to)
      const matching = appointments
        .list(tenantId, (appointment) => {
          const start = Date.parse(appointment.start_at)
          return (
            start >= fromMs &&
            start < toMs &&
            (customerId === undefined || appointment.customer_id === customerId) &&
            (status === undefined || appointment.status === status)
          )
        })
        .sort((a, b) => byStart(a, b) || a.appointment_id.localeCompare(b.appointment_id))
      return pageInMemory(matching, {
        limit,
        cursor,
        position: (appointment) => ({ sort: appointment.start_at, id: appointment.appointment_id }),
      })
    },

    save: async ({ appointment }) => {
      if (appointments.get(appointment.tenant_id, appointment.appointment_id)) throw appointmentExistsError(appointment.appointment_id)
      await appointments.put(appointment)
      return structuredClone(appointment)
    },

    update: async ({ appointment }) => {
      if (!appointments.get(appointment.tenant_id, appointment.appointment_id)) return null
      await appointments.put(appointment)
      return structuredClone(appointment)
    },

    book: async ({ appointment }) => {
      if (appointments.get(appointment.tenant_id, appointment.appointment_id)) throw appointmentExistsError(appointment.appointment_id)
      if (appointment.status === 'booked') assertFree(appointment)
      await appointments.put(appointment)
      return structuredClone(appointment)
    },

    reschedule: async ({ appointment }) => {
      if (!appointments.get(appointment.tenant_id, appointment.appointment_id)) return null
      if (appointment.status === 'booked') assertFree(appointment)
      await appointments.put(appointment)
      return structuredClone(appointment)
    },

    saveBlock: async ({ block }) => {
      await blocks.put(block)
      return structuredClone(block)
    },

    listBlocks: async ({ tenantId, from, to }) =>
      blocks
        .list(tenantId, (block) => Date.parse(block.start_at) < Date.parse(to) && Date.parse(from) < Date.parse(block.end_at))
        .sort((a, b) => byStart(a, b) || a.block_id.localeCompare(b.block_id)),

    deleteBlock: async ({ tenantId, blockId }) => blocks.delete(tenantId, blockId),
  }
}
