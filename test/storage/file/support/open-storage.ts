// Run as a separate process by the lock test: opens the data dir in argv[2] and prints the outcome as JSON.
import { isAppError } from '../../../../src/shared/app-error.js'
import { createSilentLogger } from '../../../../src/shared/logger.js'
import { openFileStorage } from '../../../../src/storage/file/index.js'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: open-storage.ts <dataDir>')
try {
  const storage = await openFileStorage({ dataDir, logger: createSilentLogger(), folders: [] })
  await storage.close()
  process.stdout.write(`${JSON.stringify({ opened: true })}\n`)
} catch (error) {
  const code = isAppError(error) ? error.code : 'UNEXPECTED'
  process.stdout.write(`${JSON.stringify({ opened: false, code, message: (error as Error).message })}\n`)
}
