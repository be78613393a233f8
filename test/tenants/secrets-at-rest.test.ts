import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

/** Every stored file except the two key files, which hold the platform's own keys by design. */
const readTree = async (dir: string): Promise<string> => {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const files = entries
    .filter((entry) => entry.isFile() && !['admin-token', 'secret-key'].includes(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
  return (await Promise.all(files.map((file) => readFile(file, 'latin1')))).join('\n')
}

const dumpDatabase = async (dsn: string, tenantId: string): Promise<string> => {
  const client = new pg.Client({ connectionString: dsn })
  await client.connect()
  try {
    const rows = await client.query('SELECT row_to_json(t)::text AS row FROM tenants t WHERE tenant_id = $1', [tenantId])
    return rows.rows.map((row) => row.row).join('\n')
  } finally {
    await client.end()
  }
}

const backends: Array<[string, () => Record<string, string>]> = [
  ['file', () => ({})],
  ['postgres', () => ({ ORCHESTRATION_STORE_BACKEND: 'postgres', ORCHESTRATION_PG_DSN: inject('pgDsn') })],
]

describe.each(backends)('tenant secrets at rest on the %s backend', (backend, env) => {
  let app: TestFabio
  beforeAll(async () => {
    app = await startTestFabio(env())
  })
  afterAll(() => app.stop())

  it('never stores a secret’s plain text, and still uses it', async () => {
    const tenantId = randomTenantId()
    const created = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })).body
    const openaiKey = `sk-proj-${randomTenantId()}-plaintext`
    const evolutionKey = `EVO-${randomTenantId()}-plaintext`
    const put = await app.api(`/api/tenants/${tenantId}/config`, {
      method: 'PUT',
      body: { openai: { api_key: openaiKey }, evolution: { api_key: evolutionKey, base_url: 'http://127.0.0.1:8080' } },
    })
    expect(put.status).toBe(200)

    const stored = backend === 'file' ? await readTree(app.dataDir) : await dumpDatabase(inject('pgDsn'), tenantId)
    expect(stored).toContain(tenantId)
    for (const secret of [openaiKey, evolutionKey, created.webhook_token, created.owner_access_key]) {
      expect(stored).not.toContain(secret)
    }
    expect(stored).not.toContain(app.adminToken.slice(4))

    const runtime = await app.fabio.runtime.tenants.getRuntimeConfig(tenantId)
    expect(runtime.openai.api_key).toBe(openaiKey)
    expect(await app.fabio.runtime.tenants.getWebhookToken(tenantId)).toBe(created.webhook_token)
    expect(await app.fabio.runtime.tenants.verifyOwnerAccessKey(tenantId, created.owner_access_key)).toBe(true)
    expect((await app.api(`/api/tenants/${tenantId}/config`, { token: created.owner_access_key })).status).toBe(200)
  })
})
