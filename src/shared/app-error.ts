/**
 * The one error type of fabio. `category` decides the HTTP status family in the single
 * error middleware: user → 4xx (status from the code catalogue), third_party → 502, system → 500.
 */
export type ErrorCategory = 'user' | 'system' | 'third_party'

export interface AppErrorOptions {
  category?: ErrorCategory
  details?: Record<string, unknown>
  cause?: unknown
}

export class AppError extends Error {
  readonly code: string
  readonly category: ErrorCategory
  readonly details: Record<string, unknown>

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.category = options.category ?? 'user'
    this.details = options.details ?? {}
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError
