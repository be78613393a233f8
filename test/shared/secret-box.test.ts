import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { accessKeyMatches, createSecretBox, hashAccessKey } from '../../src/shared/secret-box.js'

const key = randomBytes(32).toString('base64')

describe('createSecretBox', () => {
  it('round-trips a secret and never stores its plain text', () => {
    const box = createSecretBox(key)
    const stored = box.encrypt('sk-live-123456', 'tenant:a:openai.api_key')
    expect(stored).toMatch(/^enc:v1:/)
    expect(stored).not.toContain('sk-live')
    expect(box.decrypt(stored, 'tenant:a:openai.api_key')).toBe('sk-live-123456')
  })

  it('uses a fresh IV each time', () => {
    const box = createSecretBox(key)
    expect(box.encrypt('same', 'c')).not.toBe(box.encrypt('same', 'c'))
  })

  it('refuses a ciphertext moved to another tenant (bound context)', () => {
    const box = createSecretBox(key)
    const stored = box.encrypt('secret', 'tenant:a:openai.api_key')
    expect(() => box.decrypt(stored, 'tenant:b:openai.api_key')).toThrow(expect.objectContaining({ code: 'SECRET_DECRYPT_FAILED' }))
  })

  it('says clearly when the key is not the one the secret was encrypted with', () => {
    const stored = createSecretBox(key).encrypt('secret', 'c')
    const other = createSecretBox(randomBytes(32).toString('hex'))
    expect(() => other.decrypt(stored, 'c')).toThrow(/FABIO_SECRET_KEY/)
  })

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox('short')).toThrow(expect.objectContaining({ code: 'SECRET_KEY_INVALID' }))
  })
})

describe('access key hashes', () => {
  it('match only the key they were made from', () => {
    const hash = hashAccessKey('fok_abc')
    expect(hash).not.toContain('fok_abc')
    expect(accessKeyMatches('fok_abc', hash)).toBe(true)
    expect(accessKeyMatches('fok_abd', hash)).toBe(false)
  })
})
