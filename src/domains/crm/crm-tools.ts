import { z } from 'zod'
import { defineAgentTool, type AgentToolDefinition } from '../../agent/agent-tool.js'
import type { CustomerService } from '../customers/index.js'
import type { CrmService } from './crm-service.js'
import { leadStages, stageLabelsPtBr } from './lead.js'
import { leadForLlm } from './lead-for-llm.js'
import { localParts, parseLocalDate } from './local-time.js'

const listLimit = 20
const phone = z.string().min(8).max(30).describe('Telefone do cliente com DDD')

/** The CRM's owner tools (INTERFACE.md): list_leads, move_lead, schedule_follow_up. */
export const createCrmTools = (deps: { crm: CrmService; customers: Pick<CustomerService, 'getCustomer'> }): AgentToolDefinition[] => [
  defineAgentTool({
    name: 'list_leads',
    description: `Lista os leads do funil (até ${listLimit}, mais recentes primeiro), com etapa, origem e último contato. Filtros opcionais: etapa e data de criação mínima.`,
    roles: ['owner'],
    schema: z.object({
      stage: z.enum(leadStages).optional().describe(`Etapa: ${leadStages.map((stage) => `${stage} (${stageLabelsPtBr[stage]})`).join(', ')}`),
      since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use AAAA-MM-DD').optional().describe('Leads criados a partir desta data (AAAA-MM-DD)'),
    }),
    run: async ({ stage, since }, scope) => {
      const page = await deps.crm.listLeads({
        tenantId: scope.tenantId,
        stage,
        since: since === undefined ? undefined : parseLocalDate(since, scope.config.timezone).toISOString(),
        limit: listLimit,
      })
      if (page.items.length === 0) return { ok: true, text: 'Nenhum lead encontrado.' }
      const lines = await Promise.all(
        page.items.map(async (lead) => `- ${leadForLlm(lead, await deps.customers.getCustomer({ tenantId: scope.tenantId, customerId: lead.customer_id }), scope.config.timezone)}`),
      )
      return { ok: true, text: [`${page.total} lead(s):`, ...lines].join('\n') }
    },
  }),
  defineAgentTool({
    name: 'move_lead',
    description: 'Move o lead de um cliente para outra etapa do funil. Só aceita movimentos permitidos; se recusar, diz para quais etapas é possível ir.',
    roles: ['owner'],
    schema: z.object({
      customer_phone: phone,
      stage: z.enum(leadStages).describe(`Nova etapa: ${leadStages.map((stage) => `${stage} (${stageLabelsPtBr[stage]})`).join(', ')}`),
    }),
    run: async ({ customer_phone, stage }, scope) => {
      const lead = await deps.crm.moveLead({ tenantId: scope.tenantId, customerPhone: customer_phone, stage, reason: 'movido pelo proprietário' })
      return { ok: true, text: `Lead de ${customer_phone} agora está em "${stageLabelsPtBr[lead.stage]}".` }
    },
  }),
  defineAgentTool({
    name: 'schedule_follow_up',
    description:
      'Agenda uma mensagem de follow-up para um cliente em data e hora locais (AAAA-MM-DDTHH:mm). Só é enviada dentro da janela de envio; é cancelada se o cliente escrever antes.',
    roles: ['owner'],
    schema: z.object({
      customer_phone: phone,
      at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'use AAAA-MM-DDTHH:mm').describe('Quando enviar, horário local (AAAA-MM-DDTHH:mm)'),
      message: z.string().trim().min(1).max(1000).describe('O texto que o cliente vai receber'),
    }),
    run: async ({ customer_phone, at, message }, scope) => {
      const { followUp, sendAt } = await deps.crm.scheduleFollowUp({ tenantId: scope.tenantId, config: scope.config, customerPhone: customer_phone, atLocal: at, message })
      const local = localParts(sendAt, scope.config.timezone)
      const when = `${local.date.split('-').reverse().join('/')} às ${local.time}`
      const shifted = sendAt.getTime() !== Date.parse(followUp.due_at) ? ' (fora da janela de envio; vai na abertura seguinte)' : ''
      return { ok: true, text: `Follow-up para ${customer_phone} agendado para ${when}${shifted}.` }
    },
  }),
]
