export {
  memoryErasureSchema,
  memoryErasureSubjectKinds,
  isFencedByErasure,
  laterErasure,
  type MemoryErasure,
  type MemoryErasureSubjectKind,
} from './memory-erasure.js'
export type { MemoryErasureStore } from './memory-erasure-store.js'
export { subjectErasedError } from './memory-erasure-errors.js'
export { createFileMemoryErasureStore, openMemoryErasureCollection, peekErasure } from './file-memory-erasure-store.js'
export { createPostgresMemoryErasureStore, erasureFencing } from './postgres-memory-erasure-store.js'
export { assertNotErased, erasableSubjectOf } from './erasure-fence.js'
export { createContactEraser, type ContactEraser, type ContactEraserDeps, type ContactErasureResult } from './erase-contact.js'
