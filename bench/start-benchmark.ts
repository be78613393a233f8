import { spawn } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = fileURLToPath(new URL('../', import.meta.url))

export interface Figure {
  name: string
  value: number
  unit: string
}

/** Resident memory of a process and all its descendants, in MiB (npm → node). */
const treeRssMiB = (rootPid: number): number => {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number])
  const inTree = new Set([rootPid])
  let grew = true
  while (grew) {
    grew = false
    for (const [pid, ppid] of rows) {
      if (inTree.has(ppid) && !inTree.has(pid)) {
        inTree.add(pid)
        grew = true
      }
    }
  }
  return rows.filter(([pid]) => inTree.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024
}

/** One `npm start` on a fresh data dir: ms until /healthz answers, then RSS after idling. */
const measureOneStart = async (idleMs: number): Promise<{ readyMs: number; rssMiB: number }> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fabio-bench-'))
  const startedAt = performance.now()
  const child = spawn('npm', ['start', '--silent'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', FABIO_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /fabio is running on (http:\/\/\S+)/.exec(out)
        if (match) resolve(match[1] as string)
      })
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)))
    })
    const health = await fetch(`${url}/healthz`)
    if (!health.ok) throw new Error('healthz failed')
    const readyMs = performance.now() - startedAt
    await new Promise((resolve) => setTimeout(resolve, idleMs))
    return { readyMs, rssMiB: treeRssMiB(child.pid as number) }
  } finally {
    process.kill(-(child.pid as number), 'SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    await rm(dataDir, { recursive: true, force: true })
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

export const runStartBenchmark = async (runs = 5): Promise<Figure[]> => {
  const results = []
  for (let run = 0; run < runs; run += 1) results.push(await measureOneStart(2_000))
  return [
    { name: `npm start cold start to /healthz (median of ${runs})`, value: Math.round(median(results.map((r) => r.readyMs))), unit: 'ms' },
    { name: 'npm start idle RSS, npm + node (median)', value: Math.round(median(results.map((r) => r.rssMiB))), unit: 'MiB' },
  ]
}
