export type {
  CollectionSpec,
  FileCollection,
  FileCollectionStats,
  FileStorage,
  IndexFunction,
  OpenFileStorageOptions,
  TenantRecord,
  WriteOperation,
} from './file-storage.js'
export { openFileStorage } from './open-file-storage.js'
