import { openBenchDatabase } from './postgres-bench-database.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Figure } from './start-benchmark.js'

const projectRoot = fileURLToPath(new URL('../', import.meta.url))
const connections = 50
const durationMs = 10_000

interface LoadResult {
  perSecond: number
  p50: number
  p99: number
  failures: number
}

const startProcess = (script: string, env: Record<string, string>, pattern: RegExp) => {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = pattern.exec(out)
      if (match) resolve(match[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)))
  })
  return { child, url }
}

const stop = async (child: ChildProcess) => {
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
}

const messageBody = (instance: string, sequence: number) => ({
  event: 'messages.upsert',
  instance,
  data: {
    key: { remoteJid: `55119${String(10_000_000 + (sequence % 500)).padStart(8, '0')}@s.whatsapp.net`, fromMe: false, id: randomBytes(16).toString('hex').toUpperCase() },
    pushName: 'Cliente Bench',
    status: 'DELIVERY_ACK',
    message: { conversation: `mensagem ${sequence}` },
    messageType: 'conversation',
    messageTimestamp: Math.floor(Date.now() / 1000),
    instanceId: 'bench',
    source: 'android',
  },
  date_time: new Date().toISOString(),
  sender: '5511999990000@s.whatsapp.net',
  server_url: 'http://127.0.0.1:8080',
  apikey: null,
})

/** 50 connections posting for 10 s; counts only 2xx answers as acknowledged. */
const runLoad = async (url: string): Promise<LoadResult> => {
  const latencies: number[] = []
  let failures = 0
  let sequence = 0
  const deadline = performance.now() + durationMs
  const started = performance.now()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const body = JSON.stringify(messageBody('bench', (sequence += 1)))
        const sentAt = performance.now()
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          await response.arrayBuffer()
          if (response.ok) latencies.push(performance.now() - sentAt)
          else failures += 1
        } catch {
          failures += 1
        }
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (quantile: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * quantile))] ?? 0
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), failures }
}

/** A fabio process with one tenant whose agent is off, so the worker records turns without sending. */
const measureFabio = async (env: Record<string, string>): Promise<LoadResult> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fabio-bench-ingest-'))
  const fabio = startProcess('src/main.ts', { PORT: '0', FABIO_DATA_DIR: dataDir, ...env }, /fabio is running on (http:\/\/\S+)/)
  try {
    const url = await fabio.url
    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim()
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const tenantId = `bench-${randomBytes(4).toString('hex')}`
    const created = (await (await fetch(`${url}/api/tenants`, { method: 'POST', headers, body: JSON.stringify({ tenant_id: tenantId }) })).json()) as { webhook_token: string }
    await fetch(`${url}/api/tenants/${tenantId}/config`, { method: 'PUT', headers, body: JSON.stringify({ conversation: { customer_agent_mode: 'off' } }) })
    return await runLoad(`${url}/webhooks/evolution/${tenantId}?token=${created.webhook_token}`)
  } finally {
    await stop(fabio.child)
    await rm(dataDir, { recursive: true, force: true })
  }
}

const figures = (label: string, result: LoadResult, baseline: LoadResult | null): Figure[] => [
  { name: `webhook ingest, ${label}: acknowledged`, value: Math.round(result.perSecond), unit: 'webhooks/s' },
  { name: `webhook ingest, ${label}: p50 ack latency`, value: Number(result.p50.toFixed(1)), unit: 'ms' },
  { name: `webhook ingest, ${label}: p99 ack latency`, value: Number(result.p99.toFixed(1)), unit: 'ms' },
  ...(baseline ? [{ name: `webhook ingest, ${label}: throughput vs bare express`, value: Math.round((result.perSecond / baseline.perSecond) * 100), unit: '%' }] : []),
  ...(result.failures > 0 ? [{ name: `webhook ingest, ${label}: failed requests`, value: result.failures, unit: 'requests' }] : []),
]

export const runWebhookIngestBenchmark = async (): Promise<Figure[]> => {
  const bare = startProcess('bench/bare-express-server.ts', {}, /listening on (http:\/\/\S+)/)
  let baseline: LoadResult
  try {
    baseline = await runLoad(`${await bare.url}/webhook`)
  } finally {
    await stop(bare.child)
  }
  const results = [...figures('bare express (200, no work)', baseline, null), ...figures('fabio file backend', await measureFabio({}), baseline)]
  const database = await openBenchDatabase('fabio_bench_ingest')
  if (database) {
    try {
      results.push(...figures('fabio postgres', await measureFabio({ ORCHESTRATION_STORE_BACKEND: 'postgres', ORCHESTRATION_PG_DSN: database.dsn }), baseline))
    } finally {
      await database.drop()
    }
  } else {
    results.push({ name: 'webhook ingest, postgres: skipped (no server at BENCH_PG_DSN)', value: 0, unit: '' })
  }
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const figure of await runWebhookIngestBenchmark()) process.stdout.write(`${figure.name}: ${figure.value} ${figure.unit}\n`)
}
