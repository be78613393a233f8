import { benchFileRecall } from './memory-recall-file.js'
import { benchRecallBaselines } from './memory-recall-baselines.js'
import { benchPostgresRecall } from './memory-recall-postgres.js'
import { createVectorDataset } from './memory-vector-dataset.js'
import { openBenchDatabase } from './postgres-bench-database.js'
import type { Figure } from './start-benchmark.js'

const DIMS = 1536
const QUERIES = 100
/** The slow baselines at 100k (~0.1–0.5 s a query) get fewer queries. */
const BASELINE_QUERIES_AT_100K = 20

export interface MemoryRecallBenchmarkOptions {
  /** Memories per run; default 1k, 10k and 100k. */
  sizes?: readonly number[]
  /** Progress lines (load and build times, EXPLAIN), printed as they happen. */
  log?: (line: string) => void
}

/**
 * Recall latency without the embedding call (design memory.md §3, issue #6): at each size, on
 * the same synthetic 1536-dim data (memory-vector-dataset.ts), the file backend, the Postgres
 * backend, an optimised brute-force JS scan and LangChain's MemoryVectorStore, each with its
 * recall@8 against exact search. Nothing here asserts a speed.
 */
export const runMemoryRecallBenchmark = async (options: MemoryRecallBenchmarkOptions = {}): Promise<Figure[]> => {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000]
  const log = options.log ?? (() => undefined)
  const figures: Figure[] = []
  const database = await openBenchDatabase('fabio_bench_mem')
  if (!database) figures.push({ name: 'memory recall, postgres: skipped (no server at BENCH_PG_DSN)', value: 0, unit: '' })
  try {
    // One dataset of the largest size; each smaller run takes its first memories.
    const startedAt = performance.now()
    const full = createVectorDataset({ count: Math.max(...sizes), queries: QUERIES, dims: DIMS })
    log(`memory recall: ${full.vectors.length} × ${DIMS} dataset generated in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
    for (const size of sizes) {
      const dataset = { ...full, vectors: full.vectors.slice(0, size) }
      figures.push(...(await benchFileRecall(dataset, log)))
      figures.push(...(await benchRecallBaselines(dataset, size >= 100_000 ? dataset.queries.slice(0, BASELINE_QUERIES_AT_100K) : dataset.queries)))
      if (database) figures.push(...(await benchPostgresRecall(database.pool, dataset, log)))
    }
  } finally {
    await database?.drop()
  }
  return figures
}
