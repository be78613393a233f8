import type { z } from 'zod'
import type { TurnRole } from '../conversation/turn-responder.js'
import type { TenantConfig } from '../tenants/index.js'

/** Who a tool acts for: bound from the turn, never taken from the model. */
export interface ToolScope {
  tenantId: string
  /** The contact of the turn (for the owner: the owner's own contact). */
  contactId: string
  role: TurnRole
  config: TenantConfig
}

/** What a tool run gives back: short pt-BR text the model can act on. */
export interface ToolOutcome {
  ok: boolean
  text: string
}

/**
 * A tool the agent may call. Its schema never has a tenant or contact field: `run` gets the
 * scope from the turn. Tools marked `requiresConfirmation` (INTERFACE.md †) are not run when
 * the model calls them; the owner confirms first.
 */
export interface AgentToolDefinition<Schema extends z.ZodObject = z.ZodObject> {
  name: string
  /** When to use it and what it returns, for the model. */
  description: string
  roles: readonly TurnRole[]
  schema: Schema
  requiresConfirmation?: boolean
  /** pt-BR summary of what will happen, shown to the owner before confirming. */
  summarize?: (args: z.output<Schema>, scope: ToolScope) => Promise<string> | string
  run: (args: z.output<Schema>, scope: ToolScope) => Promise<ToolOutcome>
}

/** Keeps the schema's type when listing heterogeneous tools. */
export const defineAgentTool = <Schema extends z.ZodObject>(definition: AgentToolDefinition<Schema>): AgentToolDefinition =>
  definition as unknown as AgentToolDefinition
