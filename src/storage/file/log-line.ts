/**
 * The line format of a collection log. One JSON object per line:
 *   {"p":record}              put (insert or replace)
 *   {"d":[tenantId,id]}       delete
 *   {"b":[{"p":…},{"d":…}]}   a batch from write(): one line, so it is atomic
 */
export type LogOperation =
  | { kind: 'put'; record: unknown }
  | { kind: 'delete'; tenantId: string; id: string }

/** `recordJson` is JSON.stringify(record); it is spliced in to avoid serialising twice. */
export const encodePut = (recordJson: string): string => `{"p":${recordJson}}`

export const encodeDelete = (tenantId: string, id: string): string => JSON.stringify({ d: [tenantId, id] })

/** `operations` are encodePut/encodeDelete results. */
export const encodeBatch = (operations: readonly string[]): string => `{"b":[${operations.join(',')}]}`

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const decodeOperation = (value: unknown, allowBatch: boolean): LogOperation[] => {
  if (!isPlainObject(value)) throw new Error('not a JSON object')
  const keys = Object.keys(value)
  if (keys.length !== 1) throw new Error(`expected exactly one of "p", "d", "b", found ${JSON.stringify(keys)}`)
  if ('p' in value) return [{ kind: 'put', record: value.p }]
  if ('d' in value) {
    const target = value.d
    if (!Array.isArray(target) || target.length !== 2 || !target.every((part) => typeof part === 'string')) {
      throw new Error('"d" must be [tenantId, id]')
    }
    return [{ kind: 'delete', tenantId: target[0] as string, id: target[1] as string }]
  }
  if ('b' in value && allowBatch) {
    if (!Array.isArray(value.b)) throw new Error('"b" must be an array')
    return value.b.flatMap((operation) => decodeOperation(operation, false))
  }
  throw new Error(`unknown entry ${JSON.stringify(keys[0])}`)
}

/** The operations of one line; throws an Error whose message says what is wrong. */
export const decodeLine = (text: string): LogOperation[] => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`)
  }
  return decodeOperation(value, true)
}
