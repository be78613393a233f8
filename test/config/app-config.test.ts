import { describe, expect, it } from 'vitest'
import { ConfigError, loadAppConfig } from '../../src/config/index.js'

describe('loadAppConfig', () => {
  it('works bare, with the documented defaults', () => {
    const config = loadAppConfig({})
    expect(config).toMatchObject({
      port: 4001,
      host: '127.0.0.1',
      publicBaseUrl: 'http://127.0.0.1:4001',
      dataDir: './.runtime-data',
      storeBackend: 'file',
      logLevel: 'info',
    })
  })

  it('names every bad variable and how to fix it, at once', () => {
    try {
      loadAppConfig({ PORT: 'eighty', ORCHESTRATION_STORE_BACKEND: 'mysql', LOG_LEVEL: 'loud' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const message = (error as ConfigError).message
      expect(message).toContain('PORT')
      expect(message).toContain('ORCHESTRATION_STORE_BACKEND')
      expect(message).toContain('LOG_LEVEL')
      expect((error as ConfigError).problems).toHaveLength(3)
    }
  })

  it('requires a DSN for the postgres backend', () => {
    expect(() => loadAppConfig({ ORCHESTRATION_STORE_BACKEND: 'postgres' })).toThrow(/ORCHESTRATION_PG_DSN/)
  })

  it('treats empty variables as unset', () => {
    expect(loadAppConfig({ PORT: '', HOST: '' }).port).toBe(4001)
  })
})
