import { parseArgs } from 'node:util'
import { ConfigError, ensureGeneratedSecrets, loadAppConfig, type AppConfig } from '../config/index.js'
import { openStorage } from '../runtime/index.js'
import { AppError, isAppError } from '../shared/app-error.js'
import { systemClock } from '../shared/clock.js'
import { createLogger } from '../shared/logger.js'
import { createSecretBox } from '../shared/secret-box.js'
import { createTenantService, type CreatedTenant } from '../tenants/index.js'

const usage = 'usage: npm run tenant:create -- --tenant-id <id> [--display-name "Name"]'

/** With the file backend, a running fabio owns the data dir: ask it over HTTP instead. */
const createThroughRunningServer = async (config: AppConfig, adminToken: string, body: object): Promise<CreatedTenant> => {
  let response: Response
  try {
    response = await fetch(`${config.publicBaseUrl}/api/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch (cause) {
    throw new AppError(
      'STORAGE_DATA_DIR_LOCKED',
      `The data dir is in use by another fabio process, and ${config.publicBaseUrl} does not answer. Stop that process or set PUBLIC_BASE_URL to where it listens.`,
      { category: 'system', cause },
    )
  }
  const answer = (await response.json()) as CreatedTenant & { error?: { code: string; message: string } }
  if (answer.error) throw new AppError(answer.error.code, answer.error.message)
  return answer
}

const createDirectly = async (config: AppConfig, secretKey: string, body: object): Promise<CreatedTenant> => {
  const logger = createLogger({ level: 'warn' })
  const storage = await openStorage(config, logger)
  try {
    const tenants = createTenantService({
      store: storage.tenants,
      secretBox: createSecretBox(secretKey),
      clock: systemClock,
      logger,
      publicBaseUrl: config.publicBaseUrl,
    })
    return await tenants.createTenant(body)
  } finally {
    await storage.close()
  }
}

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: { 'tenant-id': { type: 'string' }, 'display-name': { type: 'string' }, help: { type: 'boolean' } },
  })
  if (values.help || !values['tenant-id']) {
    process.stderr.write(`${usage}\n`)
    return values.help ? 0 : 2
  }
  const body = { tenant_id: values['tenant-id'], ...(values['display-name'] ? { display_name: values['display-name'] } : {}) }
  const config = loadAppConfig(process.env)
  const secrets = await ensureGeneratedSecrets({ dataDir: config.dataDir, adminToken: config.adminToken, secretKey: config.secretKey })
  let created: CreatedTenant
  try {
    created = await createDirectly(config, secrets.secretKey, body)
  } catch (error) {
    if (!(isAppError(error) && error.code === 'STORAGE_DATA_DIR_LOCKED')) throw error
    created = await createThroughRunningServer(config, secrets.adminToken, body)
  }
  process.stdout.write(
    [
      `Tenant "${created.tenant_id}" created. The keys below are shown only now: keep them.`,
      `  owner access key:  ${created.owner_access_key}`,
      `  webhook URL:       ${created.webhook_url}`,
      `  webhook token:     ${created.webhook_token}`,
      `In Evolution, set the instance webhook to ${created.webhook_url}?token=${created.webhook_token}`,
      '',
    ].join('\n'),
  )
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError ? error.message : isAppError(error) ? `${error.code}: ${error.message}` : String(error)
    process.stderr.write(`tenant:create failed. ${message}\n`)
    process.exit(1)
  },
)
