import { AppError } from '../../shared/app-error.js'

interface DriverError {
  code?: string
  message?: string
}

const redactDsn = (dsn: string): string => dsn.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:••••@')

/**
 * Turns a driver error from connecting into an AppError that says what to do.
 * Postgres SQLSTATEs: 28P01/28000 auth, 3D000 unknown database; Node codes for the network.
 */
export const describeConnectError = (error: unknown, dsn: string): AppError => {
  const { code, message } = (error ?? {}) as DriverError
  const where = redactDsn(dsn)
  if (code === '28P01' || code === '28000') {
    return new AppError(
      'STORAGE_PG_AUTH_FAILED',
      `PostgreSQL refused the credentials in ORCHESTRATION_PG_DSN (${where}): ${message}. Check the user and password.`,
      { category: 'system', cause: error },
    )
  }
  if (code === '3D000') {
    return new AppError(
      'STORAGE_PG_DATABASE_MISSING',
      `The database in ORCHESTRATION_PG_DSN (${where}) does not exist: ${message}. Create it (createdb NAME) or fix the DSN.`,
      { category: 'system', cause: error },
    )
  }
  if (code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'].includes(code)) {
    return new AppError(
      'STORAGE_PG_UNREACHABLE',
      `Cannot reach PostgreSQL at ${where} (${code}). Is the server running and the host/port in ORCHESTRATION_PG_DSN right?`,
      { category: 'system', cause: error },
    )
  }
  return new AppError(
    'STORAGE_PG_UNREACHABLE',
    `Cannot connect to PostgreSQL at ${where}: ${message ?? String(error)}`,
    { category: 'system', cause: error },
  )
}

/** Wraps a query failure with context; adapters never swallow driver errors. */
export const wrapQueryError = (error: unknown, context: string): AppError =>
  error instanceof AppError
    ? error
    : new AppError('STORAGE_PG_QUERY_FAILED', `PostgreSQL query failed (${context}): ${(error as DriverError)?.message}`, {
        category: 'system',
        cause: error,
      })

export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  const driverError = error as DriverError & { constraint?: string }
  return driverError?.code === '23505' && (constraint === undefined || driverError.constraint === constraint)
}

export { redactDsn }
