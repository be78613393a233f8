import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createFileMemoryStore, createPostgresMemoryStore, memoryContentHash, type Memory, type MemoryStore } from '../src/memory/index.js'
import { createSilentLogger } from '../src/shared/logger.js'
import { openFileStorage } from '../src/storage/file/index.js'
import { createPgPool, runMigrations } from '../src/storage/postgres/index.js'
import type { Figure } from './start-benchmark.js'

const dims = 1536
const queries = 40
const spaceId = `bench:random:${dims}`

const randomUnitVector = (): Float32Array => {
  const vector = new Float32Array(dims)
  let norm = 0
  for (let index = 0; index < dims; index += 1) {
    const value = Math.random() * 2 - 1
    vector[index] = value
    norm += value * value
  }
  const scale = 1 / Math.sqrt(norm)
  for (let index = 0; index < dims; index += 1) vector[index] = (vector[index] as number) * scale
  return vector
}

const memoryFor = (tenantId: string, index: number): Memory => {
  const at = new Date().toISOString()
  const text = `memória de teste número ${index}`
  return {
    tenant_id: tenantId,
    memory_id: `mem_${index.toString().padStart(7, '0')}`,
    subject_kind: 'business',
    subject_id: null,
    audience: 'public',
    kind: 'fact',
    text,
    slot_key: null,
    content_hash: memoryContentHash({ text, subjectKind: 'business', subjectId: null }),
    confidence: 0.9,
    importance: 0.5,
    status: 'active',
    superseded_by: null,
    source_kind: 'import',
    source_refs: [],
    pii_flags: [],
    valid_from: at,
    valid_to: null,
    created_at: at,
    updated_at: at,
    last_confirmed_at: null,
    last_recalled_at: null,
    recall_count: 0,
    text_version: 1,
  }
}

const fill = async (store: MemoryStore, tenantId: string, count: number): Promise<Float32Array[]> => {
  const vectors: Float32Array[] = []
  for (let start = 0; start < count; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - start) }, async (_, offset) => {
        const memory = memoryFor(tenantId, start + offset)
        const vector = randomUnitVector()
        vectors.push(vector)
        await store.save({ memory })
        await store.putVector({ tenantId, memoryId: memory.memory_id, spaceId, vector, at: memory.created_at })
      }),
    )
  }
  return vectors
}

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * quantile))] ?? 0
  return { p50: at(0.5), p99: at(0.99) }
}

const measure = async (search: (vector: Float32Array) => Promise<unknown> | unknown) => {
  const samples: number[] = []
  for (let index = 0; index < queries; index += 1) {
    const vector = randomUnitVector()
    const startedAt = performance.now()
    await search(vector)
    samples.push(performance.now() - startedAt)
  }
  return percentiles(samples)
}

/** The baseline: a plain loop over every vector, cosine (dot product of unit vectors), top 8. */
const bruteForce = (vectors: Float32Array[], query: Float32Array) => {
  const scores = vectors.map((vector) => {
    let dot = 0
    for (let index = 0; index < dims; index += 1) dot += (vector[index] as number) * (query[index] as number)
    return dot
  })
  return scores.sort((a, b) => b - a).slice(0, 8)
}

const figuresFor = (label: string, result: { p50: number; p99: number }): Figure[] => [
  { name: `memory recall, ${label}: p50`, value: Number(result.p50.toFixed(2)), unit: 'ms' },
  { name: `memory recall, ${label}: p99`, value: Number(result.p99.toFixed(2)), unit: 'ms' },
]

const benchStore = async (label: string, store: MemoryStore, count: number, afterFill?: () => Promise<void>): Promise<Figure[]> => {
  const tenantId = `bench-${randomBytes(3).toString('hex')}`
  const vectors = await fill(store, tenantId, count)
  await afterFill?.()
  const scope = { role: 'customer' as const, customerId: 'cus_bench' }
  return [
    ...figuresFor(`${label}, ${count} × ${dims} dims`, await measure((vector) => store.search({ tenantId, spaceId, vector, scope, limit: 8 }))),
    ...figuresFor(`brute-force JS scan, ${count} × ${dims} dims`, await measure((vector) => bruteForce(vectors, vector))),
  ]
}

export const runMemoryRecallBenchmark = async (sizes = [1_000, 10_000], postgresSizes = [1_000, 10_000]): Promise<Figure[]> => {
  const figures: Figure[] = []
  for (const size of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'fabio-bench-memory-'))
    const storage = await openFileStorage({ dataDir: dir, logger: createSilentLogger(), folders: ['owner-memory'] })
    try {
      figures.push(...(await benchStore('file backend', await createFileMemoryStore(storage), size)))
    } finally {
      await storage.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
  const serverDsn = process.env.BENCH_PG_DSN ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const admin = new pg.Client({ connectionString: serverDsn, connectionTimeoutMillis: 2_000 })
  try {
    await admin.connect()
  } catch {
    figures.push({ name: 'memory recall, postgres: skipped (no server at BENCH_PG_DSN)', value: 0, unit: '' })
    return figures
  }
  const name = `fabio_bench_mem_${randomBytes(3).toString('hex')}`
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(serverDsn)
  url.pathname = `/${name}`
  const pool = await createPgPool({ dsn: url.toString(), logger: createSilentLogger() })
  try {
    await runMigrations(pool, createSilentLogger())
    // Fresh tables have no statistics until autovacuum analyses them; a live database has them.
    const analyze = async () => void (await pool.query('ANALYZE memories; ANALYZE memory_vectors'))
    for (const size of postgresSizes) figures.push(...(await benchStore('postgres (exact scan)', createPostgresMemoryStore(pool), size, analyze)))
  } finally {
    await pool.end()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
  return figures
}

