import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFileMemoryStore, type MemoryStore } from '../src/memory/index.js'
import { createSilentLogger } from '../src/shared/logger.js'
import { openFileStorage } from '../src/storage/file/index.js'
import { benchMemory, timeQueries } from './bench-memories.js'
import { exactTopK, recallAtK, type VectorDataset } from './memory-vector-dataset.js'
import type { Figure } from './start-benchmark.js'

const K = 8
const SCOPE = { role: 'customer' as const, customerId: 'cus_bench' }

/** Through the store's own API, 500 writes in flight at a time (group commit batches their fsyncs). */
const fill = async (store: MemoryStore, tenantId: string, spaceId: string, vectors: readonly Float32Array[]): Promise<void> => {
  for (let start = 0; start < vectors.length; start += 500) {
    await Promise.all(
      vectors.slice(start, start + 500).map(async (vector, offset) => {
        const memory = benchMemory(tenantId, start + offset)
        await store.save({ memory })
        await store.putVector({ tenantId, memoryId: memory.memory_id, spaceId, vector, at: memory.created_at })
      }),
    )
  }
}

/**
 * File backend recall at one size: every memory in one scope (the business's public memories, the
 * pool a customer's turn searches), filled through the store, then the store reopened from disk
 * (the side files are the durable format) and its `search` timed and checked against exact search.
 */
export const benchFileRecall = async (dataset: VectorDataset, log: (line: string) => void): Promise<Figure[]> => {
  const count = dataset.vectors.length
  const label = `${count} × ${dataset.dims} dims`
  const tenantId = `bench-${randomBytes(3).toString('hex')}`
  const spaceId = `bench:synthetic:${dataset.dims}`
  const dataDir = await mkdtemp(join(tmpdir(), 'fabio-bench-memory-'))
  const open = () => openFileStorage({ dataDir, logger: createSilentLogger(), folders: ['owner-memory'] })
  try {
    let storage = await open()
    let startedAt = performance.now()
    await fill(await createFileMemoryStore(storage), tenantId, spaceId, dataset.vectors)
    await storage.close()
    const fillSeconds = (performance.now() - startedAt) / 1000
    startedAt = performance.now()
    storage = await open()
    const store = await createFileMemoryStore(storage)
    log(`file ${label}: filled in ${fillSeconds.toFixed(1)} s, reopened in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
    const exact = dataset.queries.map((query) => exactTopK(dataset.vectors, query, K))
    const timed = await timeQueries(dataset.queries, async (vector) =>
      (await store.search({ tenantId, spaceId, vector, scope: SCOPE, limit: K })).map((found) => Number(found.memory.memory_id.slice(4))),
    )
    await storage.close()
    return [
      { name: `memory recall, file backend, ${label}: p50`, value: round(timed.p50), unit: 'ms' },
      { name: `memory recall, file backend, ${label}: p99`, value: round(timed.p99), unit: 'ms' },
      { name: `memory recall, file backend, ${label}: recall@${K}`, value: round(recallAtK(exact, timed.results), 3), unit: '' },
    ]
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits))
