import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFileWhatsappInstanceStore } from '../../../../src/channels/evolution/instance/index.js'
import {
  createEvolutionClient,
  createWhatsappConnection,
  parseInstanceConnectAnswer,
  type EvolutionClient,
} from '../../../../src/channels/evolution/outbound/index.js'
import { isAppError } from '../../../../src/shared/app-error.js'
import { createSilentLogger } from '../../../../src/shared/logger.js'
import { startFakeEvolution, type FakeEvolution } from '../../../support/fake-evolution.js'
import { openTestFileStorage } from '../../../support/file-storage.js'

const clock = { now: () => new Date('2026-03-02T12:00:00.000Z') }

describe('parseInstanceConnectAnswer', () => {
  it('reads an already connected instance as open, without a QR code', () => {
    expect(parseInstanceConnectAnswer({ instance: { instanceName: 'x', state: 'open' } })).toEqual({ state: 'open', qr: null })
  })

  it('reads the v2 connect answer at the top level', () => {
    expect(parseInstanceConnectAnswer({ pairingCode: 'WZYEH1YY', code: '2@abc', base64: 'data:image/png;base64,AAA', count: 1 })).toEqual({
      state: 'connecting',
      qr: { code: '2@abc', base64: 'data:image/png;base64,AAA', pairingCode: 'WZYEH1YY' },
    })
  })

  it('reads the QR code nested under qrcode (instance/create), and adds a missing data: prefix', () => {
    expect(parseInstanceConnectAnswer({ instance: { instanceName: 'x', status: 'created' }, hash: { apikey: 'k' }, qrcode: { code: '2@abc', base64: 'iVBOR' } })).toEqual({
      state: 'connecting',
      qr: { code: '2@abc', base64: 'data:image/png;base64,iVBOR', pairingCode: null },
    })
  })

  it('keeps a reported state when there is no QR code yet', () => {
    expect(parseInstanceConnectAnswer({ count: 0 })).toEqual({ state: 'connecting', qr: null })
    expect(parseInstanceConnectAnswer({ instance: { state: 'close' } })).toEqual({ state: 'close', qr: null })
  })
})

describe('createWhatsappConnection', () => {
  const stubClient = (answer: Awaited<ReturnType<EvolutionClient['connectInstance']>>): EvolutionClient =>
    ({ connectInstance: async () => answer, createInstance: async () => answer, connectionState: async () => ({ state: 'open' }) }) as unknown as EvolutionClient

  it('renders the QR payload as a PNG when Evolution sends no base64', async () => {
    const storage = await openTestFileStorage()
    try {
      const instances = await createFileWhatsappInstanceStore(storage.storage)
      const connection = createWhatsappConnection({ evolution: stubClient({ state: 'connecting', qr: { code: '2@payload', base64: null, pairingCode: null } }), instances, clock })
      const answer = await connection.connect({ tenantId: 't-1', evolution: { base_url: 'http://evo', api_key: 'k', instance: 'loja' } })
      expect(answer.qr_code).toMatch(/^data:image\/png;base64,iVBORw0KGgo/)
      expect((await instances.get({ tenantId: 't-1', instance: 'loja' }))?.qr_code).toEqual({ code: '2@payload', base64: answer.qr_code, pairing_code: null })
    } finally {
      await storage.close()
    }
  })

  it('refuses an unconfigured tenant with EVOLUTION_NOT_CONFIGURED, naming what is missing', async () => {
    const storage = await openTestFileStorage()
    try {
      const connection = createWhatsappConnection({ evolution: stubClient({ state: 'open', qr: null }), instances: await createFileWhatsappInstanceStore(storage.storage), clock })
      const error = await connection.test({ tenantId: 't-1', evolution: { base_url: 'http://evo' } }).catch((caught: unknown) => caught)
      expect(isAppError(error) && error.code).toBe('EVOLUTION_NOT_CONFIGURED')
      expect((error as Error).message).toContain('evolution.api_key, evolution.instance')
    } finally {
      await storage.close()
    }
  })
})

describe('the client against the fake Evolution’s pairing routes', () => {
  let evolution: FakeEvolution
  const client = createEvolutionClient({ logger: createSilentLogger(), retries: 0 })
  beforeAll(async () => {
    evolution = await startFakeEvolution({ instance: 'padaria', apiKey: 'k-123456' })
  })
  afterAll(() => evolution.close())
  beforeEach(() => {
    evolution.reset()
    evolution.setInstanceExists(true)
    evolution.setConnectionState('open')
  })
  const connection = () => ({ baseUrl: evolution.url, apiKey: 'k-123456', instance: 'padaria' })

  it('connects: open while open, a fresh QR code (count going up) while not', async () => {
    expect(await client.connectInstance(connection())).toEqual({ state: 'open', qr: null })
    evolution.setConnectionState('close')
    const first = await client.connectInstance(connection())
    const second = await client.connectInstance(connection(), { number: '5511987654321' })
    expect(first.qr?.base64).toMatch(/^data:image\/png;base64,/)
    expect(second.qr?.code).not.toBe(first.qr?.code)
    expect(second.qr?.pairingCode).toMatch(/^[0-9A-F]{8}$/)
    expect((await client.connectionState(connection())).state).toBe('connecting')
  })

  it('answers 404 for an unknown instance, and create adds it once (403 when the name is taken)', async () => {
    evolution.setInstanceExists(false)
    const missing = await client.connectInstance(connection()).catch((error: unknown) => error)
    expect(isAppError(missing) && missing.details.status).toBe(404)
    const created = await client.createInstance(connection())
    expect(created.state).toBe('connecting')
    expect(evolution.instanceExists()).toBe(true)
    const again = await client.createInstance(connection()).catch((error: unknown) => error)
    expect(isAppError(again) && again.details).toMatchObject({ status: 403, evolutionMessage: 'This name "padaria" is already in use.' })
  })

  it('completePairing opens the connection', async () => {
    evolution.setConnectionState('connecting')
    expect(await evolution.completePairing()).toBeNull()
    expect((await client.connectionState(connection())).state).toBe('open')
  })
})
