import { randomTenantId } from './factories.js'
import { startFakeEvolution, type FakeEvolution, type PostWebhookOptions } from './fake-evolution.js'
import { startTestFabio, type TestFabio } from './start-test-fabio.js'

export interface WhatsappHarness {
  app: TestFabio
  evolution: FakeEvolution
  tenantId: string
  webhookToken: string
  ownerKey: string
  webhookUrl(suffix?: string): string
  /** Posts a fixture as Evolution would, stamped "now" (fixtures are old) unless `keepTimestamp`. */
  post(fixture: string, options?: { edit?: (body: any) => any; keepKeyId?: boolean; keepTimestamp?: boolean; webhook?: PostWebhookOptions }): Promise<{ status: number; body: any; sent: any }>
  events(type?: string): Promise<any[]>
  /** Waits for `count` events of a type (of one contact when `contactId` is given). */
  waitForEvent(type: string, count?: number, timeoutMs?: number, contactId?: string): Promise<any[]>
  configure(patch: unknown): Promise<void>
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A fake Evolution and a real fabio (file backend unless `env` says otherwise) with one tenant wired to it. */
export const startWhatsappHarness = async (options: { env?: Record<string, string>; config?: Record<string, unknown> } = {}): Promise<WhatsappHarness> => {
  const evolution = await startFakeEvolution({ simulateDelays: false })
  const app = await startTestFabio(options.env ?? {}, {
    workerOptions: { pollIntervalMs: 20, retryDelay: () => 50 },
    evolutionOptions: { retries: 1, retryBaseDelayMs: 5, timeoutMs: 2_000 },
  })
  const tenantId = randomTenantId()
  const created = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId, display_name: 'Loja Aurora' } })).body
  const configure = async (patch: unknown) => {
    const response = await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: patch })
    if (response.status !== 200) throw new Error(`config rejected: ${JSON.stringify(response.body)}`)
  }
  await configure({
    evolution: { base_url: evolution.url, api_key: evolution.apiKey, instance: evolution.instance, min_send_gap_ms: 0 },
    conversation: { debounce_ms: 150 },
    ...options.config,
  })
  const webhookUrl = (suffix?: string) => `${app.url}/webhooks/evolution/${tenantId}${suffix ? `/${suffix}` : ''}?token=${created.webhook_token}`

  const events = async (type?: string) =>
    (await app.api(`/api/tenants/${tenantId}/events?limit=200${type ? `&type=${type}` : ''}`)).body.items as any[]

  return {
    app,
    evolution,
    tenantId,
    webhookToken: created.webhook_token,
    ownerKey: created.owner_access_key,
    webhookUrl,
    configure,
    post: async (fixture, postOptions = {}) => {
      let body = evolution.fixture(fixture, undefined, { keepKeyId: postOptions.keepKeyId })
      if (!postOptions.keepTimestamp && body?.data && 'messageTimestamp' in body.data) body.data.messageTimestamp = Math.floor(Date.now() / 1000)
      if (postOptions.edit) body = postOptions.edit(body)
      const result = await evolution.postWebhook(webhookUrl(), body, { retries: 0, ...postOptions.webhook })
      return { status: result.status, body: result.body, sent: body }
    },
    events,
    waitForEvent: async (type, count = 1, timeoutMs = 10_000, contactId) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = (await events(type)).filter((event) => contactId === undefined || event.contact_id === contactId)
        if (found.length >= count) return found
        if (Date.now() > deadline) throw new Error(`no ${count}× ${type} event in time; events: ${JSON.stringify((await events()).map((event) => event.type))}`)
        await sleep(25)
      }
    },
    stop: async () => {
      await app.stop()
      await evolution.close()
    },
  }
}
