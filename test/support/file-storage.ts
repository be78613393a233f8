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
