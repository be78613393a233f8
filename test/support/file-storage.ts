import { afterAll, beforeAll } from 'vitest'
import { dataFolders } from '../../src/runtime/index.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { openFileStorage, type FileStorage } from '../../src/storage/file/index.js'
import { createTempDir } from './temp-dir.js'

/** A file storage engine on a fresh temp data dir, for one test file. */
export const openTestFileStorage = async (): Promise<{ storage: FileStorage; dataDir: string; close(): Promise<void> }> => {
  const dir = await createTempDir('fabio-data')
  const storage = await openFileStorage({ dataDir: dir.path, logger: createSilentLogger(), folders: dataFolders })
  return {
    storage,
    dataDir: dir.path,
    close: async () => {
      await storage.close()
      await dir.remove()
    },
  }
}

/**
 * One file storage for the whole test file: opened before its tests, closed after.
 * Read `.storage` inside tests and hooks (it exists once beforeAll ran).
 */
export const useTestFileStorage = (): { readonly storage: FileStorage; readonly dataDir: string } => {
  let opened: Awaited<ReturnType<typeof openTestFileStorage>> | undefined
  beforeAll(async () => {
    opened = await openTestFileStorage()
  })
  afterAll(async () => {
    await opened?.close()
  })
  return {
    get storage() {
      if (!opened) throw new Error('the test file storage is not open yet (use it inside tests or hooks)')
      return opened.storage
    },
    get dataDir() {
      if (!opened) throw new Error('the test file storage is not open yet (use it inside tests or hooks)')
      return opened.dataDir
    },
  }
}
