import { describe, expect, inject, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { findClosedPort } from '../support/free-port.js'
import { spawnFabio } from '../support/spawn-fabio.js'
import { createTempDir } from '../support/temp-dir.js'

describe('npm start on PostgreSQL', () => {
  it('runs the same fabio on the database', async () => {
    const dir = await createTempDir('fabio-pg-start')
    const fabio = spawnFabio({
      PORT: '0',
      FABIO_DATA_DIR: dir.path,
      ORCHESTRATION_STORE_BACKEND: 'postgres',
      ORCHESTRATION_PG_DSN: inject('pgDsn'),
    })
    try {
      const url = await fabio.ready
      expect(fabio.stdout()).toContain('(postgres backend)')
      const token = fabio.stdout().match(/generated now: (\S+)\)/)?.[1] as string
      const tenantId = randomTenantId()
      const created = await fetch(`${url}/api/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant_id: tenantId }),
      })
      expect(created.status).toBe(201)
      expect((await fetch(`${url}/readyz`)).status).toBe(200)
      fabio.child.kill('SIGTERM')
      expect(await fabio.exited).toBe(0)
    } finally {
      fabio.child.kill('SIGKILL')
      await dir.remove()
    }
  })

  it('fails at start with what to do when the server is unreachable', async () => {
    const dir = await createTempDir('fabio-pg-down')
    const fabio = spawnFabio({
      PORT: '0',
      FABIO_DATA_DIR: dir.path,
      ORCHESTRATION_STORE_BACKEND: 'postgres',
      ORCHESTRATION_PG_DSN: `postgres://fabio:secret-password@127.0.0.1:${await findClosedPort()}/fabio`,
    })
    expect(await fabio.exited).toBe(1)
    expect(fabio.stderr()).toContain('STORAGE_PG_UNREACHABLE')
    expect(fabio.stderr()).toContain('Is the server running')
    expect(fabio.stderr()).not.toContain('secret-password')
    expect(fabio.stderr()).not.toMatch(/\n\s+at /)
    await dir.remove()
  })
})
