import { z } from 'zod'
import { defineAgentTool, type AgentToolDefinition } from '../agent/agent-tool.js'
import type { CustomerService } from '../domains/customers/index.js'
import type { Handoff } from './handoff.js'

const humanRequestMinutes = 24 * 60

/** Handoff tools: a customer asks for a person; the owner pauses or resumes the bot for a contact. */
export const createConversationTools = (deps: { handoff: Handoff; customers: CustomerService }): AgentToolDefinition[] => {
  const pauseOrResume = async (tenantId: string, phone: string, run: (contactId: string) => Promise<unknown>, done: string) => {
    const customer = await deps.customers.findByPhone({ tenantId, phone })
    if (!customer) return { ok: false, text: `Não há cliente com o telefone ${phone}.` }
    if (!(await run(customer.customer_id))) return { ok: false, text: `${customer.display_name ?? phone} ainda não conversou pelo WhatsApp.` }
    return { ok: true, text: `${done} para ${customer.display_name ?? phone}.` }
  }
  return [
    defineAgentTool({
      name: 'request_human',
      description: 'Use quando o cliente pedir para falar com uma pessoa, ou quando você não puder ajudar. Pausa o assistente e avisa a equipe.',
      roles: ['customer'],
      schema: z.object({ reason: z.string().max(300).optional().describe('Motivo, em poucas palavras') }),
      run: async ({ reason }, scope) => {
        await deps.handoff.pause({ tenantId: scope.tenantId, contactId: scope.contactId, minutes: humanRequestMinutes, reason: reason ? `customer_requested_human: ${reason}` : 'customer_requested_human' })
        return { ok: true, text: 'Um atendente humano vai continuar a conversa. Avise o cliente.' }
      },
    }),
    defineAgentTool({
      name: 'pause_bot',
      description: 'Pausa as respostas automáticas para um cliente (atendimento humano). Padrão: o tempo de pausa configurado.',
      roles: ['owner'],
      schema: z.object({ customer_phone: z.string().min(8).max(30), minutes: z.number().int().min(1).max(30 * 24 * 60).optional() }),
      run: ({ customer_phone, minutes }, scope) =>
        pauseOrResume(
          scope.tenantId,
          customer_phone,
          (contactId) => deps.handoff.pause({ tenantId: scope.tenantId, contactId, minutes: minutes ?? scope.config.conversation.handoff_pause_minutes, reason: 'owner_tool' }),
          'Bot pausado',
        ),
    }),
    defineAgentTool({
      name: 'resume_bot',
      description: 'Volta a responder automaticamente um cliente que estava em atendimento humano.',
      roles: ['owner'],
      schema: z.object({ customer_phone: z.string().min(8).max(30) }),
      run: ({ customer_phone }, scope) =>
        pauseOrResume(scope.tenantId, customer_phone, (contactId) => deps.handoff.resume({ tenantId: scope.tenantId, contactId, reason: 'owner_tool' }), 'Bot retomado'),
    }),
  ]
}
