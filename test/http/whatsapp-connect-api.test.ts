import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startFakeEvolution, type FakeEvolution } from '../support/fake-evolution.js'
import { findClosedPort } from '../support/free-port.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
let evolution: FakeEvolution
let tenantId: string
let ownerKey: string
let webhookUrl: string
let otherTenantId: string
let otherOwnerKey: string

const pngDataUrl = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/

const createTenant = async () => {
  const id = randomTenantId()
  const created = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: id } })).body
  // webhook_url is built from PUBLIC_BASE_URL, which names port 0 here: use the real address.
  return { id, ownerKey: created.owner_access_key as string, webhookUrl: `${app.url}/webhooks/evolution/${id}?token=${created.webhook_token}` }
}

beforeAll(async () => {
  evolution = await startFakeEvolution({ simulateDelays: false })
  app = await startTestFabio({}, { evolutionOptions: { retries: 1, retryBaseDelayMs: 5, timeoutMs: 2_000 } })
  const tenant = await createTenant()
  ;({ id: tenantId, ownerKey, webhookUrl } = tenant)
  await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: { evolution: { base_url: evolution.url, api_key: evolution.apiKey, instance: evolution.instance } } })
  const other = await createTenant()
  ;({ id: otherTenantId, ownerKey: otherOwnerKey } = other)
})
afterAll(async () => {
  await app.stop()
  await evolution.close()
})
beforeEach(() => {
  evolution.reset()
  evolution.setInstanceExists(true)
  evolution.setConnectionState('open')
})

const connect = (body: unknown = {}, id = tenantId, token = ownerKey) => app.api(`/api/tenants/${id}/whatsapp/connect`, { method: 'POST', body, token })
const test = (id = tenantId, token = ownerKey) => app.api(`/api/tenants/${id}/whatsapp/test`, { method: 'POST', token })

describe('POST /api/tenants/:tenantId/whatsapp/connect', () => {
  it('answers open and no QR code when the instance is already connected', async () => {
    const response = await connect()
    expect(response).toEqual({ status: 200, body: { instance: evolution.instance, state: 'open', qr_code: null, pairing_code: null } })
    expect(evolution.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /instance/connect/${evolution.instance}`])
    expect(evolution.requests[0]?.headers.apikey).toBe(evolution.apiKey)
  })

  it('answers a QR code as a PNG data URL while the instance is not connected, and records it', async () => {
    evolution.setConnectionState('close')
    const response = await connect()
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ instance: evolution.instance, state: 'connecting', pairing_code: null })
    expect(response.body.qr_code).toMatch(pngDataUrl)
    const [instance] = (await app.api(`/api/tenants/${tenantId}/whatsapp`, { token: ownerKey })).body.items
    expect(instance).toMatchObject({ instance: evolution.instance, state: 'connecting', qr_code: { base64: response.body.qr_code, pairing_code: null } })
    expect(instance.qr_code.code).toMatch(/^2@/)
  })

  it('asks for a pairing code for a number, normalised to digits with the country code', async () => {
    evolution.setConnectionState('connecting')
    const response = await connect({ number: '(11) 98765-4321' })
    expect(response.status).toBe(200)
    expect(response.body.pairing_code).toMatch(/^[0-9A-F]{8}$/)
    expect(evolution.requests[0]?.path).toBe(`/instance/connect/${evolution.instance}?number=5511987654321`)
  })

  it('creates the instance when Evolution does not know it, and answers the QR code of the creation', async () => {
    evolution.setInstanceExists(false)
    evolution.setConnectionState('close')
    const response = await connect()
    expect(response.status).toBe(200)
    expect(response.body.state).toBe('connecting')
    expect(response.body.qr_code).toMatch(pngDataUrl)
    const create = evolution.requests.find((request) => request.path === '/instance/create')
    expect(create?.method).toBe('POST')
    expect(create?.body).toEqual({ instanceName: evolution.instance, qrcode: true, integration: 'WHATSAPP-BAILEYS' })
    expect(evolution.instanceExists()).toBe(true)
  })

  it('shows the instance open once the phone pairs and Evolution sends connection.update', async () => {
    evolution.setConnectionState('close')
    expect((await connect()).body.state).toBe('connecting')
    const posted = await evolution.completePairing({ webhookUrl })
    expect(posted?.status).toBe(200)
    const [instance] = (await app.api(`/api/tenants/${tenantId}/whatsapp`, { token: ownerKey })).body.items
    expect(instance).toMatchObject({ state: 'open', qr_code: null, wuid: '5511930001234@s.whatsapp.net' })
    expect((await connect()).body).toMatchObject({ state: 'open', qr_code: null })
  })

  it.each([[{ number: 'abc' }, 'number'], [{ number: 5511 }, 'number'], [{ foo: 1 }, 'foo']])('refuses %j with 400 naming the field, without calling Evolution', async (body, field) => {
    const response = await connect(body)
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('HTTP_VALIDATION_FAILED')
    expect(response.body.error.message).toContain(field)
    expect(evolution.requests).toEqual([])
  })

  it('answers 409 EVOLUTION_NOT_CONFIGURED for a tenant without Evolution settings', async () => {
    const response = await connect({}, otherTenantId, otherOwnerKey)
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('EVOLUTION_NOT_CONFIGURED')
    expect(response.body.error.message).toContain('evolution.base_url')
  })

  it('answers 502 EVOLUTION_AUTH_FAILED, with a readable message, when Evolution refuses the key', async () => {
    evolution.failNext(1, 'http401')
    const response = await connect()
    expect(response.status).toBe(502)
    expect(response.body.error.code).toBe('EVOLUTION_AUTH_FAILED')
    expect(response.body.error.message).toContain('evolution.api_key')
    expect(response.body.error.message).not.toContain(evolution.apiKey)
  })

  it('refuses an owner key of another tenant with 401', async () => {
    expect((await connect({}, tenantId, otherOwnerKey)).status).toBe(401)
    expect((await connect({}, otherTenantId, ownerKey)).body.error.code).toBe('AUTH_INVALID')
    expect(evolution.requests).toEqual([])
  })
})

describe('POST /api/tenants/:tenantId/whatsapp/test', () => {
  it('answers ok with the state from connectionState, and records it', async () => {
    evolution.setConnectionState('connecting')
    expect(await test()).toEqual({ status: 200, body: { ok: true, instance: evolution.instance, state: 'connecting' } })
    expect(evolution.requests.map((request) => request.path)).toEqual([`/instance/connectionState/${evolution.instance}`])
    const [instance] = (await app.api(`/api/tenants/${tenantId}/whatsapp`)).body.items
    expect(instance.state).toBe('connecting')
    expect(instance.last_checked_at).not.toBeNull()
  })

  it('answers 502 EVOLUTION_AUTH_FAILED for a refused API key', async () => {
    evolution.failNext(1, 'http401', { path: 'connectionState' })
    const response = await test()
    expect(response.status).toBe(502)
    expect(response.body.error).toEqual({ code: 'EVOLUTION_AUTH_FAILED', message: expect.stringContaining('refused the API key') })
  })

  it('answers 502 EVOLUTION_INSTANCE_NOT_FOUND for an instance Evolution does not know', async () => {
    evolution.setInstanceExists(false)
    const response = await test()
    expect(response.status).toBe(502)
    expect(response.body.error.code).toBe('EVOLUTION_INSTANCE_NOT_FOUND')
    expect(response.body.error.message).toContain('evolution.instance')
  })

  it('answers 502 EVOLUTION_UNREACHABLE when nothing listens at evolution.base_url', async () => {
    const tenant = await createTenant()
    const closed = `http://127.0.0.1:${await findClosedPort()}`
    await app.api(`/api/tenants/${tenant.id}/config`, { method: 'PUT', body: { evolution: { base_url: closed, api_key: 'k-123456789012', instance: 'x' } } })
    const response = await test(tenant.id, tenant.ownerKey)
    expect(response.status).toBe(502)
    expect(response.body.error.code).toBe('EVOLUTION_UNREACHABLE')
    expect(response.body.error.message).toContain(closed)
  })

  it('answers 409 without Evolution settings, and 401 for another tenant’s key', async () => {
    expect((await test(otherTenantId, otherOwnerKey)).body.error.code).toBe('EVOLUTION_NOT_CONFIGURED')
    expect((await test(tenantId, otherOwnerKey)).status).toBe(401)
  })
})

describe('Evolution v1 (1.8)', () => {
  it('creates a missing instance without the v2-only integration field', async () => {
    const v1 = await startFakeEvolution({ simulateDelays: false, version: 'v1', instance: 'loja-v1' })
    try {
      const tenant = await createTenant()
      await app.api(`/api/tenants/${tenant.id}/config`, { method: 'PUT', body: { evolution: { base_url: v1.url, api_key: v1.apiKey, instance: 'loja-v1', version: 'v1' } } })
      v1.setInstanceExists(false)
      v1.setConnectionState('close')
      const response = await connect({}, tenant.id, tenant.ownerKey)
      expect(response.body).toMatchObject({ instance: 'loja-v1', state: 'connecting' })
      expect(response.body.qr_code).toMatch(pngDataUrl)
      expect(v1.requests.find((request) => request.path === '/instance/create')?.body).toEqual({ instanceName: 'loja-v1', qrcode: true })
    } finally {
      await v1.close()
    }
  })
})
