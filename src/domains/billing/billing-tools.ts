import { z } from 'zod'
import { defineAgentTool, type AgentToolDefinition, type ToolScope } from '../../agent/agent-tool.js'
import type { CustomerService } from '../customers/index.js'
import type { BillingService } from './billing-service.js'
import { chargeStatuses, type Charge } from './charge.js'
import { chargeForLlm } from './charge-for-llm.js'
import { formatDayMonthPtBr } from './local-date.js'
import { formatCentsBrl } from './money.js'

const listLimit = 20

const createChargeSchema = z.object({
  customer_phone: z.string().trim().min(1).max(40).describe('Telefone do cliente com DDD (ex.: 11987654321)'),
  amount_cents: z.number().int().positive().describe('Valor em centavos (R$ 150,00 = 15000)'),
  description: z.string().trim().min(1).max(140).describe('O que está sendo cobrado (ex.: sessão de hoje)'),
  due_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('Vencimento AAAA-MM-DD; sem ele, vence hoje'),
})

const pixOrNull = (billing: BillingService, charge: Charge, scope: ToolScope): string | null =>
  scope.config.business.pix && (charge.status === 'open' || charge.status === 'overdue') ? billing.pixCopiaECola(charge, scope.config) : null

/** The billing domain's agent tools (INTERFACE.md): list_my_charges, create_charge †, list_charges, mark_charge_paid †. */
export const createBillingTools = (deps: { billing: BillingService; customers: CustomerService }): AgentToolDefinition[] => {
  const { billing, customers } = deps
  const customerOf = (scope: ToolScope, customerId: string) => customers.getCustomer({ tenantId: scope.tenantId, customerId })

  return [
    defineAgentTool({
      name: 'list_my_charges',
      description:
        'Use quando o cliente perguntar o que deve, por cobranças, boletos ou PIX. Retorna as cobranças deste cliente com valor, vencimento, situação e o PIX copia e cola das que estão em aberto.',
      roles: ['customer'],
      schema: z.object({}),
      run: async (_args, scope) => {
        await billing.refreshOverdue({ tenantId: scope.tenantId, config: scope.config })
        const page = await billing.listCharges({ tenantId: scope.tenantId, customerId: scope.contactId, limit: listLimit })
        const visible = page.items.filter((charge) => charge.status !== 'cancelled')
        if (visible.length === 0) return { ok: true, text: 'Você não tem cobranças.' }
        const lines = visible.map((charge) => `- ${chargeForLlm(charge, { pixCopiaECola: pixOrNull(billing, charge, scope) })}`)
        const unpaid = visible.some((charge) => charge.status === 'open' || charge.status === 'overdue')
        const note = unpaid && !scope.config.business.pix ? ['(PIX não configurado: o pagamento deve ser combinado com o atendimento.)'] : []
        return { ok: true, text: [`${visible.length} cobrança(s):`, ...lines, ...note].join('\n') }
      },
    }),

    defineAgentTool({
      name: 'create_charge',
      description:
        'Cria uma cobrança PIX para um cliente (pelo telefone; cria o cliente se ainda não existir). Pede confirmação ao dono. Retorna a cobrança e o PIX copia e cola para enviar ao cliente.',
      roles: ['owner'],
      schema: createChargeSchema,
      requiresConfirmation: true,
      summarize: async (args, scope) => {
        const customer = await customers.findByPhone({ tenantId: scope.tenantId, phone: args.customer_phone })
        const who = customer ? `${customer.display_name ?? 'cliente sem nome'} (+${customer.phone})` : `novo cliente (${args.customer_phone})`
        const due = args.due_date ?? billing.localToday(scope.config)
        return `cobrar ${formatCentsBrl(args.amount_cents)} de ${who} — ${args.description}, vence em ${formatDayMonthPtBr(due)}`
      },
      run: async (args, scope) => {
        const { charge, customer } = await billing.createCharge({ tenantId: scope.tenantId, config: scope.config, fields: args })
        const pix = pixOrNull(billing, charge, scope)
        const text = [`Cobrança criada: ${chargeForLlm(charge, { customer })}`]
        text.push(pix ? `PIX copia e cola: ${pix}` : 'PIX não configurado: configure business.pix para gerar o copia e cola.')
        return { ok: true, text: text.join('\n') }
      },
    }),

    defineAgentTool({
      name: 'list_charges',
      description:
        'Lista as cobranças do negócio, mais recentes primeiro, opcionalmente por situação (open = aberta, overdue = vencida, paid = paga, cancelled = cancelada). Retorna até 20 com id, cliente, valor, vencimento e situação.',
      roles: ['owner'],
      schema: z.object({ status: z.enum(chargeStatuses).optional().describe('Filtra pela situação') }),
      run: async ({ status }, scope) => {
        await billing.refreshOverdue({ tenantId: scope.tenantId, config: scope.config })
        const page = await billing.listCharges({ tenantId: scope.tenantId, status, limit: listLimit })
        if (page.items.length === 0) return { ok: true, text: 'Nenhuma cobrança encontrada.' }
        const lines = await Promise.all(
          page.items.map(async (charge) => `- ${chargeForLlm(charge, { customer: await customerOf(scope, charge.customer_id) })}`),
        )
        return { ok: true, text: [`${page.total} cobrança(s)${page.total > page.items.length ? ` (mostrando ${page.items.length})` : ''}:`, ...lines].join('\n') }
      },
    }),

    defineAgentTool({
      name: 'mark_charge_paid',
      description:
        'Marca uma cobrança como paga (pagamento recebido fora do sistema, ex.: dinheiro ou PIX conferido no banco). Use o id retornado por list_charges. Pede confirmação ao dono.',
      roles: ['owner'],
      schema: z.object({ charge_id: z.string().trim().min(1).max(100).describe('O id da cobrança (chg_…)') }),
      requiresConfirmation: true,
      summarize: async ({ charge_id }, scope) => {
        const charge = await billing.getCharge({ tenantId: scope.tenantId, chargeId: charge_id })
        if (!charge) return `marcar como paga a cobrança ${charge_id} (não encontrada)`
        const customer = await customerOf(scope, charge.customer_id)
        return `marcar como paga a cobrança de ${formatCentsBrl(charge.amount_cents)} de ${customer?.display_name ?? 'cliente sem nome'}${customer?.phone ? ` (+${customer.phone})` : ''} — ${charge.description}`
      },
      run: async ({ charge_id }, scope) => {
        const charge = await billing.markPaid({ tenantId: scope.tenantId, chargeId: charge_id, reference: `owner:${scope.contactId}` })
        return { ok: true, text: `Cobrança marcada como paga: ${chargeForLlm(charge, { customer: await customerOf(scope, charge.customer_id) })}` }
      },
    }),
  ]
}
