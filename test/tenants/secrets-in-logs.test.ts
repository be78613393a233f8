import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { startFabio } from '../../src/runtime/index.js'
import { createLogger } from '../../src/shared/logger.js'
import { randomTenantId } from '../support/factories.js'
import { createTempDir } from '../support/temp-dir.js'

describe('logs', () => {
  it('never carry a tenant secret, even at trace level and on failed requests', async () => {
    const dir = await createTempDir('fabio-logs')
    const stream = new PassThrough()
    let logged = ''
    stream.on('data', (chunk: Buffer) => {
      logged += chunk.toString()
    })
    const fabio = await startFabio(
      { PORT: '0', FABIO_DATA_DIR: dir.path },
      createLogger({ level: 'trace', destination: stream }),
    )
    try {
      const admin = { authorization: `Bearer ${fabio.secrets.adminToken}`, 'content-type': 'application/json' }
      const tenantId = randomTenantId()
      const created = await (
        await fetch(`${fabio.url}/api/tenants`, { method: 'POST', headers: admin, body: JSON.stringify({ tenant_id: tenantId }) })
      ).json()
      const secret = `sk-${randomTenantId()}-do-not-log`
      const path = `${fabio.url}/api/tenants/${tenantId}/config`
      await fetch(path, { method: 'PUT', headers: admin, body: JSON.stringify({ openai: { api_key: secret } }) })
      await fetch(path, { method: 'PUT', headers: admin, body: JSON.stringify({ openai: { api_key: secret, nope: 1 } }) })
      await fetch(path, { headers: { authorization: `Bearer ${created.owner_access_key}` } })
      expect(logged).toContain('tenant config updated')
      for (const value of [secret, created.owner_access_key, created.webhook_token, fabio.secrets.adminToken]) {
        expect(logged).not.toContain(value)
      }
    } finally {
      await fabio.stop()
      await dir.remove()
    }
  })
})
