import { randomBytes, randomUUID } from 'node:crypto'

/** Injected id generator: prefixed, sortable-enough ids for humans reading logs. */
export interface IdGenerator {
  next(prefix: string): string
}

export const randomIdGenerator: IdGenerator = {
  next: (prefix) => `${prefix}_${randomUUID().replaceAll('-', '')}`,
}

/** A url-safe random secret with a readable prefix (`fwt_…`, `fok_…`). */
export const generateSecret = (prefix: string, bytes = 24): string =>
  `${prefix}_${randomBytes(bytes).toString('base64url')}`
