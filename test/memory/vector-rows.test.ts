import { describe, expect, it } from 'vitest'
import { cosineSimilarity } from '../../src/memory/index.js'
import { compileDotKernel, createJsDotKernel, type DotKernel } from '../../src/memory/vector-dot-kernel.js'
import { createVectorRows, createVectorSpaceRows } from '../../src/memory/vector-rows.js'

/** A fixed dataset: the same numbers on every run. */
const seeded = (seed: number) => {
  let state = seed
  return () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647 - 0.5
  }
}

const randomVectors = (count: number, dims: number, seed: number): Float32Array[] => {
  const random = seeded(seed)
  return Array.from({ length: count }, () => Float32Array.from({ length: dims }, random))
}

/** The reference: cosine in double precision over every candidate, sorted, ties by id. */
const exactTop = (vectors: Map<string, Float32Array>, query: Float32Array, limit: number) =>
  [...vectors]
    .map(([memoryId, vector]) => ({ memoryId, cosine: cosineSimilarity(query, vector) }))
    .sort((a, b) => b.cosine - a.cosine || (a.memoryId < b.memoryId ? -1 : 1))
    .slice(0, limit)

const kernel = compileDotKernel()

describe('vector dot kernel', () => {
  it('compiles to WebAssembly SIMD on this Node', () => {
    expect(kernel.simd).toBe(true)
  })

  it('computes the same dot products as the plain JS loop, rows gathered by id', () => {
    const dims = 48 // 3 passes of 16 floats
    const stride = dims * 4
    const rows = randomVectors(50, dims, 7)
    const query = randomVectors(1, dims, 8)[0] as Float32Array
    const rowIds = [3, 0, 49, 17, 17]
    const run = (instance: DotKernel): Float32Array => {
      const base = 0
      const queryAt = rows.length * stride
      const idsAt = queryAt + stride
      const outAt = idsAt + rowIds.length * 4
      const floats = new Float32Array(instance.memory.buffer)
      rows.forEach((row, index) => floats.set(row, index * dims))
      floats.set(query, queryAt / 4)
      new Int32Array(instance.memory.buffer, idsAt, rowIds.length).set(rowIds)
      instance.dot(queryAt, base, idsAt, rowIds.length, stride, outAt)
      return new Float32Array(instance.memory.buffer, outAt, rowIds.length).slice()
    }
    const simd = run(kernel.instantiate())
    const plain = run(createJsDotKernel())
    rowIds.forEach((row, index) => {
      const expected = (rows[row] as Float32Array).reduce((sum, value, dim) => sum + value * (query[dim] as number), 0)
      expect(simd[index]).toBeCloseTo(expected, 4)
      expect(plain[index]).toBeCloseTo(expected, 4)
    })
  })
})

describe('vector rows (the file backend scan)', () => {
  it('returns the same top-k and cosines as an exact scan on a fixed dataset', () => {
    const dims = 300 // not a multiple of 16: rows are zero-padded
    const vectors = new Map(randomVectors(3_000, dims, 1).map((vector, index) => [`mem_${index}`, vector] as const))
    const rows = createVectorRows(kernel.instantiate(), dims)
    for (const [memoryId, vector] of vectors) rows.set(memoryId, vector)
    for (const query of randomVectors(20, dims, 2)) {
      const found = rows.nearest(query, vectors.keys(), 10)
      const expected = exactTop(vectors, query, 10)
      expect(found.map((hit) => hit.memoryId)).toEqual(expected.map((hit) => hit.memoryId))
      found.forEach((hit, index) => expect(hit.cosine).toBeCloseTo(expected[index]?.cosine as number, 5))
    }
  })

  it('stays exact when rows are reused out of order and ids come in any order', () => {
    const dims = 64
    const vectors = new Map<string, Float32Array>(randomVectors(500, dims, 3).map((vector, index) => [`mem_${index}`, vector]))
    const rows = createVectorRows(kernel.instantiate(), dims)
    for (const [memoryId, vector] of vectors) rows.set(memoryId, vector)
    // Free every third row, then write new memories into the freed rows (the free list is LIFO).
    for (let index = 0; index < 500; index += 3) {
      rows.delete(`mem_${index}`)
      vectors.delete(`mem_${index}`)
    }
    for (const [offset, vector] of randomVectors(100, dims, 4).entries()) {
      rows.set(`new_${offset}`, vector)
      vectors.set(`new_${offset}`, vector)
    }
    const shuffled = [...vectors.keys()].reverse()
    for (const query of randomVectors(10, dims, 5)) {
      expect(rows.nearest(query, shuffled, 12).map((hit) => hit.memoryId)).toEqual(exactTop(vectors, query, 12).map((hit) => hit.memoryId))
    }
  })

  it('considers only the memory ids it is given', () => {
    const rows = createVectorRows(kernel.instantiate(), 4)
    rows.set('near', new Float32Array([1, 0, 0, 0]))
    rows.set('far', new Float32Array([0, 1, 0, 0]))
    const found = rows.nearest(new Float32Array([1, 0, 0, 0]), ['far', 'not-stored'], 5)
    expect(found).toEqual([{ memoryId: 'far', cosine: 0 }])
  })

  it('replaces a vector in place, and never returns a deleted one while its row is reused', () => {
    const rows = createVectorRows(kernel.instantiate(), 4)
    rows.set('a', new Float32Array([1, 0, 0, 0]))
    rows.set('b', new Float32Array([0, 1, 0, 0]))
    rows.set('a', new Float32Array([0, 0, 3, 0]))
    expect(rows.nearest(new Float32Array([0, 0, 1, 0]), ['a', 'b'], 1)).toEqual([{ memoryId: 'a', cosine: 1 }])
    expect(rows.delete('b')).toBe(true)
    rows.set('c', new Float32Array([0, 2, 0, 0]))
    expect(rows.size).toBe(2)
    expect(rows.nearest(new Float32Array([0, 1, 0, 0]), ['a', 'b', 'c'], 5).map((hit) => hit.memoryId)).toEqual(['c', 'a'])
  })

  it('orders equal cosines by memory id and gives a zero vector cosine 0', () => {
    const rows = createVectorRows(kernel.instantiate(), 2)
    for (const id of ['m3', 'm1', 'm2']) rows.set(id, new Float32Array([1, 1]))
    rows.set('zero', new Float32Array([0, 0]))
    const found = rows.nearest(new Float32Array([2, 2]), ['m3', 'zero', 'm2', 'm1'], 4)
    expect(found.map((hit) => hit.memoryId)).toEqual(['m1', 'm2', 'm3', 'zero'])
    expect(found[3]?.cosine).toBe(0)
  })

  it('keeps vectors of several widths of one space apart', () => {
    const space = createVectorSpaceRows(kernel.instantiate)
    space.set('wide', new Float32Array([1, 0, 0]))
    space.set('narrow', new Float32Array([1, 0]))
    space.set('moved', new Float32Array([1, 0]))
    space.set('moved', new Float32Array([0, 1, 0]))
    expect(space.rowsOf(2)?.nearest(new Float32Array([1, 0]), ['wide', 'narrow', 'moved'], 5).map((hit) => hit.memoryId)).toEqual(['narrow'])
    expect(space.rowsOf(3)?.nearest(new Float32Array([1, 0, 0]), ['wide', 'narrow', 'moved'], 5).map((hit) => hit.memoryId)).toEqual(['wide', 'moved'])
    expect(space.delete('wide')).toBe(true)
    expect(space.rowsOf(3)?.size).toBe(1)
  })
})
