import { z } from 'zod'
import { AppError } from './app-error.js'

/** Keyset pagination shared by every list endpoint: `?limit=&cursor=`, answers `next_cursor`. */
export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
})

export type PaginationQuery = z.infer<typeof paginationQuerySchema>

export interface Page<T> {
  items: T[]
  total: number
  next_cursor: string | null
}

/** A position in a list ordered by (sort key, id). */
export interface CursorPosition {
  sort: string
  id: string
}

const cursorPositionSchema = z.object({ sort: z.string(), id: z.string() })

export const encodeCursor = (position: CursorPosition): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')

export const decodeCursor = (cursor: string | undefined): CursorPosition | null => {
  if (cursor === undefined) return null
  try {
    return cursorPositionSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch (cause) {
    throw new AppError('PAGINATION_CURSOR_INVALID', 'cursor is not one this API returned', { cause })
  }
}

export const isAfterCursor = (position: CursorPosition, cursor: CursorPosition | null): boolean =>
  cursor === null || position.sort > cursor.sort || (position.sort === cursor.sort && position.id > cursor.id)

const isBeforeCursor = (position: CursorPosition, cursor: CursorPosition | null): boolean =>
  cursor === null || position.sort < cursor.sort || (position.sort === cursor.sort && position.id < cursor.id)

/**
 * One keyset page of an already sorted in-memory list (the file stores): items after the cursor
 * (before it when `descending`), `limit` of them, and the cursor of the next page.
 */
export const pageInMemory = <T>(
  sorted: T[],
  options: { limit: number; cursor?: string; position: (item: T) => CursorPosition; descending?: boolean },
): Page<T> => {
  const cursor = decodeCursor(options.cursor)
  const follows = options.descending ? isBeforeCursor : isAfterCursor
  const remaining = sorted.filter((item) => follows(options.position(item), cursor))
  const items = remaining.slice(0, options.limit)
  const last = items.at(-1)
  return {
    items,
    total: sorted.length,
    next_cursor: remaining.length > options.limit && last !== undefined ? encodeCursor(options.position(last)) : null,
  }
}
