import { startFabio, type RunningFabio } from '../../src/runtime/index.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { createTempDir } from './temp-dir.js'

export interface TestFabio {
  fabio: RunningFabio
  url: string
  adminToken: string
  dataDir: string
  /** fetch against the server with the admin token unless `token` says otherwise (null: none). */
  api(path: string, init?: { method?: string; body?: unknown; rawBody?: string; token?: string | null }): Promise<{
    status: number
    body: any
  }>
  stop(): Promise<void>
}

/** A real fabio on port 0 with a fresh data dir; `env` adds or overrides variables. */
export const startTestFabio = async (
  env: Record<string, string> = {},
  overrides: Parameters<typeof startFabio>[2] = {},
): Promise<TestFabio> => {
  const dir = await createTempDir('fabio-app')
  const fabio = await startFabio(
    { PORT: '0', FABIO_DATA_DIR: dir.path, LOG_LEVEL: 'silent', ...env },
    createSilentLogger(),
    overrides,
  )
  const adminToken = fabio.secrets.adminToken
  return {
    fabio,
    url: fabio.url,
    adminToken,
    dataDir: dir.path,
    api: async (path, init = {}) => {
      const token = init.token === undefined ? adminToken : init.token
      const headers: Record<string, string> = {}
      if (token !== null) headers.authorization = `Bearer ${token}`
      let body: string | undefined
      if (init.rawBody !== undefined) body = init.rawBody
      else if (init.body !== undefined) body = JSON.stringify(init.body)
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(`${fabio.url}${path}`, { method: init.method ?? 'GET', headers, body })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {
        // keep text
      }
      return { status: response.status, body: parsed }
    },
    stop: async () => {
      await fabio.stop()
      await dir.remove()
    },
  }
}
