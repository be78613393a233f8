import type { Handoff } from '../conversation/handoff.js'
import type { Turn, TurnReply, TurnResponder } from '../conversation/turn-responder.js'
import type { CustomerService } from '../domains/customers/index.js'
import { commandModeTexts as texts } from './command-mode-texts.js'

const pendingOwnerCommands = new Set(['/agenda', '/cobrancas', '/leads', '/lembrar'])
const humanRequestMinutes = 24 * 60

const formatCustomer = (customer: { display_name: string | null; phone: string | null }) =>
  `• ${customer.display_name ?? 'Sem nome'} — ${customer.phone ? `+${customer.phone}` : 'sem telefone'}`

/**
 * Command mode: owner slash commands and a numbered customer menu, reaching the same services
 * the agent's tools use. Commands whose module is not built yet say so plainly.
 */
export const createCommandModeResponder = (deps: {
  customers: CustomerService
  handoff: Handoff
}): TurnResponder => {
  const reply = (...replies: string[]): TurnReply => ({ replies })

  const pauseOrResume = async (turn: Turn, argument: string, pause: boolean): Promise<TurnReply> => {
    const customer = argument ? await deps.customers.findByPhone({ tenantId: turn.tenantId, phone: argument }) : null
    if (!customer) return reply(`Não encontrei um contato com o número "${argument}".`)
    const changed = pause
      ? await deps.handoff.pause({ tenantId: turn.tenantId, contactId: customer.customer_id, minutes: turn.config.conversation.handoff_pause_minutes, reason: 'owner_command' })
      : await deps.handoff.resume({ tenantId: turn.tenantId, contactId: customer.customer_id, reason: 'owner_command' })
    if (!changed) return reply(`${customer.display_name ?? argument} ainda não tem conversa comigo.`)
    return reply(pause ? `Bot pausado para ${customer.display_name ?? argument}.` : `Bot retomado para ${customer.display_name ?? argument}.`)
  }

  const owner = async (turn: Turn): Promise<TurnReply> => {
    const [command = '', ...rest] = turn.text.trim().split(/\s+/)
    const argument = rest.join(' ')
    const name = command.toLowerCase()
    if (!name.startsWith('/')) return reply(texts.ownerNotCommand)
    if (name === '/ajuda') return reply(texts.ownerHelp)
    if (name === '/clientes') {
      const page = await deps.customers.listCustomers({ tenantId: turn.tenantId, limit: 10, query: argument || undefined })
      if (page.items.length === 0) return reply('Nenhum cliente encontrado.')
      return reply([`${page.total} cliente(s):`, ...page.items.map(formatCustomer)].join('\n'))
    }
    if (name === '/pausar') return pauseOrResume(turn, argument, true)
    if (name === '/retomar') return pauseOrResume(turn, argument, false)
    if (name === '/resumo') {
      const page = await deps.customers.listCustomers({ tenantId: turn.tenantId, limit: 1 })
      return reply(`Clientes cadastrados: ${page.total}.`)
    }
    if (pendingOwnerCommands.has(name)) return reply(texts.notYet(name))
    return reply(texts.unknownCommand)
  }

  const customer = async (turn: Turn): Promise<TurnReply> => {
    const choice = turn.text.trim()
    if (choice === '4') {
      await deps.handoff.pause({ tenantId: turn.tenantId, contactId: turn.contact.customer_id, minutes: humanRequestMinutes, reason: 'customer_requested_human' })
      return { replies: [texts.customerHumanRequested], deliverWhilePaused: true }
    }
    if (['1', '2', '3'].includes(choice)) return reply(texts.customerOptionNotYet)
    return reply(texts.customerMenu(turn.config.display_name))
  }

  return { respond: (turn) => (turn.role === 'owner' ? owner(turn) : customer(turn)) }
}
