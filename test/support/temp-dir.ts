import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh directory on real disk; remove it in afterAll/afterEach. */
export const createTempDir = async (label = 'fabio'): Promise<{ path: string; remove(): Promise<void> }> => {
  const path = await mkdtemp(join(tmpdir(), `${label}-`))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}
