import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataFolders } from '../../src/runtime/index.js'
import { spawnFabio, type SpawnedFabio } from '../support/spawn-fabio.js'
import { createTempDir } from '../support/temp-dir.js'

describe('npm start on the file backend, with no configuration', () => {
  let dataDir: { path: string; remove(): Promise<void> }
  let fabio: SpawnedFabio
  let url: string

  beforeAll(async () => {
    dataDir = await createTempDir('fabio-start')
    fabio = spawnFabio({ PORT: '0', FABIO_DATA_DIR: dataDir.path })
    url = await fabio.ready
  })
  afterAll(async () => {
    fabio.child.kill('SIGKILL')
    await dataDir.remove()
  })

  it('creates the data dir with every folder users know', async () => {
    for (const folder of dataFolders) expect(existsSync(join(dataDir.path, folder)), folder).toBe(true)
  })

  it('generates the admin token and the secret key with mode 0600', async () => {
    for (const file of ['admin-token', 'secret-key']) {
      const info = await stat(join(dataDir.path, file))
      expect(info.mode & 0o777, file).toBe(0o600)
    }
  })

  it('prints the panel URL, where the admin token is, and how to create a tenant', async () => {
    const token = (await readFile(join(dataDir.path, 'admin-token'), 'utf8')).trim()
    const banner = fabio.stdout()
    expect(banner).toContain(`${url}/owner/`)
    expect(banner).toContain(join(dataDir.path, 'admin-token').replace(`${process.cwd()}/`, ''))
    expect(banner).toContain(token)
    expect(banner).toContain('npm run tenant:create -- --tenant-id')
  })

  it('serves the API with the generated token', async () => {
    const token = (await readFile(join(dataDir.path, 'admin-token'), 'utf8')).trim()
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' })
    const response = await fetch(`${url}/api/tenants`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    const panel = await fetch(`${url}/owner/`)
    expect(panel.status).toBe(200)
    expect(await panel.text()).toContain('/panel/assets/js/owner-app.js')
    expect((await fetch(`${url}/panel/assets/js/owner-app.js`)).status).toBe(200)
  })

  it('refuses a second process on the same data dir at once, saying why', async () => {
    const second = spawnFabio({ PORT: '0', FABIO_DATA_DIR: dataDir.path })
    expect(await second.exited).toBe(1)
    expect(second.stderr()).toContain('STORAGE_DATA_DIR_LOCKED')
    expect(second.stderr()).toContain(String(fabio.child.pid))
    expect(second.stderr()).not.toMatch(/\n\s+at /)
  })

  it('stops cleanly on SIGTERM, releases the lock, and does not print the token again on restart', async () => {
    fabio.child.kill('SIGTERM')
    expect(await fabio.exited).toBe(0)
    expect(existsSync(join(dataDir.path, 'fabio.lock'))).toBe(false)
    const token = (await readFile(join(dataDir.path, 'admin-token'), 'utf8')).trim()
    const again = spawnFabio({ PORT: '0', FABIO_DATA_DIR: dataDir.path })
    await again.ready
    expect(again.stdout()).not.toContain(token)
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  })
})

describe('bad configuration', () => {
  it('fails fast naming every bad variable, without a stack trace', async () => {
    const dir = await createTempDir('fabio-badconf')
    const run = spawnFabio({ PORT: 'http', LOG_LEVEL: 'chatty', ORCHESTRATION_STORE_BACKEND: 'postgres', FABIO_DATA_DIR: dir.path })
    expect(await run.exited).toBe(1)
    expect(run.stderr()).toContain('PORT')
    expect(run.stderr()).toContain('LOG_LEVEL')
    expect(run.stderr()).toContain('ORCHESTRATION_PG_DSN')
    expect(run.stderr()).not.toMatch(/\n\s+at /)
    await dir.remove()
  })
})
