import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPromptBuilder } from '../../src/agent/index.js'
import { tenantConfigSchema } from '../../src/tenants/index.js'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
beforeAll(async () => {
  app = await startTestFabio()
})
afterAll(() => app.stop())

describe('persona versions', () => {
  it('start at version 1 with the default personas, version every change, and roll back in one call', async () => {
    const tenantId = randomTenantId()
    await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })
    const path = `/api/tenants/${tenantId}/config`
    const initial = (await app.api(path)).body.personas
    expect(initial.owner).toMatchObject({ name: 'Concierge do Proprietário', version: 1 })
    expect(initial.customer).toMatchObject({ name: 'Agente WhatsApp', version: 1 })

    const changed = await app.api(path, { method: 'PUT', body: { personas: { owner: { instructions: 'Seja breve.', tone: 'direto' } } } })
    expect(changed.body.personas.owner).toMatchObject({ instructions: 'Seja breve.', tone: 'direto', version: 2 })
    expect(changed.body.personas.customer.version).toBe(1)
    // Saving other keys, or the same persona again (the panel round-tripping), makes no version.
    await app.api(path, { method: 'PUT', body: { timezone: 'America/Recife', personas: changed.body.personas } })

    const versions = (await app.api(`/api/tenants/${tenantId}/personas`)).body
    expect(versions.owner.map((entry: { version: number }) => entry.version)).toEqual([1, 2])
    expect(versions.customer).toHaveLength(1)

    const rolledBack = await app.api(`/api/tenants/${tenantId}/personas/owner/rollback`, { method: 'POST', body: { version: 1 } })
    expect(rolledBack.status).toBe(200)
    expect(rolledBack.body.personas.owner).toEqual({ ...initial.owner, version: 3 })
    expect(rolledBack.body.timezone).toBe('America/Recife')
  })

  it('refuses an unknown version or role', async () => {
    const tenantId = randomTenantId()
    await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })
    const missing = await app.api(`/api/tenants/${tenantId}/personas/owner/rollback`, { method: 'POST', body: { version: 9 } })
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('PERSONA_VERSION_NOT_FOUND')
    expect((await app.api(`/api/tenants/${tenantId}/personas/boss/rollback`, { method: 'POST', body: { version: 1 } })).status).toBe(400)
  })
})

describe('the system prompt', () => {
  it('carries only its own role’s persona, and a neutral one when empty', async () => {
    const prompts = await createPromptBuilder()
    const config = tenantConfigSchema.parse({
      display_name: 'Clínica Sorriso',
      personas: { owner: { name: 'Lia', instructions: 'SEGREDO-DO-DONO' }, customer: { name: '', instructions: '' } },
      business: { services: [{ name: 'Limpeza', duration_minutes: 30, price_cents: 12000 }], hours: { mon: [['09:00', '18:00']] } },
    })
    const customer = await prompts.systemPrompt('customer', config, new Date('2030-01-07T12:00:00Z'))
    expect(customer).not.toContain('SEGREDO-DO-DONO')
    expect(customer).toContain('Seja um assistente neutro e prestativo.')
    expect(customer).toContain('Limpeza: 30 min, R$ 120,00')
    expect(customer).toContain('seg: 09:00–18:00')
    const owner = await prompts.systemPrompt('owner', config, new Date('2030-01-07T12:00:00Z'))
    expect(owner).toContain('Seu nome é Lia. SEGREDO-DO-DONO')
  })
})
