import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface SpawnedFabio {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the URL from the banner; rejects if the process exits first. */
  ready: Promise<string>
  exited: Promise<number | null>
}

/** Runs `src/main.ts` as `npm start` does (node + tsx), in its own process. */
export const spawnFabio = (env: Record<string, string>, script = 'src/main.ts', args: string[] = []): SpawnedFabio => {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /fabio is running on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1] as string)
    }
    child.stdout?.on('data', check)
    void exited.then((code) => reject(new Error(`fabio exited with ${code} before it was ready:\n${out}\n${err}`)))
  })
  ready.catch(() => undefined)
  return { child, stdout: () => out, stderr: () => err, ready, exited }
}
