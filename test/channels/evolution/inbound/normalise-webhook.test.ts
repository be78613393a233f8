import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/shared/app-error.js'
import { normaliseEvolutionWebhook } from '../../../../src/channels/evolution/inbound/index.js'
import { loadEvolutionFixture } from './evolution-fixtures.js'

const envelope = (event: string, data: unknown): Record<string, unknown> => ({
  event,
  instance: 'loja-aurora',
  data,
  destination: 'https://agente.lojaaurora.com.br/webhooks/evolution',
  date_time: '2025-10-21T14:40:00.000Z',
  sender: '5511930001234@s.whatsapp.net',
  server_url: 'https://evolution.lojaaurora.com.br',
  apikey: null,
})

const expectInvalidEnvelope = (body: unknown): void => {
  let thrown: unknown
  try {
    normaliseEvolutionWebhook(body)
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(AppError)
  expect(thrown).toMatchObject({ code: 'WEBHOOK_ENVELOPE_INVALID', category: 'user' })
}

describe('invalid envelopes', () => {
  it.each([
    ['a string', 'messages.upsert'],
    ['an array', [loadEvolutionFixture('messages-upsert.text.json')]],
    ['null', null],
    ['an empty object', {}],
    ['no instance', { event: 'messages.upsert', data: {} }],
    ['an empty instance', { event: 'messages.upsert', instance: ' ', data: {} }],
    ['a numeric instance', { event: 'messages.upsert', instance: 7, data: {} }],
    ['no data', { event: 'messages.upsert', instance: 'loja-aurora' }],
    ['no event', { instance: 'loja-aurora', data: {} }],
  ])('throws WEBHOOK_ENVELOPE_INVALID for %s', (_name, body) => {
    expectInvalidEnvelope(body)
  })

  it('accepts data: null (logout.instance, remove.instance)', () => {
    expect(normaliseEvolutionWebhook(envelope('logout.instance', null))).toEqual({
      type: 'ignored',
      event: 'logout.instance',
      instance: 'loja-aurora',
      reason: 'unhandled event',
    })
  })

  it('tolerates extra fields and wrong types in non-essential envelope fields', () => {
    const body = { ...loadEvolutionFixture('messages-upsert.text.json'), sender: 12, apikey: { x: 1 }, date_time: 'no', extra: [1] }
    expect(normaliseEvolutionWebhook(body).type).toBe('message')
  })
})

describe('ignored events', () => {
  it.each([
    ['presence.update', { id: '5511987651234@s.whatsapp.net', presences: { '5511987651234@s.whatsapp.net': { lastKnownPresence: 'composing' } } }],
    ['messages.set', [loadEvolutionFixture('messages-upsert.text.json').data]],
    ['chats.upsert', [{ remoteJid: '5511987651234@s.whatsapp.net', instanceId: 'x' }]],
    ['contacts.update', { remoteJid: '5511987651234@s.whatsapp.net', pushName: 'Mariana' }],
    ['groups.upsert', []],
    ['call', { id: 'c1', from: '5511987651234@s.whatsapp.net', status: 'offer' }],
    ['messages.edited', { key: { id: 'x' }, type: 'MESSAGE_EDIT' }],
    ['application.startup', {}],
    ['something.unknown', {}],
  ])('ignores %s', (event, data) => {
    expect(normaliseEvolutionWebhook(envelope(event, data))).toEqual({
      type: 'ignored',
      event,
      instance: 'loja-aurora',
      reason: 'unhandled event',
    })
  })

  it('normalises the event name of ignored events too', () => {
    expect(normaliseEvolutionWebhook(envelope('PRESENCE_UPDATE', {}))).toMatchObject({ event: 'presence.update' })
  })
})

describe('messages.upsert batches and broken messages', () => {
  const textData = (): Record<string, any> => loadEvolutionFixture('messages-upsert.text.json').data

  it('ignores batches of several messages (array or v1 {messages:[…]})', () => {
    const data = [textData(), textData()]
    expect(normaliseEvolutionWebhook(envelope('messages.upsert', data))).toMatchObject({ type: 'ignored', reason: 'batch' })
    expect(normaliseEvolutionWebhook(envelope('messages.upsert', { messages: data, type: 'append' }))).toMatchObject({
      type: 'ignored',
      reason: 'batch',
    })
    expect(normaliseEvolutionWebhook(envelope('messages.upsert', []))).toMatchObject({ type: 'ignored', reason: 'batch' })
  })

  it('normalises a batch of exactly one', () => {
    const result = normaliseEvolutionWebhook(envelope('messages.upsert', { messages: [textData()], type: 'notify' }))
    expect(result.type === 'message' && result.message.messageId).toBe('A3F1C2D4E5B6978812AB34CD56EF7890')
    expect(normaliseEvolutionWebhook(envelope('messages.upsert', [textData()])).type).toBe('message')
  })

  it.each([
    ['no key', (data: Record<string, any>) => delete data.key],
    ['no key.id', (data: Record<string, any>) => delete data.key.id],
    ['no key.remoteJid', (data: Record<string, any>) => delete data.key.remoteJid],
    ['a numeric key.id', (data: Record<string, any>) => (data.key.id = 42)],
  ])('ignores a message with %s', (_name, damage) => {
    const data = textData()
    damage(data)
    expect(normaliseEvolutionWebhook(envelope('messages.upsert', data))).toMatchObject({
      type: 'ignored',
      reason: 'message without key',
    })
    expect(normaliseEvolutionWebhook(envelope('messages.upsert', null))).toMatchObject({ reason: 'message without key' })
  })

  it('turns wrong types in non-essential message fields into null', () => {
    const data = textData()
    Object.assign(data, { pushName: 5, status: { x: 1 }, source: [], contextInfo: 'x' })
    data.key.fromMe = 'maybe'
    const result = normaliseEvolutionWebhook(envelope('messages.upsert', data))
    expect(result).toMatchObject({
      type: 'message',
      message: { pushName: null, status: null, source: null, fromMe: false, quotedMessageId: null },
    })
  })

  it('maps a numeric message status to its name', () => {
    const data = { ...textData(), status: 2 }
    const result = normaliseEvolutionWebhook(envelope('messages.upsert', data))
    expect(result.type === 'message' && result.message.status).toBe('SERVER_ACK')
  })
})

describe('messages.update', () => {
  it('maps numeric statuses (v1 / protobuf enum) to names, in the Baileys {key, update} shape', () => {
    const data = [0, 1, 2, 3, 4, 5].map((status, index) => ({
      key: { remoteJid: '5511987651234@s.whatsapp.net', fromMe: true, id: `ID${index}` },
      update: { status },
    }))
    const result = normaliseEvolutionWebhook(envelope('messages.update', data))
    expect(result.type === 'status' && result.status.updates.map((update) => update.status)).toEqual([
      'ERROR',
      'PENDING',
      'SERVER_ACK',
      'DELIVERY_ACK',
      'READ',
      'PLAYED',
    ])
  })

  it('reads the v1 flat shape with id, status and datetime (ms)', () => {
    const data = {
      remoteJid: '5511987651234@s.whatsapp.net',
      fromMe: true,
      id: '3EB0ABC',
      status: 'DELIVERY_ACK',
      datetime: 1721409700123,
      owner: 'loja-aurora',
    }
    expect(normaliseEvolutionWebhook(envelope('messages.update', data))).toEqual({
      type: 'status',
      status: {
        instance: 'loja-aurora',
        updates: [
          {
            messageId: '3EB0ABC',
            chatJid: '5511987651234@s.whatsapp.net',
            fromMe: true,
            status: 'DELIVERY_ACK',
            at: new Date(1721409700123),
          },
        ],
      },
    })
  })

  it('keeps DELETED and uses keyId, not Evolution’s messageId', () => {
    const body = loadEvolutionFixture('messages-update.read.json')
    body.data.status = 'DELETED'
    const result = normaliseEvolutionWebhook(body)
    expect(result.type === 'status' && result.status.updates[0]).toMatchObject({
      messageId: '3EB0C7F2A91D4B6E8F1A2C',
      status: 'DELETED',
    })
  })

  it('ignores an update without id or status (2.3.6 edit without status)', () => {
    const data = { keyId: 'X', remoteJid: '5511987651234@s.whatsapp.net', fromMe: false, instanceId: 'i' }
    expect(normaliseEvolutionWebhook(envelope('messages.update', data))).toMatchObject({
      type: 'ignored',
      reason: 'status update without message id or status',
    })
  })
})

describe('connection events', () => {
  it('reads connecting and close without wuid', () => {
    const result = normaliseEvolutionWebhook(
      envelope('connection.update', { instance: 'loja-aurora', state: 'close', statusReason: 401 }),
    )
    expect(result).toEqual({
      type: 'connection',
      connection: {
        instance: 'loja-aurora',
        kind: 'connection',
        state: 'close',
        statusReason: 401,
        wuid: null,
        profileName: null,
        qrCode: null,
        at: new Date('2025-10-21T14:40:00.000Z'),
      },
    })
  })

  it('reads the QR-limit variant of qrcode.updated', () => {
    const result = normaliseEvolutionWebhook(
      envelope('QRCODE_UPDATED', { message: 'QR code limit reached, please login again', statusCode: 500 }),
    )
    expect(result).toMatchObject({ type: 'connection', connection: { kind: 'qrcode', qrCode: null, statusReason: 500 } })
  })

  it('takes the event from the suffix for connection events', () => {
    const body = loadEvolutionFixture('connection-update.open.json')
    delete body.event
    const result = normaliseEvolutionWebhook(body, { eventSuffix: 'connection-update' })
    expect(result).toMatchObject({ type: 'connection', connection: { state: 'open' } })
  })
})
