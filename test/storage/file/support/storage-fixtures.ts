import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import type { Logger } from '../../../../src/shared/logger.js'

export interface Customer {
  tenant_id: string
  id: string
  name: string
  phone?: string | null
  tags?: string[]
}

export const customerSpec = {
  folder: 'customers',
  name: 'customers',
  idOf: (record: Customer) => record.id,
  indexes: { phone: (record: Customer) => record.phone },
}

/** A fresh data dir under the OS temp dir; `remove()` deletes it. */
export const makeTempDataDir = async (): Promise<{ dataDir: string; remove: () => Promise<void> }> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fabio-file-storage-'))
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) }
}

export interface LogEntry {
  level: number
  msg: string
  [key: string]: unknown
}

/** A pino logger whose lines land in `entries`, to assert on warnings. */
export const captureLogger = (): { logger: Logger; entries: LogEntry[] } => {
  const entries: LogEntry[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => void entries.push(JSON.parse(line) as LogEntry) })
  return { logger, entries }
}

export const warnings = (entries: LogEntry[]): LogEntry[] => entries.filter((entry) => entry.level === 40)

/** The pid of a process that has exited (so it is certainly not alive). */
export const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve())
    child.once('error', reject)
  })
  if (child.pid === undefined) throw new Error('spawned process has no pid')
  return child.pid
}
