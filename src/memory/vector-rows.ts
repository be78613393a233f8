import { ROW_ALIGN_FLOATS, type DotKernel } from './vector-dot-kernel.js'

const PAGE = 65_536

export interface VectorHit {
  memoryId: string
  /** Cosine similarity to the query, −1..1. */
  cosine: number
}

/** Indexes of the `limit` best scores (ties by id), best first, without sorting them all. */
const topByScore = (scores: Float32Array, limit: number, idOf: (index: number) => string): number[] => {
  const better = (a: number, b: number): boolean =>
    (scores[a] as number) > (scores[b] as number) || ((scores[a] as number) === (scores[b] as number) && idOf(a) < idOf(b))
  const kept: number[] = []
  for (let index = 0; index < scores.length; index++) {
    if (kept.length === limit && !better(index, kept[limit - 1] as number)) continue
    // Insertion into a short sorted list: limit is small (40) and most rows fail the test above.
    let at = kept.length === limit ? limit - 1 : kept.length
    while (at > 0 && better(index, kept[at - 1] as number)) {
      kept[at] = kept[at - 1] as number
      at--
    }
    kept[at] = index
  }
  return kept
}

/**
 * The in-memory vectors of one tenant, space and width for the file backend's exact scan:
 * L2-normalised once when written (so a cosine is one dot product), packed in fixed-stride rows
 * of a WebAssembly memory the dot kernel reads directly. A deleted row is zeroed and reused.
 * The binary side files stay the durable copy; this is rebuilt from them at open.
 */
export const createVectorRows = (kernel: DotKernel, dims: number) => {
  const floats = Math.ceil(dims / ROW_ALIGN_FLOATS) * ROW_ALIGN_FLOATS
  const stride = floats * 4
  const rowOf = new Map<string, number>()
  const idOfRow: (string | undefined)[] = []
  const free: number[] = []
  let capacity = 0

  /** Grows the memory so rows [0, capacity) and `scratch` bytes after them fit. */
  const reserve = (rows: number, scratch: number): void => {
    const needed = rows * stride + scratch
    const have = kernel.memory.buffer.byteLength
    if (needed > have) kernel.memory.grow(Math.ceil((needed - have) / PAGE))
  }

  const rowsView = (): Float32Array => new Float32Array(kernel.memory.buffer)

  const allocate = (): number => {
    const reused = free.pop()
    if (reused !== undefined) return reused
    if (idOfRow.length === capacity) {
      capacity = Math.max(64, capacity * 2)
      reserve(capacity, 0)
    }
    return idOfRow.length
  }

  /** Writes `vector / |vector|` (zeros for a zero vector, whose cosine is then 0) into a row. */
  const staging = new Float32Array(floats)
  const write = (row: number, vector: Float32Array): void => {
    let norm = 0
    for (let index = 0; index < dims; index++) norm += (vector[index] as number) * (vector[index] as number)
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
    for (let index = 0; index < dims; index++) staging[index] = (vector[index] as number) * scale
    // One bulk copy: element-wise stores into a view of WebAssembly memory are ~50x slower in V8.
    rowsView().set(staging, (row * stride) / 4)
  }

  return {
    dims,

    get size(): number {
      return rowOf.size
    },

    has: (memoryId: string): boolean => rowOf.has(memoryId),

    /** Stores (or replaces) a memory's vector; `vector.length` must be `dims`. */
    set: (memoryId: string, vector: Float32Array): void => {
      let row = rowOf.get(memoryId)
      if (row === undefined) {
        row = allocate()
        rowOf.set(memoryId, row)
        idOfRow[row] = memoryId
      }
      write(row, vector)
    },

    delete: (memoryId: string): boolean => {
      const row = rowOf.get(memoryId)
      if (row === undefined) return false
      rowOf.delete(memoryId)
      idOfRow[row] = undefined
      rowsView().fill(0, (row * stride) / 4, ((row + 1) * stride) / 4)
      free.push(row)
      return true
    },

    /**
     * The `limit` memories among `memoryIds` (those with a row here) most similar to `query`,
     * best first, ties by id: exact cosine, the dot products computed by the kernel.
     */
    nearest: (query: Float32Array, memoryIds: Iterable<string>, limit: number): VectorHit[] => {
      if (limit <= 0 || query.length !== dims) return []
      const found: number[] = []
      for (const memoryId of memoryIds) {
        const row = rowOf.get(memoryId)
        if (row !== undefined) found.push(row)
      }
      if (found.length === 0) return []
      // In memory order: rows visited out of order cost 3x (TLB and prefetch misses, 6 KB each).
      const rows = Int32Array.from(found).sort()
      // Scratch after the rows: the query (one row), the row ids, the scores.
      const queryAt = capacity * stride
      const rowIdsAt = queryAt + stride
      const scoresAt = rowIdsAt + rows.length * 4
      reserve(capacity, stride + rows.length * 8)
      write(capacity, query)
      new Int32Array(kernel.memory.buffer, rowIdsAt, rows.length).set(rows)
      kernel.dot(queryAt, 0, rowIdsAt, rows.length, stride, scoresAt)
      const scores = new Float32Array(kernel.memory.buffer, scoresAt, rows.length)
      return topByScore(scores, limit, (index) => idOfRow[rows[index] as number] as string).map((index) => ({
        memoryId: idOfRow[rows[index] as number] as string,
        cosine: scores[index] as number,
      }))
    },
  }
}

export type VectorRows = ReturnType<typeof createVectorRows>

/**
 * The rows of one tenant and space, by width: a space id that names no width may hold vectors
 * of several, and only vectors as wide as the query are compared with it.
 */
export const createVectorSpaceRows = (instantiate: () => DotKernel) => {
  const byDims = new Map<number, VectorRows>()
  const dimsOf = new Map<string, number>()
  return {
    /** The rows of this width, if any vector of it was ever stored. */
    rowsOf: (dims: number): VectorRows | undefined => byDims.get(dims),

    set: (memoryId: string, vector: Float32Array): void => {
      const previous = dimsOf.get(memoryId)
      if (previous !== undefined && previous !== vector.length) byDims.get(previous)?.delete(memoryId)
      let rows = byDims.get(vector.length)
      if (!rows) {
        rows = createVectorRows(instantiate(), vector.length)
        byDims.set(vector.length, rows)
      }
      rows.set(memoryId, vector)
      dimsOf.set(memoryId, vector.length)
    },

    delete: (memoryId: string): boolean => {
      const dims = dimsOf.get(memoryId)
      if (dims === undefined) return false
      dimsOf.delete(memoryId)
      return byDims.get(dims)?.delete(memoryId) ?? false
    },
  }
}

export type VectorSpaceRows = ReturnType<typeof createVectorSpaceRows>
