import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio

beforeAll(async () => {
  app = await startTestFabio()
})
afterAll(() => app.stop())

const createTenant = async () => {
  const response = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId() } })
  expect(response.status).toBe(201)
  return response.body as { tenant_id: string; owner_access_key: string }
}

/** A browser: keeps the session cookie it was given, sends it back, and nothing else. */
const browser = () => {
  let cookie: string | null = null
  const call = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; ip?: string } = {}) => {
    const headers: Record<string, string> = { ...init.headers }
    if (cookie) headers.cookie = cookie
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${app.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) })
    const setCookie = response.headers.get('set-cookie')
    if (setCookie) cookie = /fabio_session=([^;]*)/.exec(setCookie)?.[1] ? `fabio_session=${/fabio_session=([^;]*)/.exec(setCookie)?.[1]}` : null
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null, setCookie, headers: response.headers }
  }
  return { call, cookie: () => cookie }
}

describe('panel login', () => {
  it('logs the operator in with the admin token: an HttpOnly SameSite cookie, and /api works with it', async () => {
    const tab = browser()
    const login = await tab.call('/api/session', { method: 'POST', body: { token: app.adminToken } })
    expect(login.status).toBe(200)
    expect(login.body.principal).toEqual({ kind: 'admin' })
    expect(login.setCookie).toMatch(/HttpOnly/i)
    expect(login.setCookie).toMatch(/SameSite=Strict/i)
    expect(login.setCookie).toMatch(/Path=\//)
    expect(login.setCookie).not.toContain(app.adminToken)
    expect((await tab.call('/api/tenants')).status).toBe(200)
    expect((await tab.call('/api/session')).body.principal).toEqual({ kind: 'admin' })
  })

  it('logs an owner in to its tenant only; another tenant is refused like a bad token', async () => {
    const mine = await createTenant()
    const other = await createTenant()
    const tab = browser()
    const login = await tab.call('/api/session', { method: 'POST', body: { token: mine.owner_access_key, tenant_id: mine.tenant_id } })
    expect(login.body.principal).toEqual({ kind: 'owner', tenant_id: mine.tenant_id })
    expect((await tab.call(`/api/tenants/${mine.tenant_id}/config`)).status).toBe(200)
    const foreign = await tab.call(`/api/tenants/${other.tenant_id}/config`)
    expect(foreign.status).toBe(401)
    expect(foreign.body.error.code).toBe('AUTH_INVALID')
    const foreignWrite = await tab.call(`/api/tenants/${other.tenant_id}/config`, { method: 'PUT', body: { display_name: 'x' }, headers: { 'x-csrf-token': login.body.csrf_token } })
    expect(foreignWrite.status).toBe(401)
    expect((await tab.call('/api/tenants')).status).toBe(401)
    expect((await tab.call('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId() }, headers: { 'x-csrf-token': login.body.csrf_token } })).status).toBe(401)
  })

  it('answers every wrong login the same way, without saying which part was wrong, and sets no cookie', async () => {
    const tenant = await createTenant()
    const other = await createTenant()
    const attempts = [
      { token: 'not-the-token' },
      { token: tenant.owner_access_key },
      { token: tenant.owner_access_key, tenant_id: other.tenant_id },
      { token: tenant.owner_access_key, tenant_id: 'does-not-exist' },
      { token: 'fok_wrong', tenant_id: tenant.tenant_id },
    ]
    const answers = []
    for (const body of attempts) {
      const response = await browser().call('/api/session', { method: 'POST', body })
      expect(response.setCookie).toBeNull()
      answers.push([response.status, response.body])
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1)
    expect(answers[0]![0]).toBe(401)
  })

  it('refuses a cookie-authenticated change without the CSRF token, and changes nothing', async () => {
    const tenant = await createTenant()
    const tab = browser()
    const login = await tab.call('/api/session', { method: 'POST', body: { token: tenant.owner_access_key, tenant_id: tenant.tenant_id } })
    const without = await tab.call(`/api/tenants/${tenant.tenant_id}/config`, { method: 'PUT', body: { display_name: 'Hackeado' } })
    expect(without.status).toBe(403)
    expect(without.body.error.code).toBe('AUTH_CSRF_FAILED')
    const wrong = await tab.call(`/api/tenants/${tenant.tenant_id}/config`, { method: 'PUT', body: { display_name: 'Hackeado' }, headers: { 'x-csrf-token': 'x'.repeat(32) } })
    expect(wrong.status).toBe(403)
    expect((await tab.call(`/api/tenants/${tenant.tenant_id}/config`)).body.display_name).not.toBe('Hackeado')
    const right = await tab.call(`/api/tenants/${tenant.tenant_id}/config`, { method: 'PUT', body: { display_name: 'Clínica Nova' }, headers: { 'x-csrf-token': login.body.csrf_token } })
    expect(right.status).toBe(200)
    expect(right.body.display_name).toBe('Clínica Nova')
  })

  it('logs out: the cookie is cleared and the old cookie no longer works', async () => {
    const tab = browser()
    await tab.call('/api/session', { method: 'POST', body: { token: app.adminToken } })
    const stolen = tab.cookie()
    const logout = await tab.call('/api/session', { method: 'DELETE' })
    expect(logout.status).toBe(204)
    expect(logout.setCookie).toMatch(/fabio_session=;/)
    const replay = await fetch(`${app.url}/api/tenants`, { headers: { cookie: stolen! } })
    expect(replay.status).toBe(401)
    expect(((await replay.json()) as any).error.code).toBe('AUTH_SESSION_EXPIRED')
    expect((await tab.call('/api/session')).body).toEqual({ principal: null })
  })

  it('validates the login body', async () => {
    const response = await browser().call('/api/session', { method: 'POST', body: { token: '', extra: 1 } })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('HTTP_VALIDATION_FAILED')
  })

  it('keeps the bearer token working without any CSRF token', async () => {
    const tenant = await createTenant()
    const response = await app.api(`/api/tenants/${tenant.tenant_id}/config`, { method: 'PUT', body: { display_name: 'Via API' } })
    expect(response.status).toBe(200)
  })
})

describe('failed-login rate limit', () => {
  it('refuses further attempts after 10 failures from one address, even with the right token', async () => {
    const limited = await startTestFabio()
    try {
      const attempt = (token: string) =>
        fetch(`${limited.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
      for (let i = 0; i < 10; i += 1) expect((await attempt('wrong')).status).toBe(401)
      const blocked = await attempt(limited.adminToken)
      expect(blocked.status).toBe(429)
      expect(((await blocked.json()) as any).error.code).toBe('AUTH_RATE_LIMITED')
    } finally {
      await limited.stop()
    }
  })
})

describe('panel pages', () => {
  it('serves /owner/ and /crm/ with a strict content security policy, and redirects the bare paths', async () => {
    for (const path of ['/owner/', '/crm/?tenant=abc']) {
      const response = await fetch(`${app.url}${path}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/text\/html/)
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(await response.text()).toContain('lang="pt-BR"')
    }
    const bare = await fetch(`${app.url}/crm?tenant=abc`, { redirect: 'manual' })
    expect(bare.headers.get('location')).toBe('/crm/?tenant=abc')
    const asset = await fetch(`${app.url}/panel/assets/js/api.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect((await fetch(`${app.url}/panel/assets/../../../package.json`)).status).toBe(404)
  })
})
