import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createSilentLogger } from '../src/shared/logger.js'
import { openFileStorage } from '../src/storage/file/index.js'

export interface BenchmarkFigure {
  name: string
  value: number
  unit: string
}

const WRITERS = 32
const RECORDS = 4_000

interface SmallRecord {
  tenant_id: string
  id: string
  name: string
  phone: string
}

/** `RECORDS` puts by `WRITERS` concurrent writers, each awaiting its own put before the next. */
const measure = async (groupCommit: boolean): Promise<{ perSecond: number; recordsPerFsync: number }> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fabio-append-bench-'))
  try {
    const storage = await openFileStorage({ dataDir, logger: createSilentLogger(), folders: ['bench'], groupCommit })
    const collection = await storage.collection<SmallRecord>({ folder: 'bench', name: 'records', idOf: (record) => record.id })
    let next = 0
    const writer = async (): Promise<void> => {
      while (next < RECORDS) {
        const n = next++
        await collection.put({ tenant_id: `t${n % 4}`, id: `r${n}`, name: `customer ${n}`, phone: `+5511${n}` })
      }
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: WRITERS }, writer))
    const seconds = (performance.now() - started) / 1000
    const { fsyncs } = collection.stats()
    await storage.close()
    return { perSecond: RECORDS / seconds, recordsPerFsync: RECORDS / fsyncs }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Append throughput of the file engine, with and without group commit (fsync per record). */
export async function runFileAppendBenchmark(): Promise<BenchmarkFigure[]> {
  const grouped = await measure(true)
  const single = await measure(false)
  return [
    { name: `file append, group commit, ${WRITERS} writers`, value: Math.round(grouped.perSecond), unit: 'records/s' },
    { name: `file append, group commit, records per fsync`, value: Number(grouped.recordsPerFsync.toFixed(1)), unit: 'records' },
    { name: `file append, fsync per record, ${WRITERS} writers`, value: Math.round(single.perSecond), unit: 'records/s' },
  ]
}

const invokedPath = process.argv[1]
if (invokedPath && import.meta.url === pathToFileURL(invokedPath).href) {
  for (const figure of await runFileAppendBenchmark()) console.log(`${figure.name}: ${figure.value} ${figure.unit}`)
}
