import { mkdir, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError } from '../../shared/app-error.js'
import type { Logger } from '../../shared/logger.js'
import { errorCodeOf, fsyncDirectory } from './durable-fs.js'
import { JsonlFileCollection } from './file-collection.js'
import type { CollectionSpec, TenantRecord } from './file-storage.js'
import { JsonlLog } from './jsonl-log.js'
import { decodeLine } from './log-line.js'
import { readJsonlFile, repairTail, type JsonlLine } from './read-jsonl-file.js'
import { RecordStore } from './record-store.js'
import { toStoredRecord } from './stored-record.js'

export interface OpenFileCollectionOptions {
  dataDir: string
  logger: Logger
  groupCommit: boolean
  compactionSlack: number
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

/** `<dataDir>/<folder>`; folder and names are plain segments so nothing escapes the data dir. */
export const folderPath = (dataDir: string, folder: string): string => {
  const segments = folder.split('/')
  if (!segments.every((segment) => SEGMENT.test(segment))) throw new TypeError(`Invalid storage folder "${folder}"`)
  return join(dataDir, ...segments)
}

export const collectionPath = (dataDir: string, spec: { folder: string; name: string }): string => {
  if (!SEGMENT.test(spec.name)) throw new TypeError(`Invalid collection name "${spec.name}"`)
  return join(folderPath(dataDir, spec.folder), `${spec.name}.jsonl`)
}

const corrupt = (path: string, line: JsonlLine, cause: unknown): AppError => {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new AppError(
    'STORAGE_FILE_CORRUPT',
    `${path} line ${line.number} is not a valid log entry: ${reason}. The data in it cannot be read, so fabio ` +
      'will not start over it. Do not start fresh or delete the file: restore it from a backup, or fix or ' +
      `remove line ${line.number} by hand, then start again.`,
    // The line's text stays out of details: records carry customer data, and errors get logged.
    { category: 'system', details: { file: path, line: line.number, reason }, cause },
  )
}

/** Replays the log into the store; returns the number of operations in it. Never skips a bad line. */
const replay = <T extends TenantRecord>(
  path: string,
  lines: JsonlLine[],
  spec: CollectionSpec<T>,
  store: RecordStore<T>,
): number => {
  let entries = 0
  for (const line of lines) {
    try {
      const operations = decodeLine(line.text)
      // Check the whole line before applying any of it: a batch counts as one unit.
      const changes = operations.map((operation) =>
        operation.kind === 'put' ? toStoredRecord(operation.record, spec, store) : operation,
      )
      for (const change of changes) {
        if ('kind' in change) store.remove(change.tenantId, change.id)
        else store.set(change.tenantId, change.id, change.record, change.keys)
      }
      entries += operations.length
    } catch (error) {
      throw corrupt(path, line, error)
    }
  }
  return entries
}

/** A crash mid-compaction leaves `<file>.tmp`; the log itself is intact then, so the temp file goes. */
const removeLeftoverTemp = async (path: string, logger: Logger): Promise<void> => {
  const tempPath = `${path}.tmp`
  try {
    await stat(tempPath)
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return
    throw error
  }
  logger.warn({ file: tempPath }, 'removing a compaction temp file left by an earlier crash; the log is intact')
  await rm(tempPath, { force: true })
}

/** Loads `<dataDir>/<folder>/<name>.jsonl` (creating it if needed) and opens it for appends. */
export const openFileCollection = async <T extends TenantRecord>(
  spec: CollectionSpec<T>,
  options: OpenFileCollectionOptions,
): Promise<JsonlFileCollection<T>> => {
  const path = collectionPath(options.dataDir, spec)
  await mkdir(dirname(path), { recursive: true })
  await removeLeftoverTemp(path, options.logger)
  const content = await readJsonlFile(path)
  const store = new RecordStore<T>(spec.indexes ?? {})
  const entries = replay(path, content.lines, spec, store)
  if (content.tail.kind === 'torn') {
    options.logger.warn(
      { file: path, line: content.tail.line.number, droppedChars: content.tail.line.text.length },
      'dropping a torn final line (an append cut short by a crash; it was never acknowledged)',
    )
  } else if (content.tail.kind === 'unterminated') {
    options.logger.warn({ file: path, line: content.tail.line.number }, 'final line had no newline; adding it')
  }
  await repairTail(path, content.tail)
  let collection: JsonlFileCollection<T> | undefined
  const log = await JsonlLog.open({
    path,
    groupCommit: options.groupCommit,
    entries,
    onFlushed: () => collection?.compactIfDue(),
  })
  try {
    // A new file's directory entry must be durable too, or acknowledged writes could vanish with it.
    if (!content.exists) await fsyncDirectory(dirname(path))
  } catch (error) {
    await log.close()
    throw error
  }
  collection = new JsonlFileCollection(spec, store, log, {
    path,
    compactionSlack: options.compactionSlack,
    logger: options.logger,
  })
  return collection
}
