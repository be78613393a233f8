import { z } from 'zod'
import { defineAgentTool, type AgentToolDefinition } from '../agent/agent-tool.js'
import type { CustomerService } from '../domains/customers/index.js'
import type { MemoryService } from './memory-service.js'

/** The owner's `remember` and `forget` (†) tools over long-term memory. */
export const createMemoryTools = (deps: { memory: MemoryService; customers: CustomerService }): AgentToolDefinition[] => [
  defineAgentTool({
    name: 'remember',
    description:
      'Guarda um fato, preferência ou regra do negócio para lembrar depois (ex.: "fechamos nos feriados"). Com about_phone, é sobre aquele cliente. share_with_customers=true deixa o assistente dos clientes usar a informação.',
    roles: ['owner'],
    schema: z.object({
      text: z.string().trim().min(1).max(1000),
      about_phone: z.string().min(8).max(30).optional(),
      share_with_customers: z.boolean().optional(),
    }),
    run: async ({ text, about_phone, share_with_customers }, scope) => {
      let about: { kind: 'business' } | { kind: 'customer'; customerId: string } = { kind: 'business' }
      if (about_phone) {
        const customer = await deps.customers.findByPhone({ tenantId: scope.tenantId, phone: about_phone })
        if (!customer) return { ok: false, text: `Não há cliente com o telefone ${about_phone}.` }
        about = { kind: 'customer', customerId: customer.customer_id }
      }
      const result = await deps.memory.remember({ tenantId: scope.tenantId, text, about, shareWithCustomers: share_with_customers ?? false, source: { kind: 'owner_taught' } })
      return { ok: true, text: result.outcome === 'duplicate' ? 'Isso já estava guardado.' : 'Guardado.' }
    },
  }),
  defineAgentTool({
    name: 'forget',
    description: 'Esquece uma informação guardada, descrita com suas palavras. Pede confirmação ao dono antes.',
    roles: ['owner'],
    requiresConfirmation: true,
    schema: z.object({ query: z.string().trim().min(1).max(300) }),
    summarize: async ({ query }, scope) => {
      const match = await deps.memory.findBestMatch({ tenantId: scope.tenantId, query })
      return match ? `esquecer: "${match.text}"` : `esquecer o que corresponder a "${query}" (nada encontrado agora)`
    },
    run: async ({ query }, scope) => {
      const forgotten = await deps.memory.forget({ tenantId: scope.tenantId, query })
      return forgotten ? { ok: true, text: `Esquecido: "${forgotten.text}".` } : { ok: false, text: 'Não encontrei nada parecido para esquecer.' }
    },
  }),
]
