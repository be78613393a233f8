import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import { resolve } from 'node:path'
import { ensureGeneratedSecrets, loadAppConfig, type AppConfig, type GeneratedSecrets } from '../config/index.js'
import { systemClock } from '../shared/clock.js'
import { randomIdGenerator } from '../shared/ids.js'
import { createLogger, type Logger } from '../shared/logger.js'
import { createRuntime, type Runtime, type RuntimeDependencies } from './create-runtime.js'

export interface RunningFabio {
  config: AppConfig
  secrets: GeneratedSecrets
  runtime: Runtime
  logger: Logger
  /** The URL the server actually listens on (port 0 resolved). */
  url: string
  stop(): Promise<void>
}

const listen = (server: Server, port: number, host: string): Promise<AddressInfo> =>
  new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolvePromise(server.address() as AddressInfo)
    })
  })

/** Config → secrets → runtime → HTTP server → scheduler. Throws ConfigError / AppError on bad setup. */
export const startFabio = async (
  env: Record<string, string | undefined>,
  logger?: Logger,
  overrides: Pick<RuntimeDependencies, 'workerOptions' | 'evolutionOptions' | 'llmOptions'> = {},
): Promise<RunningFabio> => {
  const config = loadAppConfig(env)
  const log = logger ?? createLogger({ level: config.logLevel })
  const secrets = await ensureGeneratedSecrets({
    dataDir: config.dataDir,
    adminToken: config.adminToken,
    secretKey: config.secretKey,
  })
  const runtime = await createRuntime({
    config,
    adminToken: secrets.adminToken,
    secretKey: secrets.secretKey,
    logger: log,
    clock: systemClock,
    ids: randomIdGenerator,
    ...overrides,
  })
  const server = createServer(runtime.httpApp)
  let address: AddressInfo
  try {
    address = await listen(server, config.port, config.host)
  } catch (error) {
    await runtime.close()
    throw error
  }
  runtime.worker.start()
  await runtime.scheduler.start()
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  log.info({ url, backend: runtime.storage.backend, data_dir: resolve(config.dataDir) }, 'fabio started')

  return {
    config,
    secrets,
    runtime,
    logger: log,
    url,
    stop: async () => {
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise())
        server.closeIdleConnections()
      })
      await runtime.close()
    },
  }
}
