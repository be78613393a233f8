import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresMemoryStore, type Memory } from '../../src/memory/index.js'
import { ensureHnswIndex, hnswIndexNameOf, readPgvectorFeatures } from '../../src/memory/vector-hnsw-index.js'
import { createPostgresVectorSearch } from '../../src/memory/vector-postgres-search.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { createPgPool, runMigrations } from '../../src/storage/postgres/index.js'
import { createTestMemory } from '../contract/memory-store.contract.js'
import { randomTenantId } from '../support/factories.js'
import { connectTestPool, createEmptyDatabase, usingEmbeddedPostgres } from '../support/test-postgres.js'

const AT = '2026-03-01T12:00:00.000Z'
const randomSpace = (dims: number) => `test:hnsw-${randomBytes(4).toString('hex')}:${dims}`

/**
 * Vectors from a fixed seed that, like embeddings, lie near a low-dimensional surface (4 latent
 * dims mapped to `dims`, plus a little noise), so nearest neighbours are well defined.
 */
const embeddingLikeVectors = (count: number, dims: number, seed: number): Float32Array[] => {
  let state = 12_345
  const random = () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647 - 0.5
  }
  const map = Array.from({ length: 4 }, () => Float32Array.from({ length: dims }, random))
  for (let skip = 0; skip < seed; skip++) random()
  return Array.from({ length: count }, () => {
    const latent = [random(), random(), random(), random()]
    return Float32Array.from({ length: dims }, (_, dim) =>
      latent.reduce((sum, weight, axis) => sum + weight * ((map[axis] as Float32Array)[dim] as number), 0) + random() * 0.02,
    )
  })
}

/** Rows straight into the tables, in bulk: the store's one-by-one writes would make this test slow. */
const bulkInsert = async (pool: pg.Pool, memories: Memory[], spaceId: string, vectors: Float32Array[]): Promise<void> => {
  const columns = Object.keys(memories[0] as Memory).join(', ')
  await pool.query(`INSERT INTO memories (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::memories, $1::jsonb)`, [
    JSON.stringify(memories),
  ])
  await pool.query(
    `INSERT INTO memory_vectors (tenant_id, owner_kind, owner_id, space_id, embedding_dims, embedding, embedded_at)
     SELECT tenant_id, 'memory', owner_id, $1, $2, embedding::vector, $3
     FROM unnest($4::text[], $5::text[], $6::text[]) AS rows (tenant_id, owner_id, embedding)`,
    [
      spaceId,
      (vectors[0] as Float32Array).length,
      AT,
      memories.map((memory) => memory.tenant_id),
      memories.map((memory) => memory.memory_id),
      vectors.map((vector) => `[${Array.from(vector).join(',')}]`),
    ],
  )
}

const indexesOf = async (pool: pg.Pool, spaceId: string): Promise<string[]> =>
  (
    await pool.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'memory_vectors' AND indexname = $1`, [
      hnswIndexNameOf(spaceId),
    ])
  ).rows.map((row) => row.indexdef)

describe('postgres memory vectors: the per-space HNSW index', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = await connectTestPool()
  })
  afterAll(() => pool.end())

  it("creates the space's partial HNSW index before its first vector, once", async () => {
    const spaceId = randomSpace(8)
    const memory = createTestMemory()
    const store = createPostgresMemoryStore(pool)
    await store.save({ memory })
    expect(await indexesOf(pool, spaceId)).toEqual([])
    await store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId, vector: new Float32Array(8).fill(1), at: AT })
    const [definition] = await indexesOf(pool, spaceId)
    expect(definition).toMatch(/USING hnsw \(\(\(embedding\)::vector\(8\)\) vector_cosine_ops\) WITH \(m='16', ef_construction='64'\)/)
    expect(definition).toContain(`WHERE (space_id = '${spaceId}'::text)`)

    // Another process (a new store) and a second build attempt find it there.
    await createPostgresMemoryStore(pool).putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId, vector: new Float32Array(8).fill(2), at: AT })
    expect(await ensureHnswIndex(pool, { spaceId, dims: 8, pgvector: await readPgvectorFeatures(pool) })).toBe('ready')
    expect(await indexesOf(pool, spaceId)).toHaveLength(1)
  })

  it('indexes a space wider than 2,000 dims as halfvec, and searches it through that index', async () => {
    const dims = 2_500
    const spaceId = randomSpace(dims)
    const tenantId = randomTenantId()
    const store = createPostgresMemoryStore(pool)
    const vectors = [0, 1, 2].map((axis) => Float32Array.from({ length: dims }, (_, dim) => (dim % 3 === axis ? 1 : 0.01)))
    for (const [index, vector] of vectors.entries()) {
      const memory = createTestMemory({ tenant_id: tenantId, text: `largo ${index}` })
      await store.save({ memory })
      await store.putVector({ tenantId, memoryId: memory.memory_id, spaceId, vector, at: AT })
    }
    expect((await indexesOf(pool, spaceId))[0]).toContain(`halfvec(${dims})) halfvec_cosine_ops`)
    const found = await store.search({ tenantId, spaceId, vector: vectors[1] as Float32Array, scope: { role: 'owner' }, limit: 1 })
    expect(found.map((candidate) => candidate.memory.text)).toEqual(['largo 1'])
    expect(found[0]?.cosine).toBeCloseTo(1, 2)
    const plan = await createPostgresVectorSearch(pool, { columns: 'm.memory_id' }).explainPool({
      tenantId,
      spaceId,
      vector: vectors[1] as Float32Array,
      scope: { role: 'owner' },
      limit: 1,
    })
    expect(plan?.join('\n')).toContain(`::halfvec(${dims})`)
  })

  it('gives no index to a space whose id names no width (its rows may differ in width)', async () => {
    const spaceId = `test:no-width-${randomBytes(4).toString('hex')}`
    const memory = createTestMemory()
    const store = createPostgresMemoryStore(pool)
    await store.save({ memory })
    await store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId, vector: new Float32Array([1, 0, 0]), at: AT })
    expect(await indexesOf(pool, spaceId)).toEqual([])
    const [found] = await store.search({ tenantId: memory.tenant_id, spaceId, vector: new Float32Array([1, 0, 0]), scope: { role: 'owner' }, limit: 3 })
    expect(found?.cosine).toBeCloseTo(1, 5)
  })

  describe('on a tenant-wide pool of 3,000 memories', () => {
    const dims = 32
    const spaceId = randomSpace(dims)
    const tenantId = randomTenantId()
    const vectors = embeddingLikeVectors(3_000, dims, 11)
    const queries = embeddingLikeVectors(20, dims, 99_999)
    const customerScope = { role: 'customer' as const, customerId: 'cus_perf' }

    beforeAll(async () => {
      const memories = vectors.map((_, index) =>
        createTestMemory({ tenant_id: tenantId, memory_id: `mem_${String(index).padStart(5, '0')}`, text: `fato ${index}` }),
      )
      await ensureHnswIndex(pool, { spaceId, dims, pgvector: await readPgvectorFeatures(pool) })
      await bulkInsert(pool, memories, spaceId, vectors)
      await pool.query('ANALYZE memories; ANALYZE memory_vectors')
    }, 120_000)

    it("plans the tenant-wide query as an index scan on the space's HNSW index", async () => {
      const search = createPostgresVectorSearch(pool, { columns: 'm.memory_id' })
      for (const scope of [customerScope, { role: 'owner' as const }]) {
        const plan = await search.explainPool({ tenantId, spaceId, vector: queries[0] as Float32Array, scope, limit: 8 })
        expect(plan?.join('\n')).toContain(`Index Scan using ${hnswIndexNameOf(spaceId)} on memory_vectors`)
      }
    })

    it('finds at least 95% of the exact top 8 through the index', async () => {
      const search = createPostgresVectorSearch(pool, { columns: 'm.memory_id' })
      let hits = 0
      for (const vector of queries) {
        const input = { tenantId, spaceId, vector, scope: customerScope, limit: 8 }
        const exact = new Set((await search.searchExact(input)).map((row) => row.memory_id))
        const found = await search.search(input)
        expect(found).toHaveLength(8)
        hits += found.filter((row) => exact.has(row.memory_id)).length
      }
      expect(hits / (queries.length * 8)).toBeGreaterThanOrEqual(0.95)
    })

    it("merges a customer's own memories (exact) with the pool (index), never another customer's", async () => {
      const store = createPostgresMemoryStore(pool)
      const own = createTestMemory({ tenant_id: tenantId, subject_kind: 'customer', subject_id: 'cus_perf', audience: 'subject_and_owner', text: 'meu' })
      const other = createTestMemory({ tenant_id: tenantId, subject_kind: 'customer', subject_id: 'cus_other', audience: 'subject_and_owner', text: 'outro' })
      const query = queries[3] as Float32Array
      for (const memory of [own, other]) {
        await store.save({ memory })
        await store.putVector({ tenantId, memoryId: memory.memory_id, spaceId, vector: query, at: AT })
      }
      const found = await store.search({ tenantId, spaceId, vector: query, scope: customerScope, limit: 8 })
      expect(found[0]?.memory.memory_id).toBe(own.memory_id)
      expect(found.map((candidate) => candidate.memory.memory_id)).not.toContain(other.memory_id)
      expect(found).toHaveLength(8)
    })
  })

  it.skipIf(usingEmbeddedPostgres())(
    'leaves the build to the process holding the lock (PGlite skips this: one session, so advisory locks never conflict there)',
    async () => {
      const spaceId = randomSpace(4)
      const holder = await pool.connect()
      try {
        await holder.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`fabio:memory-hnsw:${spaceId}`])
        expect(await ensureHnswIndex(pool, { spaceId, dims: 4, pgvector: await readPgvectorFeatures(pool) })).toBe('busy')
        expect(await indexesOf(pool, spaceId)).toEqual([])
      } finally {
        await holder.query(`SELECT pg_advisory_unlock_all()`)
        holder.release()
      }
    },
  )
})

describe('migration 014', () => {
  it('builds the HNSW index of a space that had vectors before it, under the name the store uses', async () => {
    const database = await createEmptyDatabase()
    const pool = await createPgPool({ dsn: database.dsn, logger: createSilentLogger(), max: 2 })
    try {
      await runMigrations(pool, createSilentLogger())
      const spaceId = randomSpace(4)
      const memory = createTestMemory()
      // As a fabio without 014 left them: rows of the space, no index yet.
      await bulkInsert(pool, [memory], spaceId, [new Float32Array([1, 2, 3, 4])])
      await bulkInsert(pool, [createTestMemory()], 'test:no-width', [new Float32Array([1, 2])])
      await pool.query(`DELETE FROM schema_migrations WHERE version = 14`)
      await runMigrations(pool, createSilentLogger())
      expect(await indexesOf(pool, spaceId)).toHaveLength(1)
      expect(await indexesOf(pool, 'test:no-width')).toEqual([])
    } finally {
      await pool.end()
      await database.drop()
    }
  }, 120_000)
})
