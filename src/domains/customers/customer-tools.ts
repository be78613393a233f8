import { z } from 'zod'
import { defineAgentTool, type AgentToolDefinition } from '../../agent/agent-tool.js'
import { customerForLlm } from './customer-for-llm.js'
import type { CustomerService } from './customer-service.js'

/** The customers domain's agent tools. */
export const createCustomerTools = (customers: CustomerService): AgentToolDefinition[] => [
  defineAgentTool({
    name: 'update_my_name',
    description: 'Use quando o cliente disser como quer ser chamado. Atualiza o nome do cliente desta conversa.',
    roles: ['customer'],
    schema: z.object({ name: z.string().trim().min(1).max(120).describe('O nome que o cliente informou') }),
    run: async ({ name }, scope) => {
      const updated = await customers.renameCustomer({ tenantId: scope.tenantId, customerId: scope.contactId, displayName: name })
      return updated ? { ok: true, text: `Nome atualizado para ${updated.display_name}.` } : { ok: false, text: 'Cliente não encontrado.' }
    },
  }),
  defineAgentTool({
    name: 'search_customers',
    description: 'Procura clientes por nome, telefone ou e-mail. Retorna até 10 clientes com nome e telefone.',
    roles: ['owner'],
    schema: z.object({ query: z.string().trim().min(1).max(100).describe('Nome, parte do telefone ou e-mail') }),
    run: async ({ query }, scope) => {
      const page = await customers.listCustomers({ tenantId: scope.tenantId, limit: 10, query })
      if (page.items.length === 0) return { ok: true, text: 'Nenhum cliente encontrado.' }
      return { ok: true, text: [`${page.total} cliente(s):`, ...page.items.map((customer) => `- ${customerForLlm(customer)}`)].join('\n') }
    },
  }),
]
