import { relative } from 'node:path'
import { ConfigError } from './config/index.js'
import { startFabio, type RunningFabio } from './runtime/index.js'
import { isAppError } from './shared/app-error.js'

/** What a new user needs to see: where the panel is, where the admin token is, what to do next. */
const printBanner = (fabio: RunningFabio): void => {
  const { config, secrets, url, runtime } = fabio
  const base = config.publicBaseUrl.endsWith(':0') ? url : config.publicBaseUrl
  const relativeTokenFile = relative(process.cwd(), secrets.adminTokenFile)
  const tokenFile = relativeTokenFile.startsWith('..') ? secrets.adminTokenFile : relativeTokenFile
  const tokenLine =
    secrets.adminTokenSource === 'env'
      ? 'from PLATFORM_ADMIN_TOKEN'
      : `in ${tokenFile}${secrets.adminTokenCreated ? ` (generated now: ${secrets.adminToken})` : ''}`
  const lines = [
    '',
    `fabio is running on ${url} (${runtime.storage.backend} backend${runtime.storage.backend === 'file' ? `, data in ${config.dataDir}` : ''})`,
    `  Panel:        ${base}/owner/  (log in with the admin token; create and configure tenants in 06 Configurações)`,
    `  Admin token:  ${tokenLine}`,
    '  Or create a tenant from a shell:',
    '    npm run tenant:create -- --tenant-id minha-clinica --display-name "Minha Clínica"',
    `    or: curl -X POST ${base}/api/tenants -H "Authorization: Bearer $(cat ${tokenFile})" \\`,
    `          -H 'content-type: application/json' -d '{"tenant_id":"minha-clinica"}'`,
    '',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

const explainBootFailure = (error: unknown): string => {
  if (error instanceof ConfigError) return error.message
  if (isAppError(error)) return `${error.code}: ${error.message}`
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EADDRINUSE') return 'The port is already in use: stop the other process or set PORT to a free port.'
  if (code === 'EACCES') return `Permission denied: ${(error as Error).message}`
  return `Unexpected error: ${(error as Error)?.stack ?? String(error)}`
}

const main = async (): Promise<void> => {
  // Signals are handled from the first moment, so a SIGTERM during start-up is not lost.
  let fabio: RunningFabio | undefined
  let stopRequested: string | undefined
  const shutdown = (running: RunningFabio, signal: string) => {
    running.logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    running
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      })
  }
  const onSignal = (signal: string) => {
    if (stopRequested) return
    stopRequested = signal
    if (fabio) shutdown(fabio, signal)
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGINT', () => onSignal('SIGINT'))

  try {
    fabio = await startFabio(process.env)
  } catch (error) {
    process.stderr.write(`\nfabio could not start.\n${explainBootFailure(error)}\n\n`)
    process.exit(1)
  }
  if (stopRequested) shutdown(fabio, stopRequested)
  else printBanner(fabio)
}

await main()
