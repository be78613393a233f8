import { describe, expect, it } from 'vitest'
import { evolutionConnectionFromConfig, evolutionUrl } from '../../../../src/channels/evolution/outbound/index.js'
import { isAppError } from '../../../../src/shared/app-error.js'

const errorOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected an error')
}

describe('evolutionConnectionFromConfig', () => {
  it('builds a connection from a complete config', () => {
    expect(evolutionConnectionFromConfig({ base_url: 'https://evo.example.com/', api_key: 'k', instance: 'loja-aurora' })).toEqual({
      baseUrl: 'https://evo.example.com/',
      apiKey: 'k',
      instance: 'loja-aurora',
    })
  })

  it('throws EVOLUTION_NOT_CONFIGURED (user) naming every missing setting', () => {
    const error = errorOf(() => evolutionConnectionFromConfig({ api_key: 'k', instance: '  ' }))
    expect(error.code).toBe('EVOLUTION_NOT_CONFIGURED')
    expect(error.category).toBe('user')
    expect(error.details).toEqual({ missing: ['base_url', 'instance'] })
    expect(error.message).toContain('evolution.base_url')
    expect(error.message).toContain('evolution.instance')
    expect(error.message).not.toContain('api_key')

    expect(errorOf(() => evolutionConnectionFromConfig({})).details).toEqual({ missing: ['base_url', 'api_key', 'instance'] })
    expect(errorOf(() => evolutionConnectionFromConfig(undefined)).code).toBe('EVOLUTION_NOT_CONFIGURED')
  })
})

describe('evolutionUrl', () => {
  it('drops trailing slashes of the base and encodes the instance name', () => {
    const connection = { baseUrl: 'https://evo.example.com/api///', apiKey: 'k', instance: 'Loja Áurora/2' }
    expect(evolutionUrl(connection, 'message/sendText')).toBe('https://evo.example.com/api/message/sendText/Loja%20%C3%81urora%2F2')
  })
})
