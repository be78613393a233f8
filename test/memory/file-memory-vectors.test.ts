import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileMemoryStore } from '../../src/memory/index.js'
import { dataFolders } from '../../src/runtime/index.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { openFileStorage } from '../../src/storage/file/index.js'
import { createTestMemory } from '../contract/memory-store.contract.js'
import { createTempDir } from '../support/temp-dir.js'

const SPACE = 'test:axes:4'
const AT = '2026-03-01T12:00:00.000Z'
const marker = new Float32Array([0.123456, 0.654321, 0.111111, 0.999999])

const open = (dataDir: string) => openFileStorage({ dataDir, logger: createSilentLogger(), folders: dataFolders })

const sideFiles = async (dataDir: string): Promise<string[]> => {
  const root = join(dataDir, 'owner-memory')
  const found: string[] = []
  for (const tenant of await readdir(root, { withFileTypes: true })) {
    if (!tenant.isDirectory()) continue
    const vectors = join(root, tenant.name, 'vectors')
    for (const file of await readdir(vectors).catch(() => [])) found.push(join(vectors, file))
  }
  return found
}

const containsMarker = (bytes: Buffer): boolean => bytes.includes(Buffer.from(marker.buffer))

describe('file memory store vectors', () => {
  it('keeps vectors in a binary side file per tenant and space, and reloads them at open', async () => {
    const dir = await createTempDir('fabio-memory')
    const memory = createTestMemory()
    let storage = await open(dir.path)
    let store = await createFileMemoryStore(storage)
    await store.save({ memory })
    await store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId: SPACE, vector: marker, at: AT })
    await storage.close()

    const files = await sideFiles(dir.path)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/vectors\/test%3Aaxes%3A4\.f32$/)
    expect(containsMarker(await readFile(files[0] as string))).toBe(true)

    storage = await open(dir.path)
    store = await createFileMemoryStore(storage)
    const [found] = await store.search({ tenantId: memory.tenant_id, spaceId: SPACE, vector: marker, scope: { role: 'owner' }, limit: 1 })
    expect(found?.memory.memory_id).toBe(memory.memory_id)
    expect(found?.cosine).toBeCloseTo(1, 5)
    await storage.close()
    await dir.remove()
  })

  it('zeroes the bytes of erased vectors, so the embedding of erased text is not left on disk', async () => {
    const dir = await createTempDir('fabio-memory')
    const storage = await open(dir.path)
    const store = await createFileMemoryStore(storage)
    const memory = createTestMemory({ subject_kind: 'customer', subject_id: 'cus_1', audience: 'subject_and_owner' })
    await store.save({ memory })
    await store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId: SPACE, vector: marker, at: AT })
    await store.eraseSubject({ tenantId: memory.tenant_id, customerId: 'cus_1' })
    for (const file of await sideFiles(dir.path)) expect(containsMarker(await readFile(file))).toBe(false)
    await storage.close()
    await dir.remove()
  })
})
