import { open, readFile } from 'node:fs/promises'
import { errorCodeOf, writeFully } from './durable-fs.js'

export interface JsonlLine {
  /** 1-based, as editors count. */
  number: number
  text: string
}

/**
 * What is after the last newline: nothing (`clean`), a line cut short by a crash mid-append
 * (`torn`: it does not parse), or a complete line someone saved without its newline (`unterminated`).
 */
export type JsonlTail =
  | { kind: 'clean' }
  | { kind: 'torn'; line: JsonlLine; validLength: number }
  | { kind: 'unterminated'; line: JsonlLine }

export interface JsonlFileContent {
  exists: boolean
  /** Every newline-terminated line, plus an unterminated final line that parses. */
  lines: JsonlLine[]
  tail: JsonlTail
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Splits a log into lines, working on bytes so a torn multi-byte character stays in the torn line. */
export const readJsonlFile = async (path: string): Promise<JsonlFileContent> => {
  let buffer: Buffer
  try {
    buffer = await readFile(path)
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return { exists: false, lines: [], tail: { kind: 'clean' } }
    throw error
  }
  const lines: JsonlLine[] = []
  let start = 0
  for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
    lines.push({ number: lines.length + 1, text: buffer.toString('utf8', start, end) })
    start = end + 1
  }
  if (start === buffer.length) return { exists: true, lines, tail: { kind: 'clean' } }
  const last: JsonlLine = { number: lines.length + 1, text: buffer.toString('utf8', start) }
  if (!parses(last.text)) return { exists: true, lines, tail: { kind: 'torn', line: last, validLength: start } }
  lines.push(last)
  return { exists: true, lines, tail: { kind: 'unterminated', line: last } }
}

/** Cuts a torn line off, or ends an unterminated one, so the next append starts a fresh line. */
export const repairTail = async (path: string, tail: JsonlTail): Promise<void> => {
  if (tail.kind === 'clean') return
  const handle = await open(path, tail.kind === 'torn' ? 'r+' : 'a')
  try {
    if (tail.kind === 'torn') await handle.truncate(tail.validLength)
    else await writeFully(handle, Buffer.from('\n'))
    await handle.sync()
  } finally {
    await handle.close()
  }
}
