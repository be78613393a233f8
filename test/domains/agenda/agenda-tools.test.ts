import { describe, expect, it } from 'vitest'
import type { AgentToolDefinition, ToolScope } from '../../../src/agent/agent-tool.js'
import { createAgendaTools } from '../../../src/domains/agenda/index.js'
import { useTestFileStorage } from '../../support/file-storage.js'
import { createAgendaTestKit, type AgendaTestKit } from './agenda-test-setup.js'

const files = useTestFileStorage()

const setUp = async () => {
  const kit = await createAgendaTestKit(files.storage)
  const tools = createAgendaTools({ agenda: kit.agenda, customers: kit.customers })
  const ana = await kit.customers.createCustomer({ tenantId: kit.tenantId, fields: { phone: '5511987650011', display_name: 'Ana' } })
  const bia = await kit.customers.createCustomer({ tenantId: kit.tenantId, fields: { phone: '5511987650022', display_name: 'Bia' } })
  const scopeOf = (role: ToolScope['role'], contactId: string): ToolScope => ({ tenantId: kit.tenantId, contactId, role, config: kit.config })
  const call = async (name: string, args: unknown, scope: ToolScope) => {
    const tool = tools.find((candidate) => candidate.name === name) as AgentToolDefinition
    return tool.run(tool.schema.parse(args), scope)
  }
  return { kit, tools, ana, bia, call, asAna: scopeOf('customer', ana.customer_id), asBia: scopeOf('customer', bia.customer_id), asOwner: scopeOf('owner', 'cus_owner') }
}

const appointmentsOf = (kit: AgendaTestKit, customerId: string) => kit.agenda.listForCustomer({ tenantId: kit.tenantId, customerId })

describe('agenda tools', () => {
  it('have exactly the names, roles and arguments of INTERFACE.md, and no tenant field', async () => {
    const { tools } = await setUp()
    const shape = Object.fromEntries(tools.map((tool) => [tool.name, { roles: [...tool.roles].sort(), args: Object.keys(tool.schema.shape).sort(), confirm: tool.requiresConfirmation ?? false }]))
    expect(shape).toEqual({
      find_available_slots: { roles: ['customer', 'owner'], args: ['date', 'service'], confirm: false },
      book_appointment: { roles: ['customer'], args: ['service', 'start'], confirm: false },
      list_my_appointments: { roles: ['customer'], args: [], confirm: false },
      reschedule_my_appointment: { roles: ['customer'], args: ['appointment_id', 'start'], confirm: false },
      cancel_my_appointment: { roles: ['customer'], args: ['appointment_id'], confirm: false },
      list_appointments: { roles: ['owner'], args: ['from', 'to'], confirm: false },
      book_appointment_for: { roles: ['owner'], args: ['customer_name', 'customer_phone', 'service', 'start'], confirm: false },
      cancel_appointment: { roles: ['owner'], args: ['appointment_id'], confirm: true },
    })
  })

  it('books for the contact of the turn and lists only their appointments', async () => {
    const { kit, call, asAna, asBia, ana } = await setUp()
    const slots = await call('find_available_slots', { service: 'Corte', date: '2026-03-03' }, asAna)
    expect(slots.text).toContain('start: 2026-03-03T09:00')
    const booked = await call('book_appointment', { service: 'Corte', start: '2026-03-03T09:00' }, asAna)
    expect(booked).toMatchObject({ ok: true, text: expect.stringContaining('terça-feira, 03/03 às 09:00') })
    expect((await appointmentsOf(kit, ana.customer_id)).length).toBe(1)
    expect((await call('list_my_appointments', {}, asAna)).text).toContain('Corte')
    expect((await call('list_my_appointments', {}, asBia)).text).toBe('O cliente não tem agendamentos futuros.')
  })

  it('does not let a customer cancel or reschedule another customer\'s appointment', async () => {
    const { kit, call, asAna, asBia, bia } = await setUp()
    await call('book_appointment', { service: 'Corte', start: '2026-03-03T10:00' }, asBia)
    const [theirs] = await appointmentsOf(kit, bia.customer_id)
    await expect(call('cancel_my_appointment', { appointment_id: theirs?.appointment_id }, asAna)).rejects.toMatchObject({ code: 'AGENDA_APPOINTMENT_NOT_FOUND', category: 'user' })
    await expect(call('reschedule_my_appointment', { appointment_id: theirs?.appointment_id, start: '2026-03-03T15:00' }, asAna)).rejects.toMatchObject({ code: 'AGENDA_APPOINTMENT_NOT_FOUND' })
    expect((await appointmentsOf(kit, bia.customer_id))[0]).toMatchObject({ status: 'booked', start_at: '2026-03-03T13:00:00.000Z' })
    expect((await call('cancel_my_appointment', { appointment_id: theirs?.appointment_id }, asBia)).ok).toBe(true)
  })

  it('lets the owner book for a phone, creating the customer once', async () => {
    const { kit, call, asOwner } = await setUp()
    const first = await call('book_appointment_for', { customer_phone: '+55 11 98888-7777', customer_name: 'Carla', service: 'Barba', start: '2026-03-03T14:00' }, asOwner)
    expect(first).toMatchObject({ ok: true, text: expect.stringContaining('Carla') })
    const carla = await kit.customers.findByPhone({ tenantId: kit.tenantId, phone: '5511988887777' })
    expect(carla).toMatchObject({ display_name: 'Carla', origin: 'manual' })
    await call('book_appointment_for', { customer_phone: '11988887777', service: 'Corte', start: '2026-03-04T14:00' }, asOwner)
    expect((await appointmentsOf(kit, carla?.customer_id as string)).length).toBe(2)
    expect((await kit.customers.listCustomers({ tenantId: kit.tenantId, limit: 10 })).total).toBe(3)
    const listed = await call('list_appointments', { from: '2026-03-03', to: '2026-03-04' }, asOwner)
    expect(listed.text).toContain('2 agendamento(s)')
    expect(listed.text).toContain('Carla')
  })

  it('summarizes an owner cancellation for confirmation, then cancels any appointment', async () => {
    const { kit, tools, call, asAna, asOwner, ana } = await setUp()
    await call('book_appointment', { service: 'Corte', start: '2026-03-03T10:00' }, asAna)
    const [appointment] = await appointmentsOf(kit, ana.customer_id)
    const tool = tools.find((candidate) => candidate.name === 'cancel_appointment') as AgentToolDefinition
    const summary = await tool.summarize?.({ appointment_id: appointment?.appointment_id }, asOwner)
    expect(summary).toContain('Cancelar')
    expect(summary).toContain('Ana')
    expect(summary).toContain('03/03 às 10:00')
    expect((await call('cancel_appointment', { appointment_id: appointment?.appointment_id }, asOwner)).ok).toBe(true)
    expect((await kit.agenda.getAppointment({ tenantId: kit.tenantId, appointmentId: appointment?.appointment_id as string }))?.status).toBe('cancelled')
  })

  it('relays a taken slot as a user error naming free alternatives', async () => {
    const { call, asAna, asBia } = await setUp()
    await call('book_appointment', { service: 'Corte', start: '2026-03-03T10:00' }, asAna)
    await expect(call('book_appointment', { service: 'Corte', start: '2026-03-03T10:00' }, asBia)).rejects.toMatchObject({
      code: 'AGENDA_SLOT_TAKEN',
      message: expect.stringContaining('Horários livres'),
    })
  })
})
