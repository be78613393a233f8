import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
let tenantId: string
let ownerKey: string
const configPath = () => `/api/tenants/${tenantId}/config`

beforeAll(async () => {
  app = await startTestFabio()
  tenantId = randomTenantId()
  ownerKey = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })).body.owner_access_key
})
afterAll(() => app.stop())

describe('tenant config: panel', () => {
  it('defaults to the studio layout and the darkgreen palette', async () => {
    expect((await app.api(configPath(), { token: ownerKey })).body.panel).toEqual({ layout: 'studio', palette: 'darkgreen' })
  })

  it('is set by PUT config and returned by GET config', async () => {
    const put = await app.api(configPath(), { method: 'PUT', body: { panel: { layout: 'fabio2', palette: 'ocean' } }, token: ownerKey })
    expect(put.status).toBe(200)
    expect(put.body.panel).toEqual({ layout: 'fabio2', palette: 'ocean' })
    await app.api(configPath(), { method: 'PUT', body: { panel: { palette: 'sunset' } }, token: ownerKey })
    expect((await app.api(configPath(), { token: ownerKey })).body.panel).toEqual({ layout: 'fabio2', palette: 'sunset' })
    await app.api(configPath(), { method: 'PUT', body: { panel: null }, token: ownerKey })
    expect((await app.api(configPath(), { token: ownerKey })).body.panel).toEqual({ layout: 'studio', palette: 'darkgreen' })
  })

  it.each([
    [{ panel: { layout: 'grid' } }, 'panel.layout'],
    [{ panel: { palette: 'pink' } }, 'panel.palette'],
    [{ panel: { theme: 'dark' } }, 'theme'],
  ])('refuses %j with 400 naming the key, and changes nothing', async (patch, key) => {
    const before = (await app.api(configPath())).body
    const response = await app.api(configPath(), { method: 'PUT', body: patch, token: ownerKey })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('TENANT_CONFIG_INVALID')
    expect(response.body.error.message).toContain(key)
    expect((await app.api(configPath())).body).toEqual(before)
  })
})
