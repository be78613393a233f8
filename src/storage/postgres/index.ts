export { createPgPool, type PgPool } from './create-pg-pool.js'
export { runMigrations, loadMigrations } from './run-migrations.js'
export { describeConnectError, wrapQueryError, isUniqueViolation, redactDsn } from './pg-errors.js'
export { withTransaction } from './with-transaction.js'
