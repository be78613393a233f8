import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino'

export type Logger = PinoLogger

/**
 * Secrets never reach the logs: these paths are redacted wherever they appear.
 * Values are masked by `maskSecret` before logging when a hint is useful.
 */
const redactedPaths = [
  'api_key',
  '*.api_key',
  '*.*.api_key',
  'webhook_token',
  '*.webhook_token',
  'owner_access_key',
  '*.owner_access_key',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-webhook-token"]',
  'token',
  '*.token',
]

export const createLogger = (options: { level: string; destination?: NodeJS.WritableStream }): Logger => {
  const pinoOptions: LoggerOptions = {
    level: options.level,
    base: undefined,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  }
  return options.destination ? pino(pinoOptions, options.destination as never) : pino(pinoOptions)
}

/** A logger that drops everything: for tests and CLIs that print their own output. */
export const createSilentLogger = (): Logger => pino({ level: 'silent' })
