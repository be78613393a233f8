import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createEvolutionClient,
  type EvolutionClient,
  type EvolutionConnection,
} from '../../../../src/channels/evolution/outbound/index.js'
import { isAppError, type AppError } from '../../../../src/shared/app-error.js'
import { createLogger, createSilentLogger, type Logger } from '../../../../src/shared/logger.js'
import { findClosedPort } from '../../../support/free-port.js'
import { startFakeEvolution, type FakeEvolution } from '../../../support/fake-evolution.js'

const apiKey = 'evo-key-4F9A2C71-8B3D-4E6F-A1C2-do-not-log'

const captureError = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

const mediaData = (id: string) => ({
  key: { remoteJid: '5511976543210@s.whatsapp.net', fromMe: false, id },
  message: { audioMessage: { mimetype: 'audio/ogg; codecs=opus', seconds: 9, ptt: true } },
  messageType: 'audioMessage',
})

describe('Evolution client against the fake Evolution (v2)', () => {
  let evolution: FakeEvolution
  let connection: EvolutionConnection
  let sleeps: number[]
  let client: EvolutionClient

  const makeClient = (overrides: { timeoutMs?: number; retries?: number; logger?: Logger } = {}) =>
    createEvolutionClient({
      logger: overrides.logger ?? createSilentLogger(),
      retries: overrides.retries ?? 3,
      retryBaseDelayMs: 500,
      timeoutMs: overrides.timeoutMs ?? 5000,
      sleep: async (ms) => {
        sleeps.push(ms)
      },
    })

  beforeAll(async () => {
    evolution = await startFakeEvolution({ apiKey, instance: 'loja aurora/1' })
    connection = { baseUrl: `${evolution.url}//`, apiKey, instance: 'loja aurora/1' }
  })
  afterAll(async () => {
    await evolution.close()
  })
  beforeEach(() => {
    evolution.reset()
    evolution.setConnectionState('open')
    sleeps = []
    client = makeClient()
  })

  describe('sendText', () => {
    it('posts the v2 body with the apikey header to /message/sendText/{encoded instance}', async () => {
      const result = await client.sendText(connection, {
        number: '5511987651234',
        text: 'Temos sim, Mariana!',
        delayMs: 20.4,
        quotedMessageId: 'A3F1C2D4E5B6978812AB34CD56EF7890',
      })

      expect(evolution.requests).toHaveLength(1)
      const [request] = evolution.requests
      expect(request?.method).toBe('POST')
      expect(request?.path).toBe('/message/sendText/loja%20aurora%2F1')
      expect(request?.headers.apikey).toBe(apiKey)
      expect(request?.headers['content-type']).toBe('application/json')
      expect(request?.body).toEqual({
        number: '5511987651234',
        text: 'Temos sim, Mariana!',
        delay: 20,
        quoted: { key: { id: 'A3F1C2D4E5B6978812AB34CD56EF7890' } },
      })
      expect(result.messageId).toMatch(/^3EB0[0-9A-F]{18}$/)
      expect(result).toEqual({ messageId: result.messageId, status: 'PENDING', remoteJid: '5511987651234@s.whatsapp.net' })
      expect(evolution.sentTexts()).toMatchObject([
        { instance: 'loja aurora/1', number: '5511987651234', text: 'Temos sim, Mariana!', messageId: result.messageId },
      ])
    })

    it('sends only number and text when there is no delay or quote', async () => {
      await client.sendText(connection, { number: '5531988776655', text: 'Oi!' })
      expect(evolution.requests[0]?.body).toEqual({ number: '5531988776655', text: 'Oi!' })
      // Evolution's createJid drops the Brazilian 9th digit for DDD >= 31; we report the JID it used.
      expect(evolution.sentTexts()[0]?.remoteJid).toBe('553188776655@s.whatsapp.net')
    })

    it('maps exists:false to EVOLUTION_NUMBER_NOT_ON_WHATSAPP without retrying', async () => {
      evolution.failNext(1, 'notOnWhatsapp')
      const error = await captureError(client.sendText(connection, { number: '5511900001111', text: 'Oi' }))
      expect(error.code).toBe('EVOLUTION_NUMBER_NOT_ON_WHATSAPP')
      expect(error.category).toBe('user')
      expect(error.details).toMatchObject({ number: '5511900001111', jid: '5511900001111@s.whatsapp.net' })
      expect(error.message).toContain('5511900001111')
      expect(evolution.requests).toHaveLength(1)
      expect(sleeps).toEqual([])
    })

    it('carries Evolution validation messages in EVOLUTION_REQUEST_REJECTED', async () => {
      const error = await captureError(client.sendText(connection, { number: '5511987651234', text: '   ' }))
      expect(error.code).toBe('EVOLUTION_REQUEST_REJECTED')
      expect(error.category).toBe('third_party')
      expect(error.message).toContain('Text is required')
      expect(error.details).toMatchObject({ status: 400, evolutionMessage: 'Text is required' })
      expect(evolution.requests).toHaveLength(1)
    })
  })

  it('sendPresence posts {number, presence, delay}', async () => {
    await client.sendPresence(connection, { number: '5511987651234', presence: 'composing', delayMs: 15 })
    expect(evolution.requests[0]).toMatchObject({
      method: 'POST',
      path: '/chat/sendPresence/loja%20aurora%2F1',
      body: { number: '5511987651234', presence: 'composing', delay: 15 },
    })
  })

  it('markMessageAsRead posts readMessages as given (Evolution drops @lid keys itself)', async () => {
    const messages = [
      { remoteJid: '5511987651234@s.whatsapp.net', fromMe: false, id: 'A3F1C2D4E5B6978812AB34CD56EF7890' },
      { remoteJid: '187654321098765@lid', fromMe: false, id: 'B3F1C2D4E5B6978812AB34CD56EF7890' },
    ]
    await client.markMessageAsRead(connection, { messages })
    expect(evolution.requests[0]).toMatchObject({
      method: 'POST',
      path: '/chat/markMessageAsRead/loja%20aurora%2F1',
      body: { readMessages: messages },
    })
    expect(evolution.markedAsRead().map((key) => key.id)).toEqual(['A3F1C2D4E5B6978812AB34CD56EF7890'])
  })

  it('markMessageAsRead with no messages makes no call', async () => {
    await client.markMessageAsRead(connection, { messages: [] })
    expect(evolution.requests).toHaveLength(0)
  })

  it('getBase64FromMediaMessage posts the whole webhook data and returns base64, mimetype and fileName', async () => {
    const data = evolution.fixture('messages-upsert.audio-ptt.json').data
    const media = await client.getBase64FromMediaMessage(connection, { message: data })
    expect(evolution.requests[0]).toMatchObject({
      method: 'POST',
      path: '/chat/getBase64FromMediaMessage/loja%20aurora%2F1',
      body: { message: data, convertToMp4: false },
    })
    expect(Buffer.from(media.base64, 'base64').toString()).toBe(`fake-media:${data.key.id}`)
    expect(media).toMatchObject({ mimetype: 'audio/ogg; codecs=opus', fileName: `${data.key.id}.oga` })

    const mp4 = await client.getBase64FromMediaMessage(connection, { message: mediaData('ID2'), convertToMp4: true })
    expect(evolution.requests[1]?.body).toMatchObject({ convertToMp4: true })
    expect(mp4.mimetype).toBe('audio/mp4')
  })

  it('getBase64FromMediaMessage on a text message is rejected with Evolution message', async () => {
    const data = evolution.fixture('messages-upsert.text').data
    const error = await captureError(client.getBase64FromMediaMessage(connection, { message: data }))
    expect(error.code).toBe('EVOLUTION_REQUEST_REJECTED')
    expect(error.message).toContain('The message is not of the media type')
  })

  it('connectionState GETs /instance/connectionState/{instance} and returns the state', async () => {
    evolution.setConnectionState('connecting')
    expect(await client.connectionState(connection)).toEqual({ state: 'connecting' })
    expect(evolution.requests[0]).toMatchObject({ method: 'GET', path: '/instance/connectionState/loja%20aurora%2F1' })
    expect(evolution.requests[0]?.headers.apikey).toBe(apiKey)
    expect(evolution.requests[0]?.body).toBeUndefined()
  })

  describe('failures', () => {
    it('retries a 500 with exponential backoff, then succeeds', async () => {
      evolution.failNext(2, 'http500', { path: 'sendText' })
      const result = await client.sendText(connection, { number: '5511987651234', text: 'Oi' })
      expect(result.messageId).toMatch(/^3EB0/)
      expect(evolution.requests).toHaveLength(3)
      expect(evolution.sentTexts()).toHaveLength(1)
      expect(sleeps).toHaveLength(2)
      // base 500 ms · 2^(n-1), ±20 % jitter
      expect(sleeps[0]).toBeGreaterThanOrEqual(400)
      expect(sleeps[0]).toBeLessThanOrEqual(600)
      expect(sleeps[1]).toBeGreaterThanOrEqual(800)
      expect(sleeps[1]).toBeLessThanOrEqual(1200)
    })

    it('gives up after `retries` retries with EVOLUTION_REQUEST_FAILED carrying "Connection Closed"', async () => {
      evolution.failNext(10, 'http500')
      const error = await captureError(makeClient({ retries: 2 }).sendText(connection, { number: '5511987651234', text: 'Oi' }))
      expect(error.code).toBe('EVOLUTION_REQUEST_FAILED')
      expect(error.category).toBe('third_party')
      expect(error.message).toContain('Connection Closed')
      expect(error.details).toMatchObject({ status: 500, attempts: 3, evolutionMessage: 'Connection Closed' })
      expect(evolution.requests).toHaveLength(3)
      expect(evolution.sentTexts()).toHaveLength(0)
    })

    it('retries network errors, then fails with EVOLUTION_REQUEST_FAILED', async () => {
      evolution.failNext(1, 'reset')
      await expect(client.connectionState(connection)).resolves.toEqual({ state: 'open' })
      expect(evolution.requests).toHaveLength(2)

      const closed = { ...connection, baseUrl: `http://127.0.0.1:${await findClosedPort()}` }
      const error = await captureError(makeClient({ retries: 1 }).connectionState(closed))
      expect(error.code).toBe('EVOLUTION_REQUEST_FAILED')
      expect(error.message).toMatch(/unreachable/)
      expect(error.details).toMatchObject({ attempts: 2 })
    })

    it('retries a timeout, then fails with EVOLUTION_TIMEOUT', async () => {
      evolution.failNext(3, 'timeout')
      const error = await captureError(makeClient({ retries: 2, timeoutMs: 100 }).connectionState(connection))
      expect(error.code).toBe('EVOLUTION_TIMEOUT')
      expect(error.details).toMatchObject({ attempts: 3 })
      expect(evolution.requests).toHaveLength(3)
      expect(sleeps).toHaveLength(2)
    })

    it('a timeout followed by an answer succeeds', async () => {
      evolution.failNext(1, 'timeout')
      await expect(makeClient({ timeoutMs: 100 }).connectionState(connection)).resolves.toEqual({ state: 'open' })
      expect(evolution.requests).toHaveLength(2)
    })

    it('401 is EVOLUTION_AUTH_FAILED without retry', async () => {
      evolution.failNext(1, 'http401')
      const injected = await captureError(client.sendText(connection, { number: '5511987651234', text: 'Oi' }))
      expect(injected.code).toBe('EVOLUTION_AUTH_FAILED')
      expect(injected.message).toContain('Unauthorized')

      const wrongKey = await captureError(client.connectionState({ ...connection, apiKey: 'wrong-key' }))
      expect(wrongKey.code).toBe('EVOLUTION_AUTH_FAILED')
      expect(wrongKey.message).not.toContain('wrong-key')
      expect(evolution.requests).toHaveLength(2)
      expect(sleeps).toEqual([])
    })

    it('an unknown instance is EVOLUTION_REQUEST_REJECTED saying the instance name may be wrong', async () => {
      const error = await captureError(client.sendText({ ...connection, instance: 'loja-aurora-typo' }, { number: '5511987651234', text: 'Oi' }))
      expect(error.code).toBe('EVOLUTION_REQUEST_REJECTED')
      expect(error.message).toContain('The "loja-aurora-typo" instance does not exist')
      expect(error.message).toContain('instance name')
      expect(error.details).toMatchObject({ status: 404, instance: 'loja-aurora-typo' })
      expect(evolution.requests).toHaveLength(1)
      expect(sleeps).toEqual([])
    })

    it('a v1 body sent to a v2 Evolution is rejected with its validation message', async () => {
      const error = await captureError(client.markMessageAsRead({ ...connection, version: 'v1' }, { messages: [mediaData('X').key] }))
      // v1 uses PUT; Evolution v2 has no such route.
      expect(error.code).toBe('EVOLUTION_REQUEST_REJECTED')
      expect(error.message).toContain('Cannot PUT /chat/markMessageAsRead/loja%20aurora%2F1')
      expect(error.message).toContain('API version')
    })
  })

  it('never logs the apikey, even at trace level and on failures', async () => {
    const stream = new PassThrough()
    let logged = ''
    stream.on('data', (chunk: Buffer) => {
      logged += chunk.toString()
    })
    const logger = createLogger({ level: 'trace', destination: stream })
    const traced = makeClient({ logger, retries: 1, timeoutMs: 100 })
    await traced.sendText(connection, { number: '5511987651234', text: 'Oi' })
    await traced.markMessageAsRead(connection, { messages: [{ remoteJid: '187654321098765@lid', fromMe: false, id: 'X1' }] })
    evolution.failNext(2, 'http500')
    await captureError(traced.connectionState(connection))
    evolution.failNext(2, 'timeout')
    await captureError(traced.connectionState(connection))
    await captureError(traced.connectionState({ ...connection, instance: 'nope' }))
    await captureError(traced.connectionState({ ...connection, apiKey: `${apiKey}-wrong` }))
    await new Promise((resolve) => setImmediate(resolve))
    expect(logged).toContain('evolution request')
    expect(logged).toContain('retrying')
    expect(logged).not.toContain(apiKey)
  })
})

describe('Evolution client against a v1 fake Evolution', () => {
  let evolution: FakeEvolution
  let connection: EvolutionConnection
  const client = createEvolutionClient({ logger: createSilentLogger(), sleep: async () => undefined })

  beforeAll(async () => {
    evolution = await startFakeEvolution({ apiKey, version: 'v1' })
    connection = { baseUrl: evolution.url, apiKey, instance: evolution.instance, version: 'v1' }
  })
  afterAll(async () => {
    await evolution.close()
  })
  beforeEach(() => evolution.reset())

  it('sendText posts {number, options:{delay, presence}, textMessage:{text}}', async () => {
    const result = await client.sendText(connection, { number: '5511987651234', text: 'Temos sim!', delayMs: 10, quotedMessageId: 'Q1' })
    expect(evolution.requests[0]).toMatchObject({ method: 'POST', path: '/message/sendText/loja-aurora' })
    expect(evolution.requests[0]?.headers.apikey).toBe(apiKey)
    expect(evolution.requests[0]?.body).toEqual({
      number: '5511987651234',
      options: { delay: 10, presence: 'composing', quoted: { key: { id: 'Q1' } } },
      textMessage: { text: 'Temos sim!' },
    })
    expect(result).toEqual({ messageId: expect.stringMatching(/^BAE5/), status: 'PENDING', remoteJid: '5511987651234@s.whatsapp.net' })
  })

  it('sendPresence posts {number, options:{presence, delay}}', async () => {
    await client.sendPresence(connection, { number: '5511987651234', presence: 'recording', delayMs: 5 })
    expect(evolution.requests[0]?.body).toEqual({ number: '5511987651234', options: { presence: 'recording', delay: 5 } })
  })

  it('markMessageAsRead PUTs {read_messages}', async () => {
    const key = { remoteJid: '5511987651234@s.whatsapp.net', fromMe: false, id: 'E1F2A3B4C5D6E7F8091A2B3C4D5E6F70' }
    await client.markMessageAsRead(connection, { messages: [key] })
    expect(evolution.requests[0]).toMatchObject({ method: 'PUT', path: '/chat/markMessageAsRead/loja-aurora', body: { read_messages: [key] } })
    expect(evolution.markedAsRead()).toEqual([{ instance: 'loja-aurora', ...key }])
  })

  it('getBase64FromMediaMessage and connectionState use the v2 shapes', async () => {
    const media = await client.getBase64FromMediaMessage(connection, { message: mediaData('V1MEDIA') })
    expect(media.fileName).toBe('V1MEDIA.oga')
    expect(await client.connectionState(connection)).toEqual({ state: 'open' })
    expect(evolution.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /chat/getBase64FromMediaMessage/loja-aurora',
      'GET /instance/connectionState/loja-aurora',
    ])
  })
})
