import type { Turn, TurnReply, TurnResponder } from '../conversation/turn-responder.js'
import type { Clock } from '../shared/clock.js'
import { commandModeTexts as texts } from './command-mode-texts.js'
import type { ToolRegistry } from './tool-registry.js'

const pendingOwnerCommands = new Set<string>()

const localDate = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)

/** "hoje", "amanha"/"amanhã", or "DD/MM" → a local YYYY-MM-DD (this year, or next if already past). */
export const parseAgendaDay = (argument: string, now: Date, timeZone: string): string | null => {
  const today = localDate(now, timeZone)
  const word = argument.trim().toLowerCase()
  if (word === '' || word === 'hoje') return today
  if (word === 'amanha' || word === 'amanhã') return localDate(new Date(now.getTime() + 86_400_000), timeZone)
  const match = /^(\d{1,2})\/(\d{1,2})$/.exec(word)
  if (!match) return null
  const year = Number(today.slice(0, 4))
  const candidate = `${year}-${match[2]?.padStart(2, '0')}-${match[1]?.padStart(2, '0')}`
  return candidate < today ? `${year + 1}${candidate.slice(4)}` : candidate
}

/** A customer's "DD/MM HH:mm [serviço]" → the local start and the service. */
export const parseBookingRequest = (text: string, now: Date, timeZone: string): { start: string; service: string | null } | null => {
  const match = /^(\d{1,2}\/\d{1,2})\s+(\d{1,2})[:h](\d{2})\s*(.*)$/i.exec(text.trim())
  if (!match) return null
  const day = parseAgendaDay(match[1] as string, now, timeZone)
  return day ? { start: `${day}T${match[2]?.padStart(2, '0')}:${match[3]}`, service: match[4]?.trim() || null } : null
}

/**
 * Command mode: owner slash commands and a numbered customer menu, reaching the same tools the
 * agent uses through the same registry (so the same role permissions and confirmations apply).
 * Commands whose module is not built yet say so plainly.
 */
export const createCommandModeResponder = (deps: { registry: ToolRegistry; clock: Clock }): TurnResponder => {
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
    if (name === '/resumo') return callTool(turn, 'business_summary', { period: 'today' })
    if (name === '/agenda') {
      const day = parseAgendaDay(argument, deps.clock.now(), turn.config.timezone)
      return day ? callTool(turn, 'list_appointments', { from: day, to: day }) : reply('Use: /agenda [hoje|amanha|DD/MM]')
    }
    if (name === '/cobrancas') {
      const status = { abertas: 'open', vencidas: 'overdue', '': undefined }[argument.toLowerCase()]
      return argument && !status ? reply('Use: /cobrancas [abertas|vencidas]') : callTool(turn, 'list_charges', status ? { status } : {})
    }
    if (name === '/leads') return callTool(turn, 'list_leads', {})
    if (name === '/lembrar') return argument ? callTool(turn, 'remember', { text: argument }) : reply('Use: /lembrar <texto>')
    if (pendingOwnerCommands.has(name)) return reply(texts.notYet(name))
    return reply(texts.unknownCommand)
  }

  const customer = async (turn: Turn): Promise<TurnReply> => {
    const choice = turn.text.trim()
    if (choice === '4') {
      const result = await callTool(turn, 'request_human', { reason: 'menu' })
      return { ...result, replies: [texts.customerHumanRequested] }
    }
    if (choice === '1') {
      const slots = await callTool(turn, 'find_available_slots', {})
      return { ...slots, replies: [`${slots.replies[0]}\n\n${texts.customerHowToBook}`] }
    }
    if (choice === '2') return callTool(turn, 'list_my_appointments', {})
    if (choice === '3') return callTool(turn, 'list_my_charges', {})
    const booking = parseBookingRequest(choice, deps.clock.now(), turn.config.timezone)
    if (booking) {
      const service = booking.service ?? turn.config.business.services[0]?.name
      if (!service) return reply(texts.customerOptionNotYet)
      return callTool(turn, 'book_appointment', { service, start: booking.start })
    }
    return reply(texts.customerMenu(turn.config.display_name))
  }

  return { respond: (turn) => (turn.role === 'owner' ? owner(turn) : customer(turn)) }
}
