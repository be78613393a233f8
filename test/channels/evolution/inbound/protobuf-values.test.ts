import { describe, expect, it } from 'vitest'
import { readBytes, readBytesBase64, readLong } from '../../../../src/channels/evolution/inbound/index.js'

describe('readLong', () => {
  it('reads the three 64-bit forms Evolution sends', () => {
    expect(readLong(1761057597)).toBe(1761057597)
    expect(readLong('1761057597')).toBe(1761057597)
    expect(readLong({ low: 1761057597, high: 0, unsigned: false })).toBe(1761057597)
    expect(readLong({ low: 14873, high: 0, unsigned: true })).toBe(14873)
  })

  it('combines high and low words, signed and unsigned', () => {
    expect(readLong({ low: 1, high: 1, unsigned: true })).toBe(2 ** 32 + 1)
    // low is an int32 in protobufjs: 3_000_000_000 arrives as a negative number.
    expect(readLong({ low: 3_000_000_000 | 0, high: 0, unsigned: true })).toBe(3_000_000_000)
    expect(readLong({ low: -1, high: -1, unsigned: false })).toBe(-1)
    expect(readLong({ low: 0, high: 0 })).toBe(0)
  })

  it('returns null for anything else', () => {
    for (const value of [null, undefined, '', 'abc', '12.5', {}, { low: 'x', high: 0 }, [1], Number.NaN, true]) {
      expect(readLong(value)).toBeNull()
    }
  })
})

describe('readBytes', () => {
  const bytes = [12, 200, 0, 255]

  it('reads base64, index-keyed objects, arrays and Node Buffer JSON alike', () => {
    const expected = Buffer.from(bytes)
    expect(readBytes(expected.toString('base64'))).toEqual(expected)
    expect(readBytes({ '0': 12, '1': 200, '2': 0, '3': 255 })).toEqual(expected)
    expect(readBytes({ '1': 200, '0': 12, '3': 255, '2': 0 })).toEqual(expected)
    expect(readBytes(bytes)).toEqual(expected)
    expect(readBytes({ type: 'Buffer', data: bytes })).toEqual(expected)
    expect(readBytes(new Uint8Array(bytes))).toEqual(expected)
    expect(readBytes({})).toEqual(Buffer.alloc(0))
  })

  it('gives the same base64 for every form', () => {
    const base64 = Buffer.from(bytes).toString('base64')
    expect(readBytesBase64(base64)).toBe(base64)
    expect(readBytesBase64({ '0': 12, '1': 200, '2': 0, '3': 255 })).toBe(base64)
    expect(readBytesBase64(Buffer.from(bytes).toString('base64url'))).toBe(base64)
    // The v1 fixtures' messageContextInfo bytes.
    expect(readBytes('v0HmKBJF/7Rq8A==')?.length).toBe(10)
  })

  it('returns null for what is not bytes', () => {
    for (const value of [null, 42, 'not base64!', { a: 1 }, { '0': 256 }, { '0': 1, '2': 2 }, [1, 'x'], { '00': 1 }]) {
      expect(readBytes(value)).toBeNull()
    }
  })
})
