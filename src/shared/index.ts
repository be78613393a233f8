export { AppError, isAppError, type ErrorCategory, type AppErrorOptions } from './app-error.js'
export { errorCodes, type ErrorCode } from './error-codes.js'
export { systemClock, createFixedClock, type Clock } from './clock.js'
export { randomIdGenerator, generateSecret, type IdGenerator } from './ids.js'
export { createLogger, createSilentLogger, type Logger } from './logger.js'
export { maskSecret } from './mask-secret.js'
export {
  createSecretBox,
  parseSecretKey,
  hashAccessKey,
  accessKeyMatches,
  type SecretBox,
} from './secret-box.js'
export {
  normalizePhoneNumber,
  addBrazilianNinthDigit,
  parseWhatsappJid,
  phoneToWhatsappJid,
  isSamePhoneNumber,
  type ParsedWhatsappJid,
  type WhatsappJidKind,
} from './phone-number.js'
export {
  paginationQuerySchema,
  encodeCursor,
  decodeCursor,
  isAfterCursor,
  pageInMemory,
  type PaginationQuery,
  type Page,
  type CursorPosition,
} from './pagination.js'
export { applyMergePatch, isPlainObject } from './merge-patch.js'
