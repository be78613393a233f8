import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AgentToolDefinition, ToolScope } from '../../../src/agent/agent-tool.js'
import { createCrmTools } from '../../../src/domains/crm/index.js'
import { openCrmKit, type CrmKit } from './crm-test-kit.js'

describe('CRM agent tools', () => {
  let kit: CrmKit
  let tools: Map<string, AgentToolDefinition>
  let scope: ToolScope
  beforeEach(async () => {
    kit = await openCrmKit()
    tools = new Map(createCrmTools({ crm: kit.crm, customers: kit.customers }).map((tool) => [tool.name, tool]))
    scope = { tenantId: kit.tenantId, contactId: 'cus_owner', role: 'owner', config: kit.config }
  })
  afterEach(() => kit.close())

  const run = (name: string, args: Record<string, unknown>) => {
    const tool = tools.get(name) as AgentToolDefinition
    return tool.run(tool.schema.parse(args) as never, scope)
  }

  it('offers list_leads, move_lead and schedule_follow_up to the owner only, with INTERFACE’s arguments and no tenant field', () => {
    expect([...tools.keys()]).toEqual(['list_leads', 'move_lead', 'schedule_follow_up'])
    for (const tool of tools.values()) {
      expect(tool.roles).toEqual(['owner'])
      expect(Object.keys(tool.schema.shape)).not.toContain('tenant_id')
    }
    expect(Object.keys((tools.get('list_leads') as AgentToolDefinition).schema.shape)).toEqual(['stage', 'since'])
    expect(Object.keys((tools.get('move_lead') as AgentToolDefinition).schema.shape)).toEqual(['customer_phone', 'stage'])
    expect(Object.keys((tools.get('schedule_follow_up') as AgentToolDefinition).schema.shape)).toEqual(['customer_phone', 'at', 'message'])
  })

  it('moves a lead by phone and lists it with the stage in pt-BR', async () => {
    const customer = await kit.newCustomer('Joana')
    await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: customer.customer_id, source: 'whatsapp' })
    const moved = await run('move_lead', { customer_phone: customer.phone as string, stage: 'qualified' })
    expect(moved).toEqual({ ok: true, text: `Lead de ${customer.phone} agora está em "qualificado".` })
    const listed = await run('list_leads', { stage: 'qualified', since: '2026-03-02' })
    expect(listed.ok).toBe(true)
    expect(listed.text).toContain('Joana')
    expect(listed.text).toContain('etapa: qualificado')
    expect((await run('list_leads', { since: '2026-03-03' })).text).toBe('Nenhum lead encontrado.')
    const lead = await kit.crm.getLead({ tenantId: kit.tenantId, customerId: customer.customer_id })
    expect(lead?.stage_history.at(-1)).toMatchObject({ from: 'new', to: 'qualified', reason: 'movido pelo proprietário' })
  })

  it('answers a refused move as a user error in pt-BR the model can act on', async () => {
    const customer = await kit.newCustomer()
    await kit.crm.ensureLeadForContact({ tenantId: kit.tenantId, customerId: customer.customer_id, source: 'whatsapp' })
    await expect(run('move_lead', { customer_phone: customer.phone as string, stage: 'won' })).rejects.toMatchObject({
      category: 'user',
      code: 'CRM_STAGE_TRANSITION_NOT_ALLOWED',
      message: expect.stringMatching(/^Não é possível mover o lead de "novo" para "ganho"/),
    })
    await expect(run('move_lead', { customer_phone: '5511900000001', stage: 'won' })).rejects.toMatchObject({ code: 'CRM_CUSTOMER_NOT_FOUND', category: 'user' })
  })

  it('schedules a follow-up in local time, saying when the window lets it go', async () => {
    const customer = await kit.newCustomer()
    const inside = await run('schedule_follow_up', { customer_phone: customer.phone as string, at: '2026-03-02T15:00', message: 'Oi!' })
    expect(inside).toEqual({ ok: true, text: `Follow-up para ${customer.phone} agendado para 02/03/2026 às 15:00.` })
    const late = await run('schedule_follow_up', { customer_phone: customer.phone as string, at: '2026-03-02T22:00', message: 'Oi!' })
    expect(late.text).toContain('03/03/2026 às 08:00 (fora da janela de envio')
    await expect(run('schedule_follow_up', { customer_phone: customer.phone as string, at: '2026-03-01T10:00', message: 'Oi!' })).rejects.toMatchObject({
      code: 'CRM_FOLLOW_UP_IN_PAST',
    })
  })
})
