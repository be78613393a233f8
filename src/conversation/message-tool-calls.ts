import type { EventLogStore, EventRecord } from '../orchestration/index.js'
import type { ConversationMessage } from './conversation.js'

export interface ToolCallSummary {
  name: string
  ok: boolean
}

export type MessageWithToolCalls = ConversationMessage & { tool_calls: ToolCallSummary[] }

/** The event every answered turn logs; its `data.tool_calls` says which tools the turn ran. */
export const turnCompletedEvent = 'turn.completed'

/** Bounds how far back the event log is read for one page of messages. */
const maxEventPages = 10

const isAgentReply = (message: ConversationMessage) => message.direction === 'outbound' && message.author === 'agent'

const toolCallsOf = (event: EventRecord): ToolCallSummary[] => {
  const calls = event.data.tool_calls
  if (!Array.isArray(calls)) return []
  return calls.flatMap((call) =>
    typeof call === 'object' && call !== null && typeof (call as ToolCallSummary).name === 'string'
      ? [{ name: (call as ToolCallSummary).name, ok: (call as ToolCallSummary).ok === true }]
      : [],
  )
}

/**
 * Puts each turn's tool calls on the first reply of that turn: the first agent message sent at or
 * after the turn was logged and before the next turn was. Replies are sent (and stored) after the
 * turn event, so this holds for WhatsApp and for the chat API. Other messages get `[]`.
 */
export const attachToolCalls = (messages: ConversationMessage[], turns: Array<{ at: string; toolCalls: ToolCallSummary[] }>): MessageWithToolCalls[] => {
  const ordered = [...turns].sort((a, b) => a.at.localeCompare(b.at))
  const replies = messages.filter(isAgentReply).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.message_id.localeCompare(b.message_id))
  const claimed = new Map<string, ToolCallSummary[]>()
  ordered.forEach((turn, index) => {
    if (turn.toolCalls.length === 0) return
    const until = ordered[index + 1]?.at
    const first = replies.find((reply) => reply.created_at >= turn.at && (until === undefined || reply.created_at < until))
    if (first) claimed.set(first.message_id, turn.toolCalls)
  })
  return messages.map((message) => ({ ...message, tool_calls: claimed.get(message.message_id) ?? [] }))
}

/** Reads the turn events around a page of messages and attaches their tool calls. */
export const createMessageToolCalls =
  (deps: { events: EventLogStore }) =>
  async (input: { tenantId: string; contactId: string; messages: ConversationMessage[] }): Promise<MessageWithToolCalls[]> => {
    if (!input.messages.some(isAgentReply)) return attachToolCalls(input.messages, [])
    const times = input.messages.map((message) => message.created_at).sort()
    const [earliest, latest] = [times[0] as string, times.at(-1) as string]
    const turns: Array<{ at: string; toolCalls: ToolCallSummary[] }> = []
    let cursor: string | undefined
    // Newest first: skip turns after the page, stop after the first turn before it (it may own the page's first reply).
    for (let page = 0; page < maxEventPages; page += 1) {
      const listed = await deps.events.list({ tenantId: input.tenantId, contactId: input.contactId, type: turnCompletedEvent, limit: 200, cursor })
      let reachedStart = false
      for (const event of listed.items) {
        if (event.occurred_at > latest) continue
        turns.push({ at: event.occurred_at, toolCalls: toolCallsOf(event) })
        if (event.occurred_at < earliest) {
          reachedStart = true
          break
        }
      }
      if (reachedStart || !listed.next_cursor) break
      cursor = listed.next_cursor
    }
    return attachToolCalls(input.messages, turns)
  }
