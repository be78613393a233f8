import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface GeneratedSecrets {
  adminToken: string
  secretKey: string
  /** Where each came from, so the banner can say where the admin token is. */
  adminTokenSource: 'env' | 'file'
  adminTokenFile: string
  secretKeySource: 'env' | 'file'
  /** True when this start created the admin token file (first start). */
  adminTokenCreated: boolean
}

const readIfExists = async (path: string): Promise<string | undefined> => {
  try {
    return (await readFile(path, 'utf8')).trim() || undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Writes a new secret with mode 0600; `wx` so two processes starting together keep one value. */
const createSecretFile = async (path: string, value: string): Promise<{ value: string; created: boolean }> => {
  try {
    await writeFile(path, `${value}\n`, { mode: 0o600, flag: 'wx' })
    return { value, created: true }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const existing = await readIfExists(path)
    if (!existing) throw new Error(`${path} exists but is empty: delete it to have it generated again`)
    return { value: existing, created: false }
  }
}

/**
 * The operator token and the key that encrypts tenant secrets: taken from the environment when
 * set, otherwise generated once into the data dir (mode 0600) and reused on every start.
 */
export const ensureGeneratedSecrets = async (options: {
  dataDir: string
  adminToken: string | undefined
  secretKey: string | undefined
}): Promise<GeneratedSecrets> => {
  await mkdir(options.dataDir, { recursive: true })
  const adminTokenFile = join(options.dataDir, 'admin-token')
  const secretKeyFile = join(options.dataDir, 'secret-key')

  let adminToken = options.adminToken
  let adminTokenCreated = false
  if (!adminToken) {
    const existing = await readIfExists(adminTokenFile)
    const result = existing
      ? { value: existing, created: false }
      : await createSecretFile(adminTokenFile, `fat_${randomBytes(24).toString('base64url')}`)
    adminToken = result.value
    adminTokenCreated = result.created
  }

  let secretKey = options.secretKey
  if (!secretKey) {
    const existing = await readIfExists(secretKeyFile)
    secretKey = existing ?? (await createSecretFile(secretKeyFile, randomBytes(32).toString('base64'))).value
  }

  return {
    adminToken,
    secretKey,
    adminTokenSource: options.adminToken ? 'env' : 'file',
    adminTokenFile,
    secretKeySource: options.secretKey ? 'env' : 'file',
    adminTokenCreated,
  }
}
