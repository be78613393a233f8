import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { errorCodes } from '../../src/shared/error-codes.js'

/**
 * docs/errors.md is the catalogue users read: one table row per code in src/shared/error-codes.ts,
 * with the same HTTP status, and every code that src/ throws must be in the catalogue.
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const catalogue: Record<string, number> = errorCodes

interface CatalogueRow {
  code: string
  status: string
  line: number
}

/** Table rows whose first cell is a single backticked code, e.g. | `AUTH_MISSING` | 401 | … |. */
const readCatalogueRows = (): CatalogueRow[] => {
  const text = readFileSync(join(root, 'docs/errors.md'), 'utf8')
  const rows: CatalogueRow[] = []
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    if (!line.startsWith('|')) return
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim())
    const code = /^`([A-Z][A-Z0-9_]+)`$/.exec(cells[0] ?? '')?.[1]
    if (code) rows.push({ code, status: cells[1] ?? '', line: index + 1 })
  })
  return rows
}

const listTypeScriptFiles = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return listTypeScriptFiles(path)
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : []
  })

/** Codes passed as a literal to `new AppError('CODE', …)` anywhere in src/, with where they are. */
const codesThrownInSource = (): Map<string, string[]> => {
  const found = new Map<string, string[]>()
  for (const file of listTypeScriptFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/new AppError\(\s*'([A-Z][A-Z0-9_]+)'/g)) {
      const code = match[1] as string
      const line = text.slice(0, match.index).split('\n').length
      found.set(code, [...(found.get(code) ?? []), `${file.slice(root.length)}:${line}`])
    }
  }
  return found
}

describe('docs/errors.md error catalogue', () => {
  const rows = readCatalogueRows()

  it('has table rows to check', () => {
    expect(rows.length).toBeGreaterThan(0)
  })

  it('lists each code once', () => {
    const seen = new Set<string>()
    const duplicates = rows.filter((row) => (seen.has(row.code) ? true : (seen.add(row.code), false)))
    expect(duplicates.map((row) => `${row.code} (line ${row.line})`)).toEqual([])
  })

  it('lists exactly the codes of src/shared/error-codes.ts', () => {
    const documented = new Set(rows.map((row) => row.code))
    const defined = Object.keys(catalogue)
    expect({
      missingFromDocs: defined.filter((code) => !documented.has(code)).sort(),
      notInErrorCodes: [...documented].filter((code) => !(code in catalogue)).sort(),
    }).toEqual({ missingFromDocs: [], notInErrorCodes: [] })
  })

  it('gives each code the HTTP status of src/shared/error-codes.ts', () => {
    const wrong = rows
      .filter((row) => row.code in catalogue && row.status !== String(catalogue[row.code]))
      .map((row) => `${row.code}: docs say "${row.status}", error-codes.ts says ${catalogue[row.code]} (line ${row.line})`)
    expect(wrong).toEqual([])
  })

  it('covers every code that src/ throws with new AppError', () => {
    const thrown = codesThrownInSource()
    expect(thrown.size).toBeGreaterThan(0)
    const unknown = [...thrown]
      .filter(([code]) => !(code in catalogue))
      .map(([code, places]) => `${code} (${places.join(', ')})`)
    expect(unknown).toEqual([])
  })
})
