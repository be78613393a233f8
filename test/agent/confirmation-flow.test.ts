import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  createConfirmingResponder,
  createLlmResponder,
  createPromptBuilder,
  createToolRegistry,
  defineAgentTool,
  type AgentLlm,
} from '../../src/agent/index.js'
import { createFileConversationStore, type Turn, type TurnResponder } from '../../src/conversation/index.js'
import type { Customer } from '../../src/domains/customers/index.js'
import { createLlmClientFactory, type ChatMessage, type ToolDefinition } from '../../src/llm/index.js'
import { createFileEventLogStore } from '../../src/orchestration/index.js'
import { createConfirmationService, createFileConfirmationStore } from '../../src/orchestration/confirmations/index.js'
import { createFixedClock } from '../../src/shared/clock.js'
import { randomIdGenerator } from '../../src/shared/ids.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { tenantConfigSchema } from '../../src/tenants/index.js'
import { createTestCustomer } from '../support/factories.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { openTestFileStorage } from '../support/file-storage.js'

// The confirmation flow through the agent: a † tool is planned, shown, and runs only on "sim".
let openai: FakeOpenAI
let close: () => Promise<void>
let responder: TurnResponder
let charges: Array<Record<string, unknown>>
const clock = createFixedClock(new Date('2030-03-04T12:00:00.000Z'))
const owner: Customer = createTestCustomer({ display_name: 'Dona Clara', phone: '5511900000001' })
const config = tenantConfigSchema.parse({ display_name: 'Studio', owner_numbers: ['5511900000001'], openai: { api_key: 'sk-x' } })

beforeAll(async () => {
  openai = await startFakeOpenAI()
  const opened = await openTestFileStorage()
  close = opened.close
  const events = await createFileEventLogStore(opened.storage)
  const chargeTool = defineAgentTool({
    name: 'create_charge',
    description: 'Cria uma cobrança.',
    roles: ['owner'],
    requiresConfirmation: true,
    schema: z.object({ customer_phone: z.string(), amount_cents: z.number().int(), description: z.string() }),
    summarize: ({ amount_cents, description }) => `cobrar R$ ${(amount_cents / 100).toFixed(2).replace('.', ',')} (${description})`,
    run: async (args) => {
      charges.push(args)
      return { ok: true, text: 'Cobrança criada.' }
    },
  })
  let service: ReturnType<typeof createConfirmationService> | undefined
  const registry = createToolRegistry([chargeTool], async (tool, args, summary, scope) => {
    await service?.request({ tenantId: scope.tenantId, contactId: scope.contactId, tool: tool.name, arguments: args, summary })
    return `Aguardando confirmação: ${summary}`
  })
  service = createConfirmationService({
    store: await createFileConfirmationStore(opened.storage),
    events,
    clock,
    ids: randomIdGenerator,
    execute: (confirmation) => registry.executeConfirmed(confirmation.tool, confirmation.arguments, { tenantId: confirmation.tenant_id, contactId: confirmation.contact_id, role: 'owner', config }),
  })
  const factory = createLlmClientFactory({ logger: createSilentLogger(), maxRetries: 0 })
  const llm: AgentLlm = {
    chatFor: async () => {
      const client = factory.forTenant(owner.tenant_id, { api_key: 'sk-x', base_url: openai.url })
      return client && ((input) => client.chat({ messages: input.messages as ChatMessage[], tools: input.tools as ToolDefinition[] }))
    },
  }
  responder = createConfirmingResponder({
    confirmations: service,
    inner: createLlmResponder({
      llm,
      registry,
      prompts: await createPromptBuilder(),
      conversations: await createFileConversationStore(opened.storage),
      events,
      fallback: { respond: async () => ({ replies: ['modo de comandos'] }) },
      clock,
      logger: createSilentLogger(),
    }),
  })
})
afterAll(async () => {
  await close()
  await openai.close()
})
afterEach(() => openai.reset())

const ownerSays = (text: string, messageId: string) =>
  responder.respond({ tenantId: owner.tenant_id, config, contact: owner, role: 'owner', text, messageIds: [messageId] } satisfies Turn)

const planCharge = async (messageId: string) => {
  charges = []
  openai.script([
    { toolCalls: [{ name: 'create_charge', arguments: { customer_phone: '5511911112222', amount_cents: 15000, description: 'sessão de hoje' } }] },
    { content: 'Vou cobrar R$ 150,00 da Maria pela sessão de hoje. Responda "sim" para confirmar.' },
  ])
  const reply = await ownerSays('cobra 150 da Maria pela sessão de hoje', messageId)
  expect(reply.replies[0]).toContain('Responda "sim"')
  expect(charges).toEqual([])
}

describe('confirmations through the agent', () => {
  it('runs the planned action once on "sim", also when "sim" is delivered twice', async () => {
    await planCharge('m1')
    const confirmed = await ownerSays('Sim!', 'm2')
    expect(confirmed.replies).toEqual(['Feito: Cobrança criada.'])
    expect(charges).toEqual([{ customer_phone: '5511911112222', amount_cents: 15000, description: 'sessão de hoje' }])
    const again = await ownerSays('Sim!', 'm2')
    expect(again.replies[0]).toMatch(/^Isso já foi feito/)
    expect(charges).toHaveLength(1)
    expect(openai.pendingScript()).toBe(0)
  })

  it('drops the action on "não"', async () => {
    await planCharge('m3')
    expect((await ownerSays('não', 'm4')).replies).toEqual(['Cancelado. Nada foi feito.'])
    expect(charges).toEqual([])
  })

  it('never runs an expired confirmation', async () => {
    await planCharge('m5')
    clock.advance(11 * 60_000)
    expect((await ownerSays('sim', 'm6')).replies).toEqual(['Essa confirmação expirou; peça de novo.'])
    expect(charges).toEqual([])
  })

  it('leaves it pending when the owner says something else, which is a normal turn', async () => {
    await planCharge('m7')
    openai.script([{ content: 'Certo, anotado.' }])
    expect((await ownerSays('e amanhã, tem horário?', 'm8')).replies).toEqual(['Certo, anotado.'])
    expect((await ownerSays('ok', 'm9')).replies).toEqual(['Feito: Cobrança criada.'])
    expect(charges).toHaveLength(1)
  })
})
