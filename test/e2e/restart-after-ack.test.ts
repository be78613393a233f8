import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeEvolution, type FakeEvolution } from '../support/fake-evolution.js'
import { spawnFabio } from '../support/spawn-fabio.js'
import { createTempDir } from '../support/temp-dir.js'

let evolution: FakeEvolution
let dataDir: { path: string; remove(): Promise<void> }
beforeAll(async () => {
  evolution = await startFakeEvolution({ simulateDelays: false })
  dataDir = await createTempDir('fabio-kill')
})
afterAll(async () => {
  await evolution.close()
  await dataDir.remove()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a fabio killed with SIGKILL right after acknowledging a webhook', () => {
  it('sends the reply after restart, exactly once', async () => {
    const env = { PORT: '0', FABIO_DATA_DIR: dataDir.path }
    const first = spawnFabio(env)
    const url = await first.ready
    const token = (await readFile(join(dataDir.path, 'admin-token'), 'utf8')).trim()
    const api = (path: string, body: unknown, method = 'POST') =>
      fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())
    const tenant = await api('/api/tenants', { tenant_id: 'kill-test' })
    await api(
      '/api/tenants/kill-test/config',
      { evolution: { base_url: evolution.url, api_key: evolution.apiKey, instance: evolution.instance, min_send_gap_ms: 0 }, conversation: { debounce_ms: 1500 } },
      'PUT',
    )
    const body = evolution.fixture('messages-upsert.text.json')
    body.data.messageTimestamp = Math.floor(Date.now() / 1000)
    const ack = await evolution.postWebhook(`${url}/webhooks/evolution/kill-test?token=${tenant.webhook_token}`, body, { retries: 0 })
    expect(ack.status).toBe(200)
    first.child.kill('SIGKILL')
    await first.exited
    expect(evolution.sentTexts()).toHaveLength(0)

    const second = spawnFabio(env)
    try {
      await second.ready
      const [reply] = await evolution.waitForSentTexts(1, 15_000)
      expect(reply?.number).toBe(body.data.key.remoteJid)
      // Evolution delivers the same event again after the restart: still one reply.
      const secondUrl = await second.ready
      await evolution.postWebhook(`${secondUrl}/webhooks/evolution/kill-test?token=${tenant.webhook_token}`, body, { retries: 0 })
      await sleep(2_500)
      expect(evolution.sentTexts()).toHaveLength(1)
    } finally {
      second.child.kill('SIGTERM')
      await second.exited
    }
  }, 60_000)
})
