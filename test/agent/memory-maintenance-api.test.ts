import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

// Changing the embedding model re-embeds every memory and switches the space only when complete.
let app: TestFabio
let openai: FakeOpenAI
let tenantId: string
beforeAll(async () => {
  openai = await startFakeOpenAI()
  app = await startTestFabio()
  tenantId = randomTenantId()
  await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })
  await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: { owner_numbers: ['5511900002222'] } })
  for (const text of ['/lembrar Fechamos nos feriados', '/lembrar Estacionamento gratuito na rua de trás', '/lembrar Aceitamos PIX e cartão']) {
    await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as: 'owner', text } })
  }
})
afterAll(async () => {
  await app.stop()
  await openai.close()
})

describe('memory maintenance through the API', () => {
  it('starts on the local embedder, and re-embeds into the configured model on request', async () => {
    const before = (await app.api(`/api/tenants/${tenantId}/memory/maintenance`)).body
    expect(before.active_space_id).toBe('local:ngram-v1:256')
    await app.api(`/api/tenants/${tenantId}/config`, {
      method: 'PUT',
      body: { openai: { api_key: 'sk-reembed-test-000', base_url: openai.url, embedding_model: 'text-embedding-3-small', embedding_dimensions: 8 } },
    })
    const started = await app.api(`/api/tenants/${tenantId}/memory/maintenance/run`, { method: 'POST' })
    expect(started.status).toBe(202)
    const deadline = Date.now() + 10_000
    let status = started.body
    while (status.active_space_id !== 'openai:text-embedding-3-small:8') {
      if (Date.now() > deadline) throw new Error(`re-embed did not finish: ${JSON.stringify(status)}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
      status = (await app.api(`/api/tenants/${tenantId}/memory/maintenance`)).body
    }
    expect(openai.embeddingRequests().length).toBeGreaterThan(0)
    const embedded = openai.embeddingRequests().flatMap((request: any) => request.input)
    expect(embedded).toEqual(expect.arrayContaining(['Fechamos nos feriados', 'Aceitamos PIX e cartão']))
  })
})
