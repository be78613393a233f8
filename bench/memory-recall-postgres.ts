import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { createPostgresMemoryStore, type Memory } from '../src/memory/index.js'
import { ensureHnswIndex, hnswIndexNameOf, readPgvectorFeatures } from '../src/memory/vector-hnsw-index.js'
import { pgVectorParam } from '../src/memory/vector-pg-binary.js'
import { createPostgresVectorSearch } from '../src/memory/vector-postgres-search.js'
import { benchMemory, timeQueries } from './bench-memories.js'
import { exactTopK, recallAtK, type VectorDataset } from './memory-vector-dataset.js'
import type { Figure } from './start-benchmark.js'

const K = 8
const SCOPE = { role: 'customer' as const, customerId: 'cus_bench' }

/** Memories in batches through jsonb (the store's one-by-one save would take minutes at 100k). */
export const insertMemories = async (pool: pg.Pool, memories: Memory[]): Promise<void> => {
  const columns = Object.keys(memories[0] as Memory).join(', ')
  for (let start = 0; start < memories.length; start += 1_000) {
    await pool.query(`INSERT INTO memories (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::memories, $1::jsonb)`, [
      JSON.stringify(memories.slice(start, start + 1_000)),
    ])
  }
}

/** Vectors in batches of 200 rows, each sent in pgvector's binary format. */
const insertVectors = async (pool: pg.Pool, tenantId: string, spaceId: string, ids: string[], vectors: Float32Array[]): Promise<void> => {
  for (let start = 0; start < ids.length; start += 200) {
    const params: unknown[] = [tenantId, spaceId, (vectors[0] as Float32Array).length]
    const rows: string[] = []
    for (let index = start; index < Math.min(ids.length, start + 200); index++) {
      params.push(ids[index], pgVectorParam(vectors[index] as Float32Array))
      rows.push(`($1, 'memory', $${params.length - 1}, $2, $3, $${params.length}::vector, now())`)
    }
    await pool.query(
      `INSERT INTO memory_vectors (tenant_id, owner_kind, owner_id, space_id, embedding_dims, embedding, embedded_at) VALUES ${rows.join(', ')}`,
      params,
    )
  }
}

/** A one-line summary of the plan: which index serves the pool query. */
const planSummary = (plan: string[] | null): string => {
  const line = plan?.find((entry) => /Index Scan using memory_vectors_hnsw_/.test(entry))
  if (line) return `uses ${line.trim().replace(/^->\s*/, '')}`
  if (!plan) return 'no index type for this width: exact scan'
  const scan = plan.find((entry) => /Scan .*on memory_vectors/.test(entry))?.trim().replace(/^->\s*/, '')
  return `the planner prefers an exact scan at this size (${scan ?? 'no scan of memory_vectors found'}, then a sort)`
}

/**
 * Postgres recall at one size: `dataset.vectors.length` business/public memories of one tenant in
 * their own space (so their own partial index), bulk-loaded, the index built after the load as a
 * re-embed into a fresh space would leave it (CONCURRENTLY, since the space holds rows), then
 * ANALYZE, then the store's own `search` timed, checked against exact search and EXPLAINed.
 */
export const benchPostgresRecall = async (pool: pg.Pool, dataset: VectorDataset, log: (line: string) => void): Promise<Figure[]> => {
  const count = dataset.vectors.length
  const label = `${count} × ${dataset.dims} dims`
  const tenantId = `bench-${randomBytes(3).toString('hex')}`
  const spaceId = `bench:synthetic-${count}:${dataset.dims}`
  const memories = dataset.vectors.map((_, index) => benchMemory(tenantId, index))
  const ids = memories.map((memory) => memory.memory_id)

  let startedAt = performance.now()
  await insertMemories(pool, memories)
  await insertVectors(pool, tenantId, spaceId, ids, dataset.vectors)
  const loadSeconds = (performance.now() - startedAt) / 1000
  startedAt = performance.now()
  await ensureHnswIndex(pool, { spaceId, dims: dataset.dims, pgvector: await readPgvectorFeatures(pool) })
  const buildSeconds = (performance.now() - startedAt) / 1000
  await pool.query('ANALYZE memories; ANALYZE memory_vectors')
  const sizes = await pool.query<{ index_size: string; shared_buffers: string }>(
    `SELECT pg_size_pretty(pg_relation_size($1::regclass)) AS index_size, current_setting('shared_buffers') AS shared_buffers`,
    [hnswIndexNameOf(spaceId)],
  )
  // With shared_buffers smaller than the index, a new query reads much of its path from the OS cache.
  log(
    `postgres ${label}: loaded in ${loadSeconds.toFixed(1)} s, HNSW index built in ${buildSeconds.toFixed(1)} s ` +
      `(${sizes.rows[0]?.index_size}; shared_buffers ${sizes.rows[0]?.shared_buffers})`,
  )

  const store = createPostgresMemoryStore(pool)
  const search = createPostgresVectorSearch(pool, { columns: 'm.memory_id' })
  const indexOf = (memoryId: string) => Number(memoryId.slice(4))
  const exact = dataset.queries.map((query) => exactTopK(dataset.vectors, query, K))
  const timed = await timeQueries(dataset.queries, async (vector) =>
    (await store.search({ tenantId, spaceId, vector, scope: SCOPE, limit: K })).map((found) => indexOf(found.memory.memory_id)),
  )
  const plan = await search.explainPool({ tenantId, spaceId, vector: dataset.queries[0] as Float32Array, scope: SCOPE, limit: K })
  log(`postgres ${label}: EXPLAIN ${planSummary(plan)}`)
  // The exact scan is slow at 100k (about a second): a few queries suffice for its median.
  const exactQueries = dataset.queries.slice(0, count >= 100_000 ? 6 : 20)
  const exactScan = await timeQueries(exactQueries, (vector) => search.searchExact({ tenantId, spaceId, vector, scope: SCOPE, limit: K }), 1)
  return [
    { name: `memory recall, postgres backend, ${label}: p50`, value: round(timed.p50), unit: 'ms' },
    { name: `memory recall, postgres backend, ${label}: p99`, value: round(timed.p99), unit: 'ms' },
    { name: `memory recall, postgres backend, ${label}: recall@${K}`, value: round(recallAtK(exact, timed.results), 3), unit: '' },
    { name: `memory recall, postgres backend, ${label}: index used`, value: plan?.some((line) => line.includes('memory_vectors_hnsw_')) ? 1 : 0, unit: '(1 = yes, EXPLAIN)' },
    { name: `memory recall, postgres exact scan (no index), ${label}: p50`, value: round(exactScan.p50), unit: 'ms' },
  ]
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits))
