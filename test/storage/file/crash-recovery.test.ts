import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openFileStorage } from '../../../src/storage/file/index.js'
import { captureLogger, makeTempDataDir, warnings } from './support/storage-fixtures.js'

const crashWriter = fileURLToPath(new URL('./support/crash-writer.ts', import.meta.url))
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url))
const ACKNOWLEDGED_BEFORE_KILL = 200
// Bounds the wait for the child (startup through tsx included), so a hang fails instead of blocking.
const CHILD_DEADLINE_MS = 60_000

const crashSpec = { folder: 'crm', name: 'crash', idOf: (record: { tenant_id: string; id: string }) => record.id }

/** Runs the writer, SIGKILLs it once it acknowledged enough records, returns the acknowledged ids. */
const writeUntilKilled = (dataDir: string, prefix: string): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', crashWriter, dataDir, prefix], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acknowledged: string[] = []
    let pending = ''
    let stderr = ''
    let killed = false
    const deadline = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`crash writer acknowledged only ${acknowledged.length} records in time; stderr: ${stderr}`))
    }, CHILD_DEADLINE_MS)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      // Only whole lines count: a partly received id was still acknowledged, but we cannot know which.
      const lines = (pending + chunk).split('\n')
      pending = lines.pop() ?? ''
      acknowledged.push(...lines)
      if (!killed && acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (_code, signal) => {
      clearTimeout(deadline)
      if (signal === 'SIGKILL' && killed) resolve(acknowledged)
      else reject(new Error(`crash writer exited on its own (signal ${signal}); stderr: ${stderr}`))
    })
  })

describe('crash recovery', () => {
  let dataDir: string
  let remove: () => Promise<void>

  beforeEach(async () => {
    ;({ dataDir, remove } = await makeTempDataDir())
  })

  afterEach(async () => {
    await remove()
  })

  it(
    'keeps every acknowledged record when the writer is SIGKILLed mid-write, round after round',
    async () => {
      const everAcknowledged: string[] = []
      for (const round of ['x', 'y']) {
        const acknowledged = await writeUntilKilled(dataDir, round)
        expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL)
        everAcknowledged.push(...acknowledged)

        // The dead writer's lock is taken over; the log loads cleanly (a torn tail at most).
        const { logger, entries } = captureLogger()
        const storage = await openFileStorage({ dataDir, logger, folders: ['crm'] })
        const collection = await storage.collection(crashSpec)
        expect(warnings(entries).some((entry) => entry.msg.includes('stale data-dir lock'))).toBe(true)
        const unexpected = warnings(entries).filter(
          (entry) => !entry.msg.includes('stale data-dir lock') && !entry.msg.includes('torn final line'),
        )
        expect(unexpected).toEqual([])

        const missing = everAcknowledged.filter((id) => collection.get('t1', id) === null)
        expect(missing).toEqual([])
        await storage.ping()
        await storage.close()

        // What recovery left behind is a clean log: every line complete and valid.
        const text = await readFile(join(dataDir, 'crm', 'crash.jsonl'), 'utf8')
        expect(text.endsWith('\n')).toBe(true)
        for (const line of text.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow()
      }
    },
    2 * CHILD_DEADLINE_MS + 30_000,
  )
})
