import { z } from 'zod'
import { localToUtc, type AgendaService } from '../domains/agenda/index.js'
import type { BillingService, Charge } from '../domains/billing/index.js'
import type { CrmService } from '../domains/crm/index.js'
import { defineAgentTool, type AgentToolDefinition } from './agent-tool.js'

const periods = { today: 0, hoje: 0, week: 6, semana: 6, month: 29, mes: 29, 'mês': 29 } as const

const localDate = (date: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)
const brl = (cents: number) => `R$ ${(cents / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

const allCharges = async (billing: BillingService, tenantId: string, status: Charge['status']) => {
  const items: Charge[] = []
  let cursor: string | undefined
  do {
    const page = await billing.listCharges({ tenantId, status, limit: 200, cursor })
    items.push(...page.items)
    cursor = page.next_cursor ?? undefined
  } while (cursor)
  return items
}

/** The owner's overview across the domains: appointments, revenue, open and overdue amounts, new leads. */
export const createBusinessSummaryTool = (deps: { agenda: AgendaService; billing: BillingService; crm: CrmService; now: () => Date }): AgentToolDefinition =>
  defineAgentTool({
    name: 'business_summary',
    description: 'Resumo do negócio no período (today/week/month): atendimentos, faturamento recebido, valores em aberto e vencidos, novos leads.',
    roles: ['owner'],
    schema: z.object({ period: z.enum(Object.keys(periods) as [keyof typeof periods, ...Array<keyof typeof periods>]).default('today') }),
    run: async ({ period }, scope) => {
      const timeZone = scope.config.timezone
      const now = deps.now()
      const from = localDate(new Date(now.getTime() - periods[period] * 86_400_000), timeZone)
      const to = localDate(now, timeZone)
      await deps.billing.refreshOverdue({ tenantId: scope.tenantId, config: scope.config, now })
      const [appointments, paid, open, overdue, leads] = await Promise.all([
        deps.agenda.listBetween({ tenantId: scope.tenantId, config: scope.config, from, to, status: 'booked' }),
        allCharges(deps.billing, scope.tenantId, 'paid'),
        allCharges(deps.billing, scope.tenantId, 'open'),
        allCharges(deps.billing, scope.tenantId, 'overdue'),
        deps.crm.listLeads({ tenantId: scope.tenantId, since: (localToUtc(`${from}T00:00`, timeZone) ?? now).toISOString(), limit: 1 }),
      ])
      const received = paid.filter((charge) => charge.paid_at && localDate(new Date(charge.paid_at), timeZone) >= from)
      const sum = (charges: Charge[]) => charges.reduce((total, charge) => total + charge.amount_cents, 0)
      return {
        ok: true,
        text: [
          `Período: ${from.split('-').reverse().join('/')} a ${to.split('-').reverse().join('/')}`,
          `Atendimentos agendados: ${appointments.length}`,
          `Recebido: ${brl(sum(received))} (${received.length} cobrança(s))`,
          `Em aberto: ${brl(sum(open))} (${open.length})`,
          `Vencido: ${brl(sum(overdue))} (${overdue.length})`,
          `Novos leads: ${leads.total}`,
        ].join('\n'),
      }
    },
  })
