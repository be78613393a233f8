import { constants } from 'node:fs'
import { mkdir, open, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError } from '../shared/app-error.js'
import type { FileCollection, FileStorage } from '../storage/file/index.js'
import { compileDotKernel } from './vector-dot-kernel.js'
import { createVectorSpaceRows, type VectorSpaceRows } from './vector-rows.js'

/** Where one vector lives: an index record (JSONL) pointing into a raw float32 side file. */
export interface VectorIndexRecord {
  tenant_id: string
  /** `<space_id>|<memory_id>`: the collection id. */
  vector_id: string
  memory_id: string
  space_id: string
  dims: number
  /** Byte offset of the first float in the side file. */
  offset: number
  embedded_at: string
  /** Which text the vector embeds (`vectorSourceHash`); absent on vectors written before it was kept. */
  source_hash?: string | null
}

interface SideFile {
  path: string
  /** Next free byte: appends never overlap, even while earlier writes are in flight. */
  end: number
  /** The space's vectors in memory, normalised, for the exact scan (vector-rows.ts). */
  vectors: VectorSpaceRows
}

const safeSegment = (value: string): string => encodeURIComponent(value).replace(/\./g, '%2E')

/** `owner-memory/<tenant>/vectors/<space>.f32` (design §2). */
const sideFilePath = (dataDir: string, tenantId: string, spaceId: string): string =>
  join(dataDir, 'owner-memory', safeSegment(tenantId), 'vectors', `${safeSegment(spaceId)}.f32`)

const fileKey = (tenantId: string, spaceId: string): string => `${tenantId}\u0000${spaceId}`

const sizeOf = async (path: string): Promise<number> => {
  try {
    return (await stat(path)).size
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 0
    throw error
  }
}

/**
 * The whole side file in as few reads as the kernel allows: fs.promises.readFile reads in 512 KiB
 * chunks with an event-loop hop each, 4x slower than this on a 60 MB file.
 */
const readWhole = async (path: string): Promise<Buffer> => {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const bytes = Buffer.allocUnsafe(size)
    let read = 0
    while (read < size) {
      const { bytesRead } = await handle.read(bytes, read, size - read, read)
      if (bytesRead === 0) break
      read += bytesRead
    }
    return bytes.subarray(0, read)
  } finally {
    await handle.close()
  }
}

const corruptSideFile = (path: string, record: VectorIndexRecord, size: number): AppError =>
  new AppError(
    'STORAGE_FILE_CORRUPT',
    `${path} is shorter (${size} bytes) than its index says (memory ${record.memory_id} at byte ${record.offset}). ` +
      'Restore owner-memory/ from a backup, or delete the vector files and memory-vectors.jsonl together and re-embed.',
    { category: 'system', details: { file: path, offset: record.offset, size } },
  )

/**
 * Vectors in binary side files, one per tenant and embedding space, loaded into memory at open
 * as normalised rows the SIMD kernel scans (vector-rows.ts) for exact search. Floats are written
 * and fsynced before their index record, so a crash leaves at worst unreferenced bytes.
 * Deleting a vector zeroes its bytes too (erasure must not leave the embedding of erased text
 * on disk).
 */
export const openVectorFiles = async (storage: FileStorage) => {
  const index: FileCollection<VectorIndexRecord> = await storage.collection<VectorIndexRecord>({
    folder: 'owner-memory',
    name: 'memory-vectors',
    idOf: (record) => record.vector_id,
    indexes: { memory: (record) => record.memory_id },
  })
  const files = new Map<string, SideFile>()
  const kernel = compileDotKernel()

  const sideFile = async (tenantId: string, spaceId: string): Promise<SideFile> => {
    const key = fileKey(tenantId, spaceId)
    const existing = files.get(key)
    if (existing) return existing
    const path = sideFilePath(storage.dataDir, tenantId, spaceId)
    const size = await sizeOf(path)
    const file = files.get(key) ?? { path, end: Math.ceil(size / 4) * 4, vectors: createVectorSpaceRows(kernel.instantiate) }
    files.set(key, file)
    return file
  }

  const load = async (): Promise<void> => {
    for (const tenantId of index.tenantIds()) {
      const bySpace = new Map<string, VectorIndexRecord[]>()
      for (const record of index.list(tenantId)) {
        const records = bySpace.get(record.space_id)
        if (records) records.push(record) // not a spread per record: that was quadratic (7 s at 10k)
        else bySpace.set(record.space_id, [record])
      }
      for (const [spaceId, records] of bySpace) {
        const file = await sideFile(tenantId, spaceId)
        const bytes = file.end === 0 ? Buffer.alloc(0) : await readWhole(file.path)
        for (const record of records) {
          if (record.offset + record.dims * 4 > bytes.length) throw corruptSideFile(file.path, record, bytes.length)
          const vector = new Float32Array(record.dims)
          Buffer.from(vector.buffer).set(bytes.subarray(record.offset, record.offset + record.dims * 4))
          file.vectors.set(record.memory_id, vector)
        }
      }
    }
  }

  const writeAt = async (path: string, data: Buffer, position: number): Promise<void> => {
    await mkdir(dirname(path), { recursive: true })
    // Positional writes: an O_APPEND handle would ignore `position`.
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT)
    try {
      let written = 0
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written, position + written)
        written += bytesWritten
      }
      await handle.sync()
    } finally {
      await handle.close()
    }
  }

  const zeroOut = (tenantId: string, records: VectorIndexRecord[]): Promise<void>[] =>
    records.map((record) => {
      const path = sideFilePath(storage.dataDir, tenantId, record.space_id)
      return writeAt(path, Buffer.alloc(record.dims * 4), record.offset)
    })

  await load()

  return {
    /** The in-memory vectors of one tenant and space, for search; write only through `put`/`deleteAll`. */
    vectorsOf: (tenantId: string, spaceId: string): VectorSpaceRows | undefined =>
      files.get(fileKey(tenantId, spaceId))?.vectors,

    spacesOf: (tenantId: string, memoryId: string): string[] =>
      index.peekByIndex(tenantId, 'memory', memoryId).map((record) => record.space_id).sort(),

    /** The spaces of a memory's vectors with the source hash of each, sorted by space. */
    sourcesOf: (tenantId: string, memoryId: string): { space_id: string; source_hash: string | null }[] =>
      index
        .peekByIndex(tenantId, 'memory', memoryId)
        .map((record) => ({ space_id: record.space_id, source_hash: record.source_hash ?? null }))
        .sort((a, b) => a.space_id.localeCompare(b.space_id)),

    put: async (input: { tenantId: string; memoryId: string; spaceId: string; vector: Float32Array; at: string; sourceHash?: string }) => {
      const file = await sideFile(input.tenantId, input.spaceId)
      const offset = file.end
      const bytes = Buffer.from(new Float32Array(input.vector).buffer)
      file.end += bytes.length
      const previous = index.get(input.tenantId, `${input.spaceId}|${input.memoryId}`)
      file.vectors.set(input.memoryId, input.vector)
      await writeAt(file.path, bytes, offset)
      await index.put({
        tenant_id: input.tenantId,
        vector_id: `${input.spaceId}|${input.memoryId}`,
        memory_id: input.memoryId,
        space_id: input.spaceId,
        dims: input.vector.length,
        offset,
        embedded_at: input.at,
        source_hash: input.sourceHash ?? null,
      })
      if (previous) await Promise.all(zeroOut(input.tenantId, [previous]))
    },

    /** Deletes the vectors of these memories in every space; resolves to how many there were. */
    deleteAll: async (tenantId: string, memoryIds: readonly string[]): Promise<number> => {
      const records = memoryIds.flatMap((memoryId) => index.findByIndex(tenantId, 'memory', memoryId))
      for (const record of records) files.get(fileKey(tenantId, record.space_id))?.vectors.delete(record.memory_id)
      if (records.length === 0) return 0
      await index.write(records.map((record) => ({ type: 'delete', tenantId, id: record.vector_id })))
      await Promise.all(zeroOut(tenantId, records))
      return records.length
    },
  }
}

export type VectorFiles = Awaited<ReturnType<typeof openVectorFiles>>
