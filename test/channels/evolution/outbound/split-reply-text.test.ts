import { describe, expect, it } from 'vitest'
import { splitReplyText } from '../../../../src/channels/evolution/outbound/index.js'

const expectWellFormed = (chunks: string[], max: number) => {
  for (const chunk of chunks) {
    expect(chunk.length).toBeLessThanOrEqual(max)
    expect(chunk).not.toBe('')
    expect(chunk).toBe(chunk.trim())
  }
}

describe('splitReplyText', () => {
  it('keeps a short reply whole, trimmed', () => {
    expect(splitReplyText('  Oi, Mariana!\n\n')).toEqual(['Oi, Mariana!'])
  })

  it('returns nothing for blank text', () => {
    expect(splitReplyText('')).toEqual([])
    expect(splitReplyText(' \n\n \t ')).toEqual([])
  })

  it('packs paragraphs into chunks up to maxLength', () => {
    const a = 'a'.repeat(40)
    const b = 'b'.repeat(40)
    const c = 'c'.repeat(40)
    const chunks = splitReplyText(`${a}\n\n${b}\n\n\n${c}`, 90)
    expect(chunks).toEqual([`${a}\n\n${b}`, c])
  })

  it('treats blank lines with spaces and CRLF as paragraph breaks', () => {
    expect(splitReplyText('one one one\r\n \r\ntwo two two', 15)).toEqual(['one one one', 'two two two'])
  })

  it('splits an oversized paragraph on lines, keeping line breaks inside a chunk', () => {
    const lines = ['- bolo de cenoura: R$ 12', '- bolo de fubá: R$ 10', '- torta de limão: R$ 15']
    const chunks = splitReplyText(lines.join('\n'), 50)
    expect(chunks).toEqual([`${lines[0]}\n${lines[1]}`, lines[2]])
  })

  it('falls back to sentences for an oversized line', () => {
    const text = 'Temos bolo de cenoura hoje. A fatia sai por doze reais! Quer que eu separe? Posso reservar até as 18h.'
    const chunks = splitReplyText(text, 60)
    expectWellFormed(chunks, 60)
    expect(chunks).toEqual(['Temos bolo de cenoura hoje. A fatia sai por doze reais!', 'Quer que eu separe? Posso reservar até as 18h.'])
  })

  it('falls back to words, then a hard cut, for an oversized sentence', () => {
    const words = splitReplyText('palavra '.repeat(30).trim(), 20)
    expectWellFormed(words, 20)
    expect(words.join(' ')).toBe('palavra '.repeat(30).trim())

    const long = 'x'.repeat(45)
    expect(splitReplyText(long, 20)).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(5)])
  })

  it('never cuts an emoji in half', () => {
    const chunks = splitReplyText('🥕'.repeat(5), 3)
    expect(chunks.join('')).toBe('🥕'.repeat(5))
    for (const chunk of chunks) expect(chunk).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
  })

  it('uses 1500 by default and keeps all the text of a long reply', () => {
    const paragraphs = Array.from({ length: 12 }, (_, index) => `Parágrafo ${index}: ${'texto '.repeat(40).trim()}`)
    const chunks = splitReplyText(paragraphs.join('\n\n'))
    expectWellFormed(chunks, 1500)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.join('\n\n')).toBe(paragraphs.join('\n\n'))
  })
})
