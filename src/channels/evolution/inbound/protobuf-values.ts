/**
 * Protobuf values as Evolution serialises them, which changes by version (REPORT.md §2.4):
 * - 64-bit integers: decimal string (v1, ≤2.3.2), number (2.3.3–2.3.5), `{low, high, unsigned}` (2.3.6+).
 * - bytes: base64 string (v1, ≤2.3.2), index-keyed object `{"0":12,"1":200,…}` (2.3.3+), and, from
 *   other serialisers, an array of bytes or Node's `{type:'Buffer', data:[…]}`.
 */
import { asRecord } from './json-values.js'

const twoPow32 = 2 ** 32

/** A 64-bit protobuf value → number; null when it is none of the known forms. Precision beyond 2^53 is lost. */
export const readLong = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string') {
    const trimmed = value.trim()
    return /^-?\d+$/.test(trimmed) ? Number(trimmed) : null
  }
  const long = asRecord(value)
  if (!long) return null
  const { low, high } = long
  if (typeof low !== 'number' || typeof high !== 'number') return null
  if (!Number.isInteger(low) || !Number.isInteger(high)) return null
  const highPart = long.unsigned === true ? high >>> 0 : high | 0
  return highPart * twoPow32 + (low >>> 0)
}

const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/

const isByte = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255

/** A protobuf bytes value → Buffer; null when it is none of the known forms. */
export const readBytes = (value: unknown): Buffer | null => {
  if (typeof value === 'string') {
    const compact = value.replace(/\s/g, '')
    return base64Pattern.test(compact) ? Buffer.from(compact, 'base64') : null
  }
  if (value instanceof Uint8Array) return Buffer.from(value)
  if (Array.isArray(value)) return value.every(isByte) ? Buffer.from(value) : null
  const record = asRecord(value)
  if (!record) return null
  if (record.type === 'Buffer' && Array.isArray(record.data)) return readBytes(record.data)
  const entries = Object.entries(record)
  const bytes = new Array<number>(entries.length)
  for (const [key, byte] of entries) {
    if (!/^\d+$/.test(key) || !isByte(byte)) return null
    const index = Number(key)
    if (index >= entries.length || String(index) !== key) return null
    bytes[index] = byte
  }
  return Buffer.from(bytes)
}

/** A protobuf bytes value → standard base64 string; null when it is none of the known forms. */
export const readBytesBase64 = (value: unknown): string | null => {
  if (typeof value === 'string') {
    const compact = value.replace(/\s/g, '')
    if (!base64Pattern.test(compact)) return null
    // Already base64: keep it byte-for-byte unless it is the URL-safe alphabet.
    return /[-_]/.test(compact) ? Buffer.from(compact, 'base64url').toString('base64') : compact
  }
  return readBytes(value)?.toString('base64') ?? null
}
