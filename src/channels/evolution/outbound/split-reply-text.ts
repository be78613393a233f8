/**
 * Splits a long reply into WhatsApp-sized messages. Paragraphs (blank-line separated) are packed
 * into chunks of at most `maxLength` characters; a single paragraph that is too long falls back
 * to its lines, then its sentences, then words, and at last a hard cut (never inside a UTF-16
 * surrogate pair, so emoji survive). Chunks are trimmed and never empty; blank input gives [].
 */
export const splitReplyText = (text: string, maxLength = 1500): string[] => {
  if (!Number.isFinite(maxLength) || maxLength < 1) throw new RangeError('maxLength must be at least 1')
  const max = Math.floor(maxLength)
  const normalized = text.replace(/\r\n?/g, '\n').trim()
  if (normalized === '') return []
  return splitAt(normalized, 0, max)
}

interface Level {
  split: (text: string) => string[]
  separator: string
}

const levels: Level[] = [
  { split: (text) => text.split(/\n[ \t]*(?:\n[ \t]*)+/), separator: '\n\n' },
  { split: (text) => text.split('\n'), separator: '\n' },
  { split: (text) => text.split(/(?<=[.!?…])\s+/), separator: ' ' },
  { split: (text) => text.split(/\s+/), separator: ' ' },
]

const splitAt = (text: string, level: number, max: number): string[] => {
  if (text.length <= max) return [text]
  const current = levels[level]
  if (!current) return hardSplit(text, max)
  const pieces = current
    .split(text)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .flatMap((part) => (part.length > max ? splitAt(part, level + 1, max) : [part]))
  return pack(pieces, current.separator, max)
}

/** Greedily joins consecutive pieces (each ≤ max) while the result stays ≤ max. */
const pack = (pieces: string[], separator: string, max: number): string[] => {
  const chunks: string[] = []
  let current = ''
  for (const piece of pieces) {
    if (current === '') current = piece
    else if (current.length + separator.length + piece.length <= max) current = `${current}${separator}${piece}`
    else {
      chunks.push(current)
      current = piece
    }
  }
  if (current !== '') chunks.push(current)
  return chunks
}

const hardSplit = (text: string, max: number): string[] => {
  const chunks: string[] = []
  let rest = text
  while (rest.length > max) {
    let cut = max
    const code = rest.charCodeAt(cut - 1)
    if (cut > 1 && code >= 0xd800 && code <= 0xdbff) cut -= 1
    const chunk = rest.slice(0, cut).trim()
    if (chunk !== '') chunks.push(chunk)
    rest = rest.slice(cut).trimStart()
  }
  if (rest.trim() !== '') chunks.push(rest.trim())
  return chunks
}
