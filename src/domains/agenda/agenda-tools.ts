import { z } from 'zod'
import { defineAgentTool, type AgentToolDefinition, type ToolScope } from '../../agent/agent-tool.js'
import type { CustomerService } from '../customers/index.js'
import { localDateSchema, localDateTimeSchema } from './appointment.js'
import { appointmentForLlm, slotForLlm } from './appointment-for-llm.js'
import type { AgendaService } from './agenda-service.js'
import { addDays } from './local-time.js'

const appointmentId = z.string().trim().min(1).max(100).describe('O id do agendamento, como aparece entre colchetes')
const start = localDateTimeSchema.describe('Início no horário local, AAAA-MM-DDTHH:mm')
const service = z.string().trim().min(1).max(120).describe('O nome do serviço, como a empresa o oferece')

/** The agenda's agent tools (INTERFACE.md). Customer tools act only on the turn's contact. */
export const createAgendaTools = (deps: { agenda: AgendaService; customers: CustomerService }): AgentToolDefinition[] => {
  const { agenda, customers } = deps
  const customerActor = (scope: ToolScope) => ({ role: 'customer' as const, customerId: scope.contactId })

  const findSlots = async (args: { service?: string; date?: string }, scope: ToolScope) => {
    const input = { tenantId: scope.tenantId, config: scope.config, serviceName: args.service }
    let slots = await agenda.findAvailableSlots({ ...input, date: args.date })
    let note = ''
    if (slots.length === 0 && args.date) {
      slots = await agenda.findAvailableSlots({ ...input, date: addDays(args.date, 1), days: 14 })
      note = `Não há horários livres em ${args.date}. `
    }
    if (slots.length === 0) return { ok: true, text: `${note}Não há horários livres nos próximos dias.` }
    return { ok: true, text: [`${note}Horários livres para ${slots[0]?.service_name}:`, ...slots.map((slot) => `- ${slotForLlm(slot)}`)].join('\n') }
  }

  return [
    defineAgentTool({
      name: 'find_available_slots',
      description:
        'Use antes de propor ou marcar um horário. Retorna os próximos horários livres de um serviço (padrão: o primeiro serviço), a partir de uma data (padrão: hoje), no horário local.',
      roles: ['customer', 'owner'],
      schema: z.object({ service: service.optional(), date: localDateSchema.optional().describe('Data local, AAAA-MM-DD') }),
      run: findSlots,
    }),
    defineAgentTool({
      name: 'book_appointment',
      description: 'Marca um horário para o cliente desta conversa. Use um horário retornado por find_available_slots. Retorna o agendamento criado.',
      roles: ['customer'],
      schema: z.object({ service, start }),
      run: async (args, scope) => {
        const appointment = await agenda.book({ tenantId: scope.tenantId, config: scope.config, customerId: scope.contactId, serviceName: args.service, startLocal: args.start })
        return { ok: true, text: `Agendado: ${appointmentForLlm(appointment, scope.config.timezone)}.` }
      },
    }),
    defineAgentTool({
      name: 'list_my_appointments',
      description: 'Lista os próximos agendamentos do cliente desta conversa, com o id de cada um.',
      roles: ['customer'],
      schema: z.object({}),
      run: async (_args, scope) => {
        const appointments = await agenda.listForCustomer({ tenantId: scope.tenantId, customerId: scope.contactId })
        if (appointments.length === 0) return { ok: true, text: 'O cliente não tem agendamentos futuros.' }
        return { ok: true, text: ['Próximos agendamentos:', ...appointments.map((appointment) => `- ${appointmentForLlm(appointment, scope.config.timezone)}`)].join('\n') }
      },
    }),
    defineAgentTool({
      name: 'reschedule_my_appointment',
      description: 'Remarca um agendamento do cliente desta conversa para outro horário livre (veja find_available_slots). Retorna o agendamento atualizado.',
      roles: ['customer'],
      schema: z.object({ appointment_id: appointmentId, start }),
      run: async (args, scope) => {
        const appointment = await agenda.reschedule({ tenantId: scope.tenantId, config: scope.config, actor: customerActor(scope), appointmentId: args.appointment_id, startLocal: args.start })
        return { ok: true, text: `Remarcado: ${appointmentForLlm(appointment, scope.config.timezone)}.` }
      },
    }),
    defineAgentTool({
      name: 'cancel_my_appointment',
      description: 'Cancela um agendamento do cliente desta conversa (use list_my_appointments para achar o id).',
      roles: ['customer'],
      schema: z.object({ appointment_id: appointmentId }),
      run: async (args, scope) => {
        const appointment = await agenda.cancel({ tenantId: scope.tenantId, actor: customerActor(scope), appointmentId: args.appointment_id })
        return { ok: true, text: `Cancelado: ${appointmentForLlm(appointment, scope.config.timezone)}.` }
      },
    }),
    defineAgentTool({
      name: 'list_appointments',
      description: 'Lista os agendamentos (todos os clientes) entre duas datas locais, AAAA-MM-DD (inclusive) ou AAAA-MM-DDTHH:mm. Retorna id, serviço, cliente, horário e situação.',
      roles: ['owner'],
      schema: z.object({
        from: z.union([localDateSchema, localDateTimeSchema]).describe('Início, AAAA-MM-DD ou AAAA-MM-DDTHH:mm'),
        to: z.union([localDateSchema, localDateTimeSchema]).describe('Fim, AAAA-MM-DD (dia incluído) ou AAAA-MM-DDTHH:mm'),
      }),
      run: async (args, scope) => {
        const appointments = await agenda.listBetween({ tenantId: scope.tenantId, config: scope.config, from: args.from, to: args.to })
        if (appointments.length === 0) return { ok: true, text: `Nenhum agendamento entre ${args.from} e ${args.to}.` }
        const lines = await Promise.all(
          appointments.map(async (appointment) => {
            const customer = await customers.getCustomer({ tenantId: scope.tenantId, customerId: appointment.customer_id })
            return `- ${appointmentForLlm(appointment, scope.config.timezone, customer?.display_name ?? (customer?.phone ? `+${customer.phone}` : null))}`
          }),
        )
        return { ok: true, text: [`${appointments.length} agendamento(s):`, ...lines].join('\n') }
      },
    }),
    defineAgentTool({
      name: 'book_appointment_for',
      description: 'Marca um horário para um cliente pelo telefone (cria o cliente se ainda não existir). Retorna o agendamento criado.',
      roles: ['owner'],
      schema: z.object({
        customer_phone: z.string().trim().min(8).max(30).describe('Telefone do cliente com DDD'),
        service,
        start,
        customer_name: z.string().trim().min(1).max(120).optional().describe('Nome do cliente, se for novo'),
      }),
      run: async (args, scope) => {
        const existing = await customers.findByPhone({ tenantId: scope.tenantId, phone: args.customer_phone })
        const customer =
          existing ??
          (await customers.createCustomer({
            tenantId: scope.tenantId,
            fields: { phone: args.customer_phone, ...(args.customer_name ? { display_name: args.customer_name } : {}), origin: 'manual' },
          }))
        const appointment = await agenda.book({ tenantId: scope.tenantId, config: scope.config, customerId: customer.customer_id, serviceName: args.service, startLocal: args.start })
        return { ok: true, text: `Agendado: ${appointmentForLlm(appointment, scope.config.timezone, customer.display_name ?? `+${customer.phone}`)}.` }
      },
    }),
    defineAgentTool({
      name: 'cancel_appointment',
      description: 'Cancela qualquer agendamento pelo id (use list_appointments para achar o id). Pede confirmação ao proprietário antes.',
      roles: ['owner'],
      requiresConfirmation: true,
      schema: z.object({ appointment_id: appointmentId }),
      summarize: async (args, scope) => {
        const appointment = await agenda.getAppointment({ tenantId: scope.tenantId, appointmentId: args.appointment_id })
        if (!appointment) return `Cancelar o agendamento ${args.appointment_id} (não encontrado).`
        const customer = await customers.getCustomer({ tenantId: scope.tenantId, customerId: appointment.customer_id })
        return `Cancelar ${appointmentForLlm(appointment, scope.config.timezone, customer?.display_name ?? (customer?.phone ? `+${customer.phone}` : null))}.`
      },
      run: async (args, scope) => {
        const appointment = await agenda.cancel({ tenantId: scope.tenantId, actor: { role: 'owner' }, appointmentId: args.appointment_id })
        return { ok: true, text: `Cancelado: ${appointmentForLlm(appointment, scope.config.timezone)}.` }
      },
    }),
  ]
}
