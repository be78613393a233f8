import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AgentToolDefinition, ToolScope } from '../../../src/agent/agent-tool.js'
import { createBillingTools } from '../../../src/domains/billing/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openBillingKit, testConfig, type BillingKit } from './billing-test-kit.js'

describe('billing tools', () => {
  let kit: BillingKit
  let tools: Map<string, AgentToolDefinition>
  let tenantId: string
  const config = testConfig()

  beforeEach(async () => {
    kit = await openBillingKit()
    tools = new Map(createBillingTools({ billing: kit.billing, customers: kit.customers }).map((tool) => [tool.name, tool]))
    tenantId = randomTenantId()
  })
  afterEach(() => kit.close())

  const tool = (name: string) => tools.get(name) as AgentToolDefinition
  const ownerScope = (): ToolScope => ({ tenantId, contactId: 'cus_owner', role: 'owner', config })
  const call = async (name: string, args: Record<string, unknown>, scope: ToolScope) => tool(name).run(tool(name).schema.parse(args), scope)

  it('exposes the INTERFACE.md names, roles and confirmation flags', () => {
    const shape = [...tools.values()].map((t) => ({ name: t.name, roles: t.roles, confirm: t.requiresConfirmation ?? false }))
    expect(shape).toEqual([
      { name: 'list_my_charges', roles: ['customer'], confirm: false },
      { name: 'create_charge', roles: ['owner'], confirm: true },
      { name: 'list_charges', roles: ['owner'], confirm: false },
      { name: 'mark_charge_paid', roles: ['owner'], confirm: true },
    ])
    expect(Object.keys(tool('create_charge').schema.shape)).toEqual(['customer_phone', 'amount_cents', 'description', 'due_date'])
    expect(Object.keys(tool('list_charges').schema.shape)).toEqual(['status'])
    expect(Object.keys(tool('mark_charge_paid').schema.shape)).toEqual(['charge_id'])
    expect(Object.keys(tool('list_my_charges').schema.shape)).toEqual([])
  })

  it('summarizes create_charge and mark_charge_paid in pt-BR for the confirmation', async () => {
    await kit.customers.createCustomer({ tenantId, fields: { phone: '11987654321', display_name: 'Maria Silva' } })
    const args = { customer_phone: '11987654321', amount_cents: 15000, description: 'sessão de hoje' }
    expect(await tool('create_charge').summarize?.(tool('create_charge').schema.parse(args), ownerScope())).toBe(
      'cobrar R$ 150,00 de Maria Silva (+5511987654321) — sessão de hoje, vence em 05/03',
    )
    const { charge } = await kit.billing.createCharge({ tenantId, config, fields: args })
    expect(await tool('mark_charge_paid').summarize?.({ charge_id: charge.charge_id }, ownerScope())).toBe(
      'marcar como paga a cobrança de R$ 150,00 de Maria Silva (+5511987654321) — sessão de hoje',
    )
  })

  it('create_charge returns the charge with its PIX; mark_charge_paid pays it once', async () => {
    const created = await call('create_charge', { customer_phone: '21998765432', amount_cents: 9990, description: 'Avaliação' }, ownerScope())
    expect(created.ok).toBe(true)
    expect(created.text).toContain('R$ 99,90')
    expect(created.text).toContain('PIX copia e cola: 000201')
    const [charge] = (await kit.billing.listCharges({ tenantId, limit: 1 })).items
    const paid = await call('mark_charge_paid', { charge_id: charge!.charge_id }, ownerScope())
    expect(paid).toMatchObject({ ok: true, text: expect.stringContaining('paga') })
    await expect(call('mark_charge_paid', { charge_id: charge!.charge_id }, ownerScope())).rejects.toMatchObject({
      code: 'BILLING_CHARGE_ALREADY_PAID',
      category: 'user',
    })
  })

  it('list_my_charges shows a customer only their own charges, with PIX for unpaid ones', async () => {
    const { charge: mine, customer: me } = await kit.billing.createCharge({
      tenantId,
      config,
      fields: { customer_phone: '11911112222', amount_cents: 15000, description: 'Minha sessão' },
    })
    const { charge: paidOne } = await kit.billing.createCharge({
      tenantId,
      config,
      fields: { customer_phone: '11911112222', amount_cents: 5000, description: 'Consulta antiga' },
    })
    await kit.billing.markPaid({ tenantId, chargeId: paidOne.charge_id, reference: 'x' })
    await kit.billing.createCharge({ tenantId, config, fields: { customer_phone: '11933334444', amount_cents: 7000, description: 'De outra pessoa' } })
    const result = await call('list_my_charges', {}, { tenantId, contactId: me.customer_id, role: 'customer', config })
    expect(result.text).toContain('Minha sessão')
    expect(result.text).toContain('Consulta antiga')
    expect(result.text).not.toContain('De outra pessoa')
    expect(result.text).toContain(kit.billing.pixCopiaECola(mine, config))
    expect(result.text).not.toContain(kit.billing.pixCopiaECola(paidOne, config))
    expect(result.text).toContain('aberta')
    expect(result.text).toContain('paga')
  })

  it('list_charges filters by status and names the customer', async () => {
    await kit.customers.createCustomer({ tenantId, fields: { phone: '11987654321', display_name: 'Maria Silva' } })
    await kit.billing.createCharge({ tenantId, config, fields: { customer_phone: '11987654321', amount_cents: 15000, description: 'Sessão' } })
    kit.clock.advance(2 * 86_400_000)
    const overdue = await call('list_charges', { status: 'overdue' }, ownerScope())
    expect(overdue.text).toContain('Maria Silva')
    expect(overdue.text).toContain('vencida')
    expect((await call('list_charges', { status: 'paid' }, ownerScope())).text).toBe('Nenhuma cobrança encontrada.')
  })
})
