import type { ConversationStore } from '../conversation/conversation-store.js'
import type { Turn, TurnReply, TurnResponder, TurnRole } from '../conversation/turn-responder.js'
import type { EventLogStore } from '../orchestration/index.js'
import { isAppError } from '../shared/app-error.js'
import type { Clock } from '../shared/clock.js'
import { randomIdGenerator } from '../shared/ids.js'
import type { Logger } from '../shared/logger.js'
import type { TenantConfig } from '../tenants/index.js'
import { selectShortMemory } from '../memory/index.js'
import type { PromptBuilder } from './prompt-builder.js'
import { promptVersions } from './prompt-builder.js'
import type { ToolCallRecord, ToolRegistry } from './tool-registry.js'

/** The chat message shapes the OpenAI API takes (system, user, assistant with tool calls, tool). */
export type AgentMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> }
  | { role: 'tool'; tool_call_id: string; content: string }

export interface AgentChatResult {
  message: { content: string | null; toolCalls: Array<{ id: string; name: string; arguments: string }> }
  usage: { promptTokens: number; completionTokens: number }
}

/** The LLM as the agent needs it; null when the tenant has none, or it may not be used now. */
export interface AgentLlm {
  chatFor(tenantId: string, config: TenantConfig, role: TurnRole): Promise<null | ((input: { messages: AgentMessage[]; tools: unknown[] }) => Promise<AgentChatResult>)>
}

export interface LlmResponderDependencies {
  llm: AgentLlm
  registry: ToolRegistry
  prompts: PromptBuilder
  conversations: ConversationStore
  events: EventLogStore
  /** Command mode: used when there is no LLM, or it is failing or over budget. */
  fallback: TurnResponder
  clock: Clock
  logger: Logger
  maxSteps?: number
  historySize?: number
  /** Long-term memories relevant to the turn, already scoped to its role and contact (a prompt block), or null. */
  recall?: (turn: Turn) => Promise<string | null>
}

const summariseCall = (call: ToolCallRecord) => ({ name: call.name, ok: call.ok, status: call.status })

export const politeFallbackReply = 'Desculpe, tive um problema para responder agora. Pode tentar de novo em alguns minutos?'

/**
 * The agent's turn: system prompt, recent conversation, the new message → model → tool calls
 * (bound to this turn's tenant, contact and role) → results back → … until text or maxSteps.
 * Every turn is recorded with the prompt and persona versions, tools and tokens.
 */
export const createLlmResponder = (deps: LlmResponderDependencies): TurnResponder => {
  const maxSteps = deps.maxSteps ?? 6
  const historySize = deps.historySize ?? 12

  const history = async (turn: Turn): Promise<AgentMessage[]> => {
    const page = await deps.conversations.listMessages({ tenantId: turn.tenantId, contactId: turn.contact.customer_id, limit: 200 })
    const current = new Set(turn.messageIds)
    // Short memory: the latest messages within a count and a token budget (the new message goes last, apart).
    return selectShortMemory(
      page.items.filter((message) => message.text && !(message.wa_message_id && current.has(message.wa_message_id))),
      { maxMessages: historySize },
    ).map((message) => (message.direction === 'inbound' ? { role: 'user', content: message.text as string } : { role: 'assistant', content: message.text as string }))
  }

  const record = (turn: Turn, type: string, data: Record<string, unknown>) =>
    deps.events.append({
      event: { tenant_id: turn.tenantId, event_id: randomIdGenerator.next('evt'), type, contact_id: turn.contact.customer_id, data, occurred_at: deps.clock.now().toISOString() },
    })

  return {
    respond: async (turn): Promise<TurnReply> => {
      const chat = await deps.llm.chatFor(turn.tenantId, turn.config, turn.role)
      if (!chat) return deps.fallback.respond(turn)
      const startedAt = Date.now()
      const bound = deps.registry.forTurn({ tenantId: turn.tenantId, contactId: turn.contact.customer_id, role: turn.role, config: turn.config })
      const recalled = deps.recall ? await deps.recall(turn) : null
      const messages: AgentMessage[] = [
        // Stable first (cacheable), then what changes per turn: recalled memories, the conversation.
        { role: 'system', content: await deps.prompts.systemPrompt(turn.role, turn.config, deps.clock.now()) },
        ...(recalled ? [{ role: 'system' as const, content: recalled }] : []),
        ...(await history(turn)),
        { role: 'user', content: turn.text },
      ]
      const calls: ToolCallRecord[] = []
      const tokens = { prompt: 0, completion: 0 }
      let reply: string | null = null
      try {
        for (let step = 0; step < maxSteps && reply === null; step += 1) {
          const result = await chat({ messages, tools: bound.definitions })
          tokens.prompt += result.usage.promptTokens
          tokens.completion += result.usage.completionTokens
          if (result.message.toolCalls.length === 0) {
            reply = result.message.content?.trim() || null
            break
          }
          messages.push({
            role: 'assistant',
            content: result.message.content,
            tool_calls: result.message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
          })
          for (const call of result.message.toolCalls) {
            const outcome = await bound.call(call.name, call.arguments)
            calls.push(outcome)
            await record(turn, outcome.status === 'refused' ? 'tool.refused' : 'tool.called', {
              tool: outcome.name,
              arguments: outcome.arguments,
              status: outcome.status,
              ok: outcome.ok,
            })
            messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.text })
          }
        }
      } catch (error) {
        // Before any tool ran, an unavailable LLM (outage, open circuit, spent budget) means command mode.
        if (calls.length === 0 && isAppError(error) && (error.category !== 'system')) {
          await record(turn, 'agent.unavailable', { code: error.code })
          return deps.fallback.respond(turn)
        }
        deps.logger.warn({ tenant_id: turn.tenantId, err: error }, 'agent turn failed')
        await record(turn, 'agent.failed', { code: isAppError(error) ? error.code : 'INTERNAL_ERROR', tools: calls.map((call) => call.name) })
        return { replies: [politeFallbackReply], toolCalls: calls.map(summariseCall) }
      }
      await record(turn, 'agent.turn_recorded', {
        role: turn.role,
        prompt_version: promptVersions[turn.role],
        persona_name: turn.config.personas[turn.role].name,
        persona_version: turn.config.personas[turn.role].version,
        tools: calls.map((call) => ({ name: call.name, arguments: call.arguments, status: call.status })),
        prompt_tokens: tokens.prompt,
        completion_tokens: tokens.completion,
        latency_ms: Date.now() - startedAt,
        steps_exhausted: reply === null,
      })
      return { replies: [reply ?? 'Não consegui concluir agora. Pode reformular o pedido?'], toolCalls: calls.map(summariseCall) }
    },
  }
}
