import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio

beforeAll(async () => {
  app = await startTestFabio()
})
afterAll(() => app.stop())

const createTenant = async (displayName?: string) => {
  const tenantId = randomTenantId()
  const response = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId, display_name: displayName } })
  expect(response.status).toBe(201)
  return response.body as { tenant_id: string; webhook_url: string; webhook_token: string; owner_access_key: string }
}

describe('POST /api/tenants', () => {
  it('creates a tenant and shows its keys once', async () => {
    const created = await createTenant('Clínica Sorriso')
    expect(created.webhook_url).toBe(`${app.fabio.config.publicBaseUrl}/webhooks/evolution/${created.tenant_id}`)
    expect(created.webhook_token).toMatch(/^fwt_/)
    expect(created.owner_access_key).toMatch(/^fok_/)
    const config = await app.api(`/api/tenants/${created.tenant_id}/config`)
    expect(config.body.display_name).toBe('Clínica Sorriso')
    expect(JSON.stringify(config.body)).not.toContain(created.owner_access_key)
    expect(JSON.stringify(config.body)).not.toContain(created.webhook_token)
  })

  it('refuses a duplicate with 409 and keeps the first', async () => {
    const created = await createTenant('Primeira')
    const again = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: created.tenant_id, display_name: 'Segunda' } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('TENANT_ALREADY_EXISTS')
    expect((await app.api(`/api/tenants/${created.tenant_id}/config`)).body.display_name).toBe('Primeira')
  })

  it.each(['A', 'UPPER', 'has space', '-leading', 'x'.repeat(64), 'ç-acento'])('refuses the tenant id %j with 400', async (tenantId) => {
    const response = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('TENANT_ID_INVALID')
  })

  it('refuses unknown fields and wrong types', async () => {
    const unknownField = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId(), plan: 'gold' } })
    expect(unknownField.status).toBe(400)
    expect(unknownField.body.error.code).toBe('HTTP_VALIDATION_FAILED')
    const wrongType = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: 42 } })
    expect(wrongType.status).toBe(400)
  })

  it('answers 400 with a JSON error for a body that is not JSON', async () => {
    const response = await app.api('/api/tenants', { method: 'POST', rawBody: '{"tenant_id": ' })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ error: { code: 'HTTP_BODY_NOT_JSON', message: expect.any(String) } })
  })

  it('answers 413 for a body over the limit', async () => {
    const response = await app.api('/api/tenants', { method: 'POST', rawBody: JSON.stringify({ tenant_id: 'x'.repeat(2_000_000) }) })
    expect(response.status).toBe(413)
    expect(response.body.error.code).toBe('HTTP_BODY_TOO_LARGE')
  })
})

describe('authentication', () => {
  it('answers 401 without a token or with a wrong one, and creates nothing', async () => {
    const tenantId = randomTenantId()
    const missing = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId }, token: null })
    expect(missing.status).toBe(401)
    expect(missing.body.error.code).toBe('AUTH_MISSING')
    const wrong = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId }, token: 'fat_wrong' })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('AUTH_INVALID')
    expect((await app.api(`/api/tenants/${tenantId}/config`)).status).toBe(404)
  })

  it('lets an owner read and change only their own tenant', async () => {
    const mine = await createTenant('Minha')
    const theirs = await createTenant('Deles')
    const key = mine.owner_access_key
    expect((await app.api(`/api/tenants/${mine.tenant_id}/config`, { token: key })).status).toBe(200)
    const read = await app.api(`/api/tenants/${theirs.tenant_id}/config`, { token: key })
    expect(read.status).toBe(401)
    const write = await app.api(`/api/tenants/${theirs.tenant_id}/config`, {
      method: 'PUT',
      body: { display_name: 'Hacked' },
      token: key,
    })
    expect(write.status).toBe(401)
    expect((await app.api(`/api/tenants/${theirs.tenant_id}/config`)).body.display_name).toBe('Deles')
    expect((await app.api(`/api/tenants/${theirs.tenant_id}/customers`, { token: key })).status).toBe(401)
    expect((await app.api('/api/tenants', { token: key })).status).toBe(401)
    expect((await app.api('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId() }, token: key })).status).toBe(401)
  })

  it('answers an owner key for an unknown tenant like a wrong key, and the admin with 404', async () => {
    const mine = await createTenant()
    const unknown = randomTenantId()
    expect((await app.api(`/api/tenants/${unknown}/config`, { token: mine.owner_access_key })).status).toBe(401)
    const asAdmin = await app.api(`/api/tenants/${unknown}/config`)
    expect(asAdmin.status).toBe(404)
    expect(asAdmin.body.error.code).toBe('TENANT_NOT_FOUND')
  })
})

describe('GET /api/tenants', () => {
  it('lists tenants without secrets', async () => {
    const created = await createTenant('Listada')
    const response = await app.api('/api/tenants')
    expect(response.status).toBe(200)
    const entry = response.body.items.find((item: { tenant_id: string }) => item.tenant_id === created.tenant_id)
    expect(entry).toMatchObject({ tenant_id: created.tenant_id, display_name: 'Listada', config_version: 1 })
    expect(JSON.stringify(response.body)).not.toMatch(/enc:v1|sha256:|fok_|fwt_/)
  })
})

describe('tenant config', () => {
  it('has working defaults right after creation', async () => {
    const created = await createTenant()
    const config = (await app.api(`/api/tenants/${created.tenant_id}/config`)).body
    expect(config).toMatchObject({
      timezone: 'America/Sao_Paulo',
      owner_numbers: [],
      conversation: { debounce_ms: 3000, handoff_pause_minutes: 60, ignore_groups: true, customer_agent_mode: 'auto' },
      memory: { maintenance_cron: '0 3 * * *' },
    })
  })

  it('deep-merges a partial update and masks secrets in every answer', async () => {
    const { tenant_id: tenantId } = await createTenant()
    const put = await app.api(`/api/tenants/${tenantId}/config`, {
      method: 'PUT',
      body: {
        openai: { api_key: 'sk-proj-abcdef123456', chat_model: 'gpt-4.1-mini' },
        evolution: { base_url: 'http://127.0.0.1:8080', api_key: 'EVO-KEY-9876', instance: 'clinica' },
        owner_numbers: ['+55 (11) 8765-4321'],
      },
    })
    expect(put.status).toBe(200)
    expect(put.body.openai).toEqual({ api_key: '••••3456', chat_model: 'gpt-4.1-mini' })
    expect(put.body.evolution.api_key).toBe('••••9876')
    expect(put.body.owner_numbers).toEqual(['5511987654321'])

    const second = await app.api(`/api/tenants/${tenantId}/config`, {
      method: 'PUT',
      body: { openai: { chat_model: 'gpt-4.1' }, conversation: { debounce_ms: 1500 } },
    })
    expect(second.body.openai).toEqual({ api_key: '••••3456', chat_model: 'gpt-4.1' })
    expect(second.body.conversation.debounce_ms).toBe(1500)
    expect(second.body.conversation.handoff_pause_minutes).toBe(60)
    expect(second.body.evolution.instance).toBe('clinica')

    const runtime = await app.fabio.runtime.tenants.getRuntimeConfig(tenantId)
    expect(runtime.openai.api_key).toBe('sk-proj-abcdef123456')
  })

  it('keeps a secret sent back masked, replaces one given, clears one set to null', async () => {
    const { tenant_id: tenantId } = await createTenant()
    const path = `/api/tenants/${tenantId}/config`
    await app.api(path, { method: 'PUT', body: { openai: { api_key: 'sk-first-1111' } } })
    await app.api(path, { method: 'PUT', body: { openai: { api_key: '••••1111', chat_model: 'gpt-4.1' } } })
    expect((await app.fabio.runtime.tenants.getRuntimeConfig(tenantId)).openai.api_key).toBe('sk-first-1111')
    await app.api(path, { method: 'PUT', body: { openai: { api_key: 'sk-second-2222' } } })
    expect((await app.fabio.runtime.tenants.getRuntimeConfig(tenantId)).openai.api_key).toBe('sk-second-2222')
    const cleared = await app.api(path, { method: 'PUT', body: { openai: { api_key: null } } })
    expect(cleared.body.openai).toEqual({ chat_model: 'gpt-4.1' })
  })

  it.each([
    [{ unknown_key: 1 }, 'unknown_key'],
    [{ openai: { api_kee: 'typo' } }, 'api_kee'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ owner_numbers: ['not a phone'] }, 'owner_numbers'],
    [{ conversation: { debounce_ms: 'fast' } }, 'conversation.debounce_ms'],
    [{ business: { hours: { mon: [['18:00', '09:00']] } } }, 'business.hours.mon'],
    [{ memory: { maintenance_cron: 'every night' } }, 'memory.maintenance_cron'],
    [{ conversation: { customer_agent_mode: 'sometimes' } }, 'conversation.customer_agent_mode'],
  ])('refuses %j with 400 naming the field, and changes nothing', async (patch, field) => {
    const { tenant_id: tenantId } = await createTenant()
    const path = `/api/tenants/${tenantId}/config`
    const before = (await app.api(path)).body
    const response = await app.api(path, { method: 'PUT', body: patch })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('TENANT_CONFIG_INVALID')
    expect(response.body.error.message).toContain(field)
    expect((await app.api(path)).body).toEqual(before)
  })

  it('refuses a body that is not an object', async () => {
    const { tenant_id: tenantId } = await createTenant()
    const response = await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: ['a'] })
    expect(response.status).toBe(400)
  })
})

describe('unknown routes', () => {
  it('answer 404 with a JSON error', async () => {
    const response = await app.api('/api/nothing-here')
    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('HTTP_ROUTE_NOT_FOUND')
  })
})

describe('health', () => {
  it('answers /healthz and /readyz without auth', async () => {
    expect((await app.api('/healthz', { token: null })).body).toEqual({ status: 'ok' })
    expect((await app.api('/readyz', { token: null })).status).toBe(200)
  })
})
