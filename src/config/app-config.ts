import { z } from 'zod'

/**
 * Process configuration: the only place that reads `process.env`. Every variable has a default
 * that makes a bare `npm start` work, except the Postgres DSN when that backend is chosen.
 */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value)

const optionalString = z.preprocess(emptyToUndefined, z.string().optional())

export const appConfigSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(4001)),
  HOST: z.preprocess(emptyToUndefined, z.string().min(1).default('127.0.0.1')),
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  FABIO_DATA_DIR: z.preprocess(emptyToUndefined, z.string().min(1).default('./.runtime-data')),
  ORCHESTRATION_STORE_BACKEND: z.preprocess(emptyToUndefined, z.enum(['file', 'postgres']).default('file')),
  ORCHESTRATION_PG_DSN: optionalString,
  PLATFORM_ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
  FABIO_SECRET_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
})

type RawAppConfig = z.infer<typeof appConfigSchema>

export interface AppConfig {
  port: number
  host: string
  publicBaseUrl: string
  dataDir: string
  storeBackend: 'file' | 'postgres'
  pgDsn: string | undefined
  adminToken: string | undefined
  secretKey: string | undefined
  openaiApiKey: string | undefined
  openaiBaseUrl: string | undefined
  logLevel: RawAppConfig['LOG_LEVEL']
}

const fixHints: Record<string, string> = {
  PORT: 'use a port number between 0 and 65535',
  HOST: 'use an address to bind, e.g. 127.0.0.1 or 0.0.0.0',
  PUBLIC_BASE_URL: 'use the URL users and Evolution reach fabio at, e.g. https://fabio.example.com',
  ORCHESTRATION_STORE_BACKEND: 'use "file" (default) or "postgres"',
  PLATFORM_ADMIN_TOKEN: 'use at least 16 characters, or unset it to have one generated',
  OPENAI_BASE_URL: 'use a full URL such as https://api.openai.com/v1',
  LOG_LEVEL: 'use one of fatal, error, warn, info, debug, trace, silent',
}

/** Thrown by `loadAppConfig`, listing every bad variable. Boot prints it and exits. */
export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export const loadAppConfig = (env: Record<string, string | undefined>): AppConfig => {
  const parsed = appConfigSchema.safeParse(env)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment')
        const hint = fixHints[variable]
        return `${variable}: ${issue.message}${hint ? ` (${hint})` : ''}`
      })
  // Checked outside the schema so it is reported together with every other problem.
  if (env.ORCHESTRATION_STORE_BACKEND === 'postgres' && !env.ORCHESTRATION_PG_DSN) {
    problems.push('ORCHESTRATION_PG_DSN: is required when ORCHESTRATION_STORE_BACKEND=postgres (postgres://user:pass@host:5432/db)')
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const raw = parsed.data
  return {
    port: raw.PORT,
    host: raw.HOST,
    publicBaseUrl: (raw.PUBLIC_BASE_URL ?? `http://${raw.HOST}:${raw.PORT}`).replace(/\/+$/, ''),
    dataDir: raw.FABIO_DATA_DIR,
    storeBackend: raw.ORCHESTRATION_STORE_BACKEND,
    pgDsn: raw.ORCHESTRATION_PG_DSN,
    adminToken: raw.PLATFORM_ADMIN_TOKEN,
    secretKey: raw.FABIO_SECRET_KEY,
    openaiApiKey: raw.OPENAI_API_KEY,
    openaiBaseUrl: raw.OPENAI_BASE_URL,
    logLevel: raw.LOG_LEVEL,
  }
}
