import { appendFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio } from '../support/start-test-fabio.js'
import { startFabio } from '../../src/runtime/index.js'
import { createSilentLogger } from '../../src/shared/logger.js'

describe('config saves on the file backend', () => {
  it('leave the old config when a crash tears the save, never a mix', async () => {
    const app = await startTestFabio()
    const tenantId = randomTenantId()
    await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId, display_name: 'Antes' } })
    await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: { timezone: 'America/Manaus' } })
    const before = (await app.api(`/api/tenants/${tenantId}/config`)).body
    const env = { PORT: '0', FABIO_DATA_DIR: app.dataDir, LOG_LEVEL: 'silent', PLATFORM_ADMIN_TOKEN: app.adminToken }
    await app.fabio.stop()

    // A save is one log line; a crash mid-write leaves a prefix of it without its newline.
    const log = join(app.dataDir, 'tenant-runtime-config', 'tenants.jsonl')
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n')
    const lastSave = lines.at(-1) as string
    const torn = lastSave.replace('Antes', 'Depois').replace('America/Manaus', 'America/Recife').slice(0, Math.floor(lastSave.length * 0.7))
    await appendFile(log, torn)

    const restarted = await startFabio(env, createSilentLogger())
    try {
      expect(await restarted.runtime.tenants.getMaskedConfig(tenantId)).toEqual(before)
      expect((await readFile(log, 'utf8')).endsWith('\n')).toBe(true)
    } finally {
      await restarted.stop()
    }
  })
})
