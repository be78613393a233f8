// Run as a separate process by the crash test, which SIGKILLs it mid-write. Writes records with
// some concurrency and prints each id only once its write resolved (= durable).
import { createSilentLogger } from '../../../../src/shared/logger.js'
import { openFileStorage } from '../../../../src/storage/file/index.js'

const dataDir = process.argv[2]
const prefix = process.argv[3] ?? 'r'
if (!dataDir) throw new Error('usage: crash-writer.ts <dataDir> [idPrefix]')

const WRITERS = 16
// A bound, so an orphaned writer (parent gone) stops on its own.
const MAX_RECORDS = 200_000
const payload = 'x'.repeat(300)

const storage = await openFileStorage({ dataDir, logger: createSilentLogger(), folders: ['crm'] })
const collection = await storage.collection<{ tenant_id: string; id: string; payload: string }>({
  folder: 'crm',
  name: 'crash',
  idOf: (record) => record.id,
})

let next = 0
const writer = async (): Promise<void> => {
  while (next < MAX_RECORDS) {
    const n = next
    next += 2
    const first = `${prefix}${n}`
    const second = `${prefix}${n + 1}`
    // Alternate single puts and two-record batches: both must survive the kill once acknowledged.
    if (n % 4 === 0) {
      await collection.put({ tenant_id: 't1', id: first, payload })
      await collection.put({ tenant_id: 't1', id: second, payload })
    } else {
      await collection.write([
        { type: 'put', record: { tenant_id: 't1', id: first, payload } },
        { type: 'put', record: { tenant_id: 't1', id: second, payload } },
      ])
    }
    process.stdout.write(`${first}\n${second}\n`)
  }
}

await Promise.all(Array.from({ length: WRITERS }, writer))
await storage.close()
