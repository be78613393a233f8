import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandModeTexts } from '../../src/agent/index.js'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
let tenantId: string
let ownerKey: string
beforeAll(async () => {
  app = await startTestFabio()
  tenantId = randomTenantId()
  ownerKey = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId, display_name: 'Studio Ágata' } })).body.owner_access_key
})
afterAll(() => app.stop())

describe('POST /api/tenants/:tenantId/chat without an LLM (command mode)', () => {
  it('asks for an owner number before the owner can chat', async () => {
    const response = await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as: 'owner', text: '/ajuda' }, token: ownerKey })
    expect(response.status).toBe(400)
  })

  it('answers the owner’s commands and records the exchange in the owner’s conversation', async () => {
    await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: { owner_numbers: ['5511988880000'] } })
    const response = await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as: 'owner', text: '/ajuda' }, token: ownerKey })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ replies: [commandModeTexts.ownerHelp], tool_calls: [] })
    const conversations = (await app.api(`/api/tenants/${tenantId}/customers?q=5511988880000`)).body.items
    expect(conversations).toHaveLength(1)
  })

  it('reaches the same tools as the agent: /clientes and /pausar', async () => {
    const chat = (text: string) => app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as: 'owner', text } })
    await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as: 'customer', from: '5511966660000', text: 'oi' } })
    const found = await chat('/clientes 96666')
    expect(found.body.replies[0]).toContain('+5511966660000')
    expect(found.body.tool_calls).toEqual([{ name: 'search_customers', ok: true }])
    const paused = await chat('/pausar 11 96666-0000')
    expect(paused.body.tool_calls).toEqual([{ name: 'pause_bot', ok: true }])
    const events = (await app.api(`/api/tenants/${tenantId}/events?type=handoff.started`)).body.items
    expect(events[0].data.reason).toBe('owner_tool')
  })

  it('simulates a customer with the numbered menu', async () => {
    const response = await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as: 'customer', from: '5511977770000', text: 'oi' } })
    expect(response.body.replies).toEqual([commandModeTexts.customerMenu('Studio Ágata')])
  })

  it.each([
    [{ as: 'robot', text: 'oi' }],
    [{ as: 'customer', text: 'oi' }],
    [{ as: 'owner' }],
    [{ as: 'owner', text: 'oi', attachments: [{ type: 'video', base64: 'x' }] }],
  ])('refuses %j with 400', async (body) => {
    expect((await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body })).status).toBe(400)
  })

  it('lists no pending confirmations, and 404s an unknown one', async () => {
    expect((await app.api(`/api/tenants/${tenantId}/confirmations?status=pending`)).body.items).toEqual([])
    const missing = await app.api(`/api/tenants/${tenantId}/confirmations/cnf_missing/approve`, { method: 'POST' })
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('CONFIRMATION_NOT_FOUND')
  })
})
