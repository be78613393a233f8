import { tool, ToolInputParsingException } from '@langchain/core/tools'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { isAppError } from '../shared/app-error.js'
import type { AgentToolDefinition, ToolOutcome, ToolScope } from './agent-tool.js'

export interface ToolCallRecord {
  name: string
  arguments: unknown
  ok: boolean
  /** refused: not allowed for this role (or unknown); confirmation: waits for the owner. */
  status: 'ran' | 'failed' | 'refused' | 'invalid' | 'confirmation'
  text: string
}

/** Asks the owner to confirm instead of running; returns the text for the model. */
export type ConfirmationRequester = (tool: AgentToolDefinition, args: Record<string, unknown>, summary: string, scope: ToolScope) => Promise<string>

export interface BoundTools {
  /** OpenAI function tools offered to the model: only those this role may call. */
  definitions: Array<ReturnType<typeof convertToOpenAITool>>
  call(name: string, rawArguments: string): Promise<ToolCallRecord>
}

const parseArguments = (raw: string): unknown => {
  try {
    return raw.trim() === '' ? {} : JSON.parse(raw)
  } catch {
    return undefined
  }
}

/**
 * The one registry of agent tools. `forTurn` binds tenant, contact and role into each tool, so
 * nothing the model writes can reach another tenant or customer, and a role only sees its tools.
 * A call to a tool the role may not use (models hallucinate names) is refused without running.
 */
export const createToolRegistry = (tools: AgentToolDefinition[], requestConfirmation: ConfirmationRequester) => {
  const byName = new Map(tools.map((definition) => [definition.name, definition]))

  const forTurn = (scope: ToolScope): BoundTools => {
    const allowed = tools.filter((definition) => definition.roles.includes(scope.role))
    const bound = new Map(
      allowed.map((definition) => [
        definition.name,
        tool(
          async (args: Record<string, unknown>): Promise<ToolOutcome & { confirmation?: true }> => {
            if (definition.requiresConfirmation) {
              const summary = definition.summarize ? await definition.summarize(args as never, scope) : `${definition.name} ${JSON.stringify(args)}`
              return { ok: true, text: await requestConfirmation(definition, args, summary, scope), confirmation: true }
            }
            return definition.run(args as never, scope)
          },
          { name: definition.name, description: definition.description, schema: definition.schema },
        ),
      ]),
    )

    return {
      definitions: [...bound.values()].map((boundTool) => convertToOpenAITool(boundTool)),
      call: async (name, rawArguments) => {
        const args = parseArguments(rawArguments)
        const boundTool = bound.get(name)
        if (!boundTool) {
          const exists = byName.has(name)
          return { name, arguments: args, ok: false, status: 'refused', text: exists ? `A ferramenta ${name} não está disponível nesta conversa.` : `A ferramenta ${name} não existe.` }
        }
        if (args === undefined) return { name, arguments: rawArguments, ok: false, status: 'invalid', text: 'Os argumentos não são JSON válido.' }
        try {
          const outcome = (await boundTool.invoke(args as Record<string, unknown>)) as ToolOutcome & { confirmation?: true }
          return { name, arguments: args, ok: outcome.ok, status: outcome.confirmation ? 'confirmation' : outcome.ok ? 'ran' : 'failed', text: outcome.text }
        } catch (error) {
          if (error instanceof ToolInputParsingException) {
            return { name, arguments: args, ok: false, status: 'invalid', text: `Argumentos inválidos: ${error.message.split('\n').slice(1).join(' ').trim()}` }
          }
          // Expected failures (slot taken, not found) are user errors: the model can act on them.
          if (isAppError(error) && error.category === 'user') return { name, arguments: args, ok: false, status: 'failed', text: error.message }
          throw error
        }
      },
    }
  }

  /** Runs a tool the owner confirmed: the same role check, no second confirmation. */
  const executeConfirmed = async (name: string, args: Record<string, unknown>, scope: ToolScope): Promise<ToolOutcome> => {
    const definition = byName.get(name)
    if (!definition || !definition.roles.includes(scope.role)) return { ok: false, text: `A ferramenta ${name} não está disponível.` }
    const parsed = definition.schema.safeParse(args)
    if (!parsed.success) return { ok: false, text: 'Os dados da ação não são mais válidos.' }
    try {
      return await definition.run(parsed.data as never, scope)
    } catch (error) {
      if (isAppError(error) && error.category === 'user') return { ok: false, text: error.message }
      throw error
    }
  }

  return { forTurn, executeConfirmed, names: () => [...byName.keys()] }
}

export type ToolRegistry = ReturnType<typeof createToolRegistry>
