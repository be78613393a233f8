import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { AppError } from './app-error.js'

/**
 * AES-256-GCM encryption of secrets at rest. The stored form is
 * `enc:v1:<iv b64url>:<tag b64url>:<ciphertext b64url>`; the tenant id is bound as
 * additional authenticated data, so a ciphertext copied to another tenant does not decrypt.
 */
export interface SecretBox {
  encrypt(plaintext: string, context: string): string
  decrypt(stored: string, context: string): string
  isEncrypted(value: string): boolean
}

const prefix = 'enc:v1:'

/** Accepts 32 bytes as base64/base64url (43–44 chars) or hex (64 chars). */
export const parseSecretKey = (raw: string): Buffer => {
  const trimmed = raw.trim()
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (key.length !== 32) {
    throw new AppError(
      'SECRET_KEY_INVALID',
      'FABIO_SECRET_KEY must be 32 random bytes, as base64 or 64 hex characters (generate one with: openssl rand -base64 32)',
      { category: 'system' },
    )
  }
  return key
}

export const createSecretBox = (rawKey: string): SecretBox => {
  const key = parseSecretKey(rawKey)
  return {
    encrypt: (plaintext, context) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(context, 'utf8'))
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      const tag = cipher.getAuthTag()
      return `${prefix}${iv.toString('base64url')}:${tag.toString('base64url')}:${ciphertext.toString('base64url')}`
    },
    decrypt: (stored, context) => {
      const parts = stored.startsWith(prefix) ? stored.slice(prefix.length).split(':') : []
      if (parts.length !== 3) {
        throw new AppError('SECRET_DECRYPT_FAILED', 'A stored secret is not in the encrypted format', {
          category: 'system',
        })
      }
      const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer]
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv)
        decipher.setAAD(Buffer.from(context, 'utf8'))
        decipher.setAuthTag(tag)
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
      } catch (cause) {
        throw new AppError(
          'SECRET_DECRYPT_FAILED',
          'A stored secret could not be decrypted: FABIO_SECRET_KEY is not the key it was encrypted with',
          { category: 'system', cause },
        )
      }
    },
    isEncrypted: (value) => value.startsWith(prefix),
  }
}

/** One-way hash for access keys we only need to verify (owner access keys). */
export const hashAccessKey = (key: string): string => `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`

export const accessKeyMatches = (key: string, storedHash: string): boolean => {
  const candidate = Buffer.from(hashAccessKey(key))
  const stored = Buffer.from(storedHash)
  return candidate.length === stored.length && timingSafeEqual(candidate, stored)
}
