/**
 * Tolerant readers for untyped JSON: a wrong type becomes null instead of an exception, so one
 * odd field in a webhook never costs us the whole message.
 */

export type JsonRecord = Record<string, unknown>

export const asRecord = (value: unknown): JsonRecord | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null

/** A non-empty string (after trimming for the emptiness check; the value itself is kept as is). */
export const asText = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null

/** A string, the empty one included (a removed reaction is ""). */
export const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null)

export const asBoolean = (value: unknown): boolean | null => {
  if (typeof value === 'boolean') return value
  if (value === 'true') return true
  if (value === 'false') return false
  return null
}

/** A finite number, also from a numeric string ("-23.55"). */
export const asNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value)
  return null
}

/** The non-empty strings of an array; anything else → []. */
export const asTextArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => asText(item) !== null) : []

/** Parses an ISO date string; null when absent or invalid. */
export const asDate = (value: unknown): Date | null => {
  if (typeof value !== 'string' || value.trim() === '') return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** Unix time in seconds, or in milliseconds when the value is too large to be seconds. */
export const unixTimeToDate = (value: number | null): Date | null => {
  if (value === null || !Number.isFinite(value) || value <= 0) return null
  const milliseconds = value > 1e11 ? value : value * 1000
  const date = new Date(milliseconds)
  return Number.isNaN(date.getTime()) ? null : date
}
