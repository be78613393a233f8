import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { evolutionCreateJid, startFakeEvolution, type FakeEvolution } from '../../../support/fake-evolution.js'

/** A webhook receiver answering the queued statuses in order (then 200), recording each request. */
const startReceiver = async () => {
  const statuses: number[] = []
  const received: Array<{ url: string; headers: IncomingMessage['headers']; body: any }> = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString()) })
      const status = statuses.shift() ?? 200
      if (status === 0) return // never answer
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/evolution/t-1`
  return {
    url,
    statuses,
    received,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

describe('fake Evolution', () => {
  let evolution: FakeEvolution
  beforeAll(async () => {
    evolution = await startFakeEvolution({ apiKey: 'k-123456', instance: 'padaria' })
  })
  afterAll(async () => {
    await evolution.close()
  })
  beforeEach(() => evolution.reset())

  const call = async (method: string, path: string, body?: unknown, apikey: string | null = 'k-123456') => {
    const headers: Record<string, string> = {}
    if (apikey !== null) headers.apikey = apikey
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${evolution.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return { status: response.status, body: (await response.json()) as any }
  }

  it('answers Evolution error shapes: route, instance, apikey, body — in that order', async () => {
    expect(await call('POST', '/message/sendTxt/padaria', {})).toEqual({
      status: 404,
      body: { status: 404, error: 'Not Found', response: { message: ['Cannot POST /message/sendTxt/padaria'] } },
    })
    expect(await call('POST', '/message/sendText/outra', {}, null)).toEqual({
      status: 404,
      body: { status: 404, error: 'Not Found', response: { message: ['The "outra" instance does not exist'] } },
    })
    expect(await call('POST', '/message/sendText/padaria', {}, 'wrong')).toEqual({
      status: 401,
      body: { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } },
    })
    expect(await call('POST', '/message/sendText/padaria', { number: 5511 })).toEqual({
      status: 400,
      body: { status: 400, error: 'Bad Request', response: { message: ['Invalid format', 'instance requires property "text"'] } },
    })
    expect((await call('POST', '/chat/sendPresence/padaria', { number: '1', presence: 'typing', delay: 1 })).body.response.message).toEqual([
      'presence is not one of enum values: unavailable,available,composing,recording,paused',
    ])
    expect((await call('POST', '/chat/markMessageAsRead/padaria', { readMessages: [{ id: 'x' }] })).body.response.message).toEqual([
      'readMessages[0] requires property "fromMe"',
      'readMessages[0] requires property "remoteJid"',
    ])
    expect(evolution.requests).toHaveLength(6)
    expect(evolution.sentTexts()).toEqual([])
  })

  it('answers sendText like send.message data, with a fresh 3EB0 id', async () => {
    const { status, body } = await call('POST', '/message/sendText/padaria', { number: '+55 (11) 98765-1234', text: 'Oi' })
    expect(status).toBe(201)
    expect(body).toMatchObject({
      key: { remoteJid: '5511987651234@s.whatsapp.net', fromMe: true },
      pushName: 'Você',
      status: 'PENDING',
      message: { conversation: 'Oi' },
      messageType: 'conversation',
      source: 'web',
    })
    expect(body.key.id).toMatch(/^3EB0[0-9A-F]{18}$/)
    const fixture = evolution.fixture('send-message.json').data
    expect(Object.keys(body).sort()).toEqual(Object.keys(fixture).sort())
    expect(await evolution.waitForSentTexts(1)).toMatchObject([{ instance: 'padaria', text: 'Oi', messageId: body.key.id }])
  })

  it('fails the next requests as told, optionally per path', async () => {
    evolution.failNext(1, 'http500', { path: '/message/sendText' })
    evolution.failNext(1, 'notOnWhatsapp', { path: 'sendText' })
    expect((await call('GET', '/instance/connectionState/padaria')).status).toBe(200)
    expect(await call('POST', '/message/sendText/padaria', { number: '5511900001111', text: 'a' })).toEqual({
      status: 500,
      body: { status: 500, error: 'Internal Server Error', response: { message: 'Connection Closed' } },
    })
    expect((await call('POST', '/message/sendText/padaria', { number: '5511900001111', text: 'a' })).body.response.message).toEqual([
      { jid: '5511900001111@s.whatsapp.net', exists: false, number: '5511900001111' },
    ])
    expect((await call('POST', '/message/sendText/padaria', { number: '5511900001111', text: 'a' })).status).toBe(201)

    evolution.setNotOnWhatsapp('+55 11 90000-2222')
    expect((await call('POST', '/message/sendText/padaria', { number: '5511900002222', text: 'a' })).status).toBe(400)
  })

  it('mirrors createJid', () => {
    expect(evolutionCreateJid('5531988776655')).toBe('553188776655@s.whatsapp.net')
    expect(evolutionCreateJid('5511987651234')).toBe('5511987651234@s.whatsapp.net')
    expect(evolutionCreateJid('5531934567890')).toBe('5531934567890@s.whatsapp.net')
    expect(evolutionCreateJid('187654321098765@lid')).toBe('187654321098765@lid')
    expect(evolutionCreateJid('120363025246125244')).toBe('120363025246125244@g.us')
  })

  it('loads fixtures with its instance name and a fresh key.id', () => {
    const first = evolution.fixture('messages-upsert.text')
    const second = evolution.fixture('messages-upsert.text.json', (body) => {
      body.data.message.conversation = 'Outro texto'
      return body
    })
    expect(first.instance).toBe('padaria')
    expect(first.event).toBe('messages.upsert')
    expect(first.data.key.id).toMatch(/^[0-9A-F]{32}$/)
    expect(first.data.key.id).not.toBe(second.data.key.id)
    expect(second.data.message.conversation).toBe('Outro texto')
    expect(evolution.fixture('messages-upsert.text', undefined, { keepKeyId: true }).data.key.id).toBe('A3F1C2D4E5B6978812AB34CD56EF7890')
    expect(evolution.fixture('send-message').data.key.id).toMatch(/^3EB0[0-9A-F]{18}$/)
    expect(evolution.fixture('connection-update.open').data.instance).toBe('padaria')
    expect(evolution.fixture('qrcode-updated').data.qrcode.instance).toBe('padaria')
    expect(evolution.fixture('messages-update.read').data.keyId).toBe('3EB0C7F2A91D4B6E8F1A2C')
  })

  describe('postWebhook', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>
    beforeAll(async () => {
      receiver = await startReceiver()
    })
    afterAll(async () => {
      await receiver.close()
    })
    beforeEach(() => {
      receiver.statuses.length = 0
      receiver.received.length = 0
    })

    it('posts JSON with axios-like headers and custom headers; jwt_key becomes a Bearer HS256 JWT', async () => {
      const body = evolution.fixture('messages-upsert.text')
      const result = await evolution.postWebhook(receiver.url, body, { headers: { 'x-fabio-tenant': 't-1', jwt_key: 'segredo' } })
      expect(result).toMatchObject({ status: 200, attempts: 1 })
      const [request] = receiver.received
      expect(request?.body).toEqual(body)
      expect(request?.headers['content-type']).toBe('application/json')
      expect(request?.headers['user-agent']).toMatch(/^axios\//)
      expect(request?.headers['x-fabio-tenant']).toBe('t-1')
      expect(request?.headers.jwt_key).toBeUndefined()
      const [header, payload, signature] = (request?.headers.authorization ?? '').replace(/^Bearer /, '').split('.')
      expect(createHmac('sha256', 'segredo').update(`${header}.${payload}`).digest('base64url')).toBe(signature)
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())
      expect(claims).toMatchObject({ app: 'evolution', action: 'webhook' })
      expect(claims.exp - claims.iat).toBe(600)
    })

    it('retries 5xx and timeouts, and stops at once on a non-retryable status', async () => {
      receiver.statuses.push(500, 0, 503)
      const body = evolution.fixture('messages-upsert.text')
      expect(await evolution.postWebhook(receiver.url, body, { timeoutMs: 200 })).toMatchObject({ status: 200, attempts: 4 })
      expect(receiver.received.map((request) => request.body.data.key.id)).toEqual(Array(4).fill(body.data.key.id))

      receiver.statuses.push(422)
      expect(await evolution.postWebhook(receiver.url, body)).toMatchObject({ status: 422, attempts: 1 })

      receiver.statuses.push(500, 500, 500)
      expect(await evolution.postWebhook(receiver.url, body, { retries: 2 })).toMatchObject({ status: 500, attempts: 3 })
    })
  })
})
