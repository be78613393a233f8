import { open, type FileHandle } from 'node:fs/promises'

/** The errno code of a Node fs error, if any. */
export const errorCodeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined

/** `write` may write less than asked (rare on regular files, but allowed): loop until done. */
export const writeFully = async (handle: FileHandle, data: Buffer): Promise<void> => {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null)
    offset += bytesWritten
  }
}

/**
 * Makes a create/rename/unlink in `dir` durable. Platforms that cannot open or fsync a
 * directory (Windows) answer EISDIR/EPERM/EINVAL; there the rename is the best we get.
 */
export const fsyncDirectory = async (dir: string): Promise<void> => {
  let handle: FileHandle
  try {
    handle = await open(dir, 'r')
  } catch (error) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes(errorCodeOf(error) ?? '')) return
    throw error
  }
  try {
    await handle.sync()
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(errorCodeOf(error) ?? '')) throw error
  } finally {
    await handle.close()
  }
}

/** Writes `content` to a new file and fsyncs it (`flag` decides create/overwrite semantics). */
export const writeFileDurably = async (path: string, content: string, flag = 'w'): Promise<void> => {
  const handle = await open(path, flag)
  try {
    await writeFully(handle, Buffer.from(content, 'utf8'))
    await handle.sync()
  } finally {
    await handle.close()
  }
}

const CHUNK_CHARS = 1 << 20

/** Writes `lines` (each + newline) to a fresh file in ~1 MB writes and fsyncs it. */
export const writeLinesDurably = async (path: string, lines: readonly string[]): Promise<void> => {
  const handle = await open(path, 'w')
  try {
    let chunk: string[] = []
    let size = 0
    for (const line of lines) {
      chunk.push(line, '\n')
      size += line.length + 1
      if (size >= CHUNK_CHARS) {
        await writeFully(handle, Buffer.from(chunk.join(''), 'utf8'))
        chunk = []
        size = 0
      }
    }
    if (chunk.length > 0) await writeFully(handle, Buffer.from(chunk.join(''), 'utf8'))
    await handle.sync()
  } finally {
    await handle.close()
  }
}
