import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createFileMemoryStore, createPostgresMemoryStore, type Memory, type MemoryStore } from '../src/memory/index.js'
import { createSilentLogger } from '../src/shared/logger.js'
import { openFileStorage } from '../src/storage/file/index.js'
import { startFakeOpenAI } from '../test/support/fake-openai.js'
import { benchMemory } from './bench-memories.js'
import { insertMemories } from './memory-recall-postgres.js'
import { openBenchDatabase } from './postgres-bench-database.js'
import type { ReembedChildInput } from './reembed-child.js'
import type { Figure } from './start-benchmark.js'

const MODEL = 'text-embedding-3-small'
const DIMS = 1536
const TARGET = `openai:${MODEL}:${DIMS}`
const childScript = fileURLToPath(new URL('./reembed-child.ts', import.meta.url))

interface ChildLine {
  event: 'started' | 'progress' | 'done'
  processed?: number
  ms: number
  active?: string
}

/**
 * Runs the child until it finishes, or SIGKILLs it as soon as it reports `killAfter` processed
 * memories. Resolves to the runner time it reported last and the progress lines it printed.
 */
const runChild = (input: ReembedChildInput, killAfter?: number): Promise<{ lines: ChildLine[]; killed: boolean }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] })
    const lines: ChildLine[] = []
    let stderr = ''
    let killed = false
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as ChildLine
      lines.push(line)
      if (killAfter !== undefined && !killed && (line.processed ?? 0) >= killAfter) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    child.on('error', reject)
    child.on('exit', (code) => (killed || code === 0 ? resolve({ lines, killed }) : reject(new Error(`re-embed child exited ${code}: ${stderr}`))))
  })

const lastMs = (lines: ChildLine[]): number => lines.filter((line) => line.event !== 'started').at(-1)?.ms ?? 0

/** How many of the tenant's memories have a vector in the target space. */
const countInTarget = async (store: MemoryStore, tenantId: string, ids: string[]): Promise<number> => {
  let count = 0
  for (const memoryId of ids) if ((await store.vectorSpacesOf({ tenantId, memoryId })).includes(TARGET)) count++
  return count
}

/**
 * Re-embed throughput on one backend: `rows` memories, a run to the OpenAI space (the fake OpenAI
 * server answers, 1536 dims) in a child process killed with SIGKILL half-way, then a second run
 * that resumes from the checkpoint. rows/s = rows / (runner time of both runs).
 */
interface BackendUnderTest {
  backend: 'file' | 'postgres'
  /** The data dir or the DSN the child opens. */
  location: string
  seed(memories: Memory[]): Promise<void>
  open(): Promise<{ store: MemoryStore; close(): Promise<void> }>
}

const benchBackend = async (
  { backend, location, seed, open }: BackendUnderTest,
  openaiUrl: string,
  rows: number,
  log: (line: string) => void,
): Promise<Figure[]> => {
  const tenantId = `bench-${randomBytes(3).toString('hex')}`
  const memories = Array.from({ length: rows }, (_, index) => benchMemory(tenantId, index, { text: `memória ${index}: cliente prefere horário ${index % 24}h` }))
  await seed(memories)

  const input: ReembedChildInput = { backend, location, tenantId, openaiUrl, model: MODEL, dims: DIMS, batchSize: 64 }
  const first = await runChild(input, Math.floor(rows / 2))
  const killedAt = first.lines.filter((line) => line.event === 'progress').at(-1)?.processed ?? 0
  const second = await runChild(input)
  const resumedFrom = (second.lines.find((line) => line.event === 'progress')?.processed ?? 0) - input.batchSize
  const done = second.lines.find((line) => line.event === 'done')
  const seconds = (lastMs(first.lines) + lastMs(second.lines)) / 1000

  const check = await open()
  const inTarget = await countInTarget(check.store, tenantId, memories.map((memory) => memory.memory_id))
  await check.close()
  log(
    `re-embed ${backend}: killed (SIGKILL) at ${killedAt}/${rows}, resumed from checkpoint ${Math.max(0, resumedFrom)}, ` +
      `${inTarget}/${rows} in ${TARGET}, active space now ${done?.active ?? '?'}`,
  )
  return [
    { name: `memory re-embed, ${backend}, ${rows} rows with a kill and resume: throughput`, value: Math.round(rows / seconds), unit: 'rows/s' },
    { name: `memory re-embed, ${backend}: rows in the new space after resume`, value: inTarget, unit: `of ${rows}` },
  ]
}

export const runReembedThroughputBenchmark = async (rows = 2_000, log: (line: string) => void = () => undefined): Promise<Figure[]> => {
  const openai = await startFakeOpenAI({ defaultDimensions: DIMS })
  const figures: Figure[] = []
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'fabio-bench-reembed-'))
    try {
      const open = async () => {
        const storage = await openFileStorage({ dataDir, logger: createSilentLogger(), folders: ['owner-memory', 'owner-memory-maintenance'] })
        return { store: await createFileMemoryStore(storage), close: () => storage.close() }
      }
      const seed = async (memories: Memory[]) => {
        const { store, close } = await open()
        for (const memory of memories) await store.save({ memory })
        await close()
      }
      figures.push(...(await benchBackend({ backend: 'file', location: dataDir, seed, open }, openai.url, rows, log)))
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
    const database = await openBenchDatabase('fabio_bench_reembed')
    if (!database) {
      figures.push({ name: 'memory re-embed, postgres: skipped (no server at BENCH_PG_DSN)', value: 0, unit: '' })
      return figures
    }
    try {
      const open = async () => ({ store: createPostgresMemoryStore(database.pool), close: async () => undefined })
      const seed = (memories: Memory[]) => insertMemories(database.pool, memories)
      figures.push(...(await benchBackend({ backend: 'postgres', location: database.dsn, seed, open }, openai.url, rows, log)))
    } finally {
      await database.drop()
    }
    return figures
  } finally {
    await openai.close()
  }
}
