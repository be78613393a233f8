import { relative } from 'node:path'
import { ConfigError } from './config/index.js'
import { startFabio, type RunningFabio } from './runtime/index.js'
import { isAppError } from './shared/app-error.js'

/** What a new user needs to see: where the panel is, where the admin token is, what to do next. */
const printBanner = (fabio: RunningFabio): void => {
  const { config, secrets, url, runtime } = fabio
  const base = config.publicBaseUrl.endsWith(':0') ? url : config.publicBaseUrl
  const tokenFile = relative(process.cwd(), secrets.adminTokenFile) || secrets.adminTokenFile
  const tokenLine =
    secrets.adminTokenSource === 'env'
      ? 'from PLATFORM_ADMIN_TOKEN'
      : `in ${tokenFile}${secrets.adminTokenCreated ? ` (generated now: ${secrets.adminToken})` : ''}`
  const lines = [
    '',
    `fabio is running on ${url} (${runtime.storage.backend} backend${runtime.storage.backend === 'file' ? `, data in ${config.dataDir}` : ''})`,
    `  Panel:        ${base}/owner/`,
    `  Admin token:  ${tokenLine}`,
    '  Create a tenant:',
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
  let fabio: RunningFabio
  try {
    fabio = await startFabio(process.env)
  } catch (error) {
    process.stderr.write(`\nfabio could not start.\n${explainBootFailure(error)}\n\n`)
    process.exit(1)
  }
  printBanner(fabio)

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    fabio.logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    fabio
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        fabio.logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      })
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

await main()
