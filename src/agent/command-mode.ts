import type { Turn, TurnReply, TurnResponder } from '../conversation/turn-responder.js'
import type { CustomerService } from '../domains/customers/index.js'
import { commandModeTexts as texts } from './command-mode-texts.js'
import type { ToolRegistry } from './tool-registry.js'

const pendingOwnerCommands = new Set(['/agenda', '/cobrancas', '/leads', '/lembrar'])

/**
 * Command mode: owner slash commands and a numbered customer menu, reaching the same tools the
 * agent uses through the same registry (so the same role permissions and confirmations apply).
 * Commands whose module is not built yet say so plainly.
 */
export const createCommandModeResponder = (deps: { registry: ToolRegistry; customers: CustomerService }): TurnResponder => {
  const reply = (...replies: string[]): TurnReply => ({ replies })

  const callTool = async (turn: Turn, name: string, args: Record<string, unknown>) => {
    const bound = deps.registry.forTurn({ tenantId: turn.tenantId, contactId: turn.contact.customer_id, role: turn.role, config: turn.config })
    const outcome = await bound.call(name, JSON.stringify(args))
    return { replies: [outcome.text], toolCalls: [{ name, ok: outcome.ok, status: outcome.status }], ...(name === 'request_human' && outcome.ok ? { deliverWhilePaused: true } : {}) }
  }

  const owner = async (turn: Turn): Promise<TurnReply> => {
    const [command = '', ...rest] = turn.text.trim().split(/\s+/)
    const argument = rest.join(' ')
    const name = command.toLowerCase()
    if (!name.startsWith('/')) return reply(texts.ownerNotCommand)
    if (name === '/ajuda') return reply(texts.ownerHelp)
    if (name === '/clientes') return argument ? callTool(turn, 'search_customers', { query: argument }) : reply('Use: /clientes <nome ou telefone>')
    if (name === '/pausar') return argument ? callTool(turn, 'pause_bot', { customer_phone: argument }) : reply('Use: /pausar <numero>')
    if (name === '/retomar') return argument ? callTool(turn, 'resume_bot', { customer_phone: argument }) : reply('Use: /retomar <numero>')
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
      const result = await callTool(turn, 'request_human', { reason: 'menu' })
      return { ...result, replies: [texts.customerHumanRequested] }
    }
    if (['1', '2', '3'].includes(choice)) return reply(texts.customerOptionNotYet)
    return reply(texts.customerMenu(turn.config.display_name))
  }

  return { respond: (turn) => (turn.role === 'owner' ? owner(turn) : customer(turn)) }
}
