import { describe, expect, it } from 'vitest'
import {
  normaliseEvolutionWebhook,
  type ConnectionUpdate,
  type InboundMessage,
  type NormalisedWebhook,
  type StatusUpdate,
} from '../../../../src/channels/evolution/inbound/index.js'
import { listEvolutionFixtures, loadEvolutionFixture } from './evolution-fixtures.js'

const messageOf = (result: NormalisedWebhook): InboundMessage => {
  if (result.type !== 'message') throw new Error(`expected a message, got ${JSON.stringify(result)}`)
  return result.message
}
const statusOf = (result: NormalisedWebhook): StatusUpdate => {
  if (result.type !== 'status') throw new Error(`expected a status, got ${JSON.stringify(result)}`)
  return result.status
}
const connectionOf = (result: NormalisedWebhook): ConnectionUpdate => {
  if (result.type !== 'connection') throw new Error(`expected a connection, got ${JSON.stringify(result)}`)
  return result.connection
}
const normaliseFixture = (name: string): NormalisedWebhook => normaliseEvolutionWebhook(loadEvolutionFixture(name))

/** One check per fixture file; the last test fails when a fixture is added without one. */
const fixtureChecks: Record<string, () => void> = {
  'messages-upsert.text.json': () => {
    const body = loadEvolutionFixture('messages-upsert.text.json')
    const message = messageOf(normaliseEvolutionWebhook(body))
    expect(message).toEqual({
      event: 'messages.upsert',
      instance: 'loja-aurora',
      messageId: 'A3F1C2D4E5B6978812AB34CD56EF7890',
      fromMe: false,
      chatJid: '5511987651234@s.whatsapp.net',
      chatKind: 'direct',
      contactJids: ['5511987651234@s.whatsapp.net', '187654321098765@lid'],
      contactPhone: '5511987651234',
      contactLid: '187654321098765',
      replyJid: '5511987651234@s.whatsapp.net',
      pushName: 'Mariana Souza',
      timestamp: new Date(1761057127 * 1000),
      kind: 'text',
      text: 'Oi! Vocês têm bolo de cenoura com cobertura de chocolate hoje?',
      interactiveReplyId: null,
      media: null,
      location: null,
      reaction: null,
      quotedMessageId: null,
      mentionedJids: [],
      status: 'DELIVERY_ACK',
      source: 'android',
      evolutionVersion: 'v2',
      raw: body.data,
    })
  },

  'messages-upsert.extended-text.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.extended-text.json'))
    expect(message).toMatchObject({
      kind: 'text',
      text: 'Perfeito, quero 2 fatias então. Consigo retirar às 17h?',
      quotedMessageId: '3EB04D2A7C9E1F3B5A6C8D',
      contactPhone: '5521998765432',
      contactLid: '95173468201357',
      replyJid: '5521998765432@s.whatsapp.net',
      source: 'ios',
      evolutionVersion: 'v2',
    })
  },

  'messages-upsert.audio-ptt.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.audio-ptt.json'))
    expect(message.kind).toBe('audio')
    expect(message.text).toBeNull()
    expect(message.media).toEqual({
      mimetype: 'audio/ogg; codecs=opus',
      seconds: 9,
      ptt: true,
      fileName: null,
      fileLength: 14873,
      base64: null,
      url: null,
    })
    expect(message.contactPhone).toBe('5511976543210')
    expect(message.timestamp).toEqual(new Date(1761057307 * 1000))
  },

  'messages-upsert.image-caption.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.image-caption.json'))
    expect(message.kind).toBe('image')
    expect(message.text).toBe('Esse é o modelo que eu queria para o aniversário de sábado 🎂 dá pra fazer igual?')
    expect(message.media).toMatchObject({ mimetype: 'image/jpeg', fileLength: 184233, ptt: false, seconds: null })
    // WhatsApp delivered the 12-digit JID: reply to it as is, but the canonical phone has the 9th digit.
    expect(message.chatJid).toBe('553188776655@s.whatsapp.net')
    expect(message.replyJid).toBe('553188776655@s.whatsapp.net')
    expect(message.contactPhone).toBe('5531988776655')
    expect(message.contactJids).toEqual(['553188776655@s.whatsapp.net', '77441122558899@lid'])
    expect(message.contactLid).toBe('77441122558899')
  },

  'messages-upsert.group.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.group.json'))
    expect(message).toMatchObject({
      chatJid: '120363041234567890@g.us',
      chatKind: 'group',
      replyJid: '120363041234567890@g.us',
      contactJids: ['554191234567@s.whatsapp.net', '203948576102938@lid'],
      contactPhone: '5541991234567',
      contactLid: '203948576102938',
      pushName: 'Carlos Eduardo Rocha',
      mentionedJids: ['246813579024680@lid'],
      kind: 'text',
      text: '@246813579024680 consegue me mandar o cardápio de salgados para a festa da firma?',
    })
  },

  'messages-upsert.from-me.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.from-me.json'))
    expect(message).toMatchObject({
      event: 'messages.upsert',
      fromMe: true,
      status: 'SERVER_ACK',
      pushName: 'Loja Aurora',
      chatKind: 'direct',
      replyJid: '5511987651234@s.whatsapp.net',
      contactPhone: '5511987651234',
      text: 'Mariana, aqui é a Renata da loja 😊 já deixei o seu bolo separado no balcão.',
    })
  },

  'messages-upsert.lid.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.lid.json'))
    expect(message).toMatchObject({
      chatJid: '162534879012345@lid',
      chatKind: 'direct',
      contactJids: ['5511965432187@s.whatsapp.net', '162534879012345@lid'],
      contactPhone: '5511965432187',
      contactLid: '162534879012345',
      replyJid: '5511965432187@s.whatsapp.net',
      text: 'Boa tarde! Qual o horário de funcionamento no domingo?',
      timestamp: new Date(1761057597 * 1000),
    })
  },

  'messages-update.read.json': () => {
    expect(statusOf(normaliseFixture('messages-update.read.json'))).toEqual({
      instance: 'loja-aurora',
      updates: [
        {
          messageId: '3EB0C7F2A91D4B6E8F1A2C',
          chatJid: '5511987651234@s.whatsapp.net',
          fromMe: true,
          status: 'READ',
          at: new Date('2025-10-21T14:33:13.733Z'),
        },
      ],
    })
  },

  'connection-update.open.json': () => {
    expect(connectionOf(normaliseFixture('connection-update.open.json'))).toEqual({
      instance: 'loja-aurora',
      kind: 'connection',
      state: 'open',
      statusReason: 200,
      wuid: '5511930001234@s.whatsapp.net',
      profileName: 'Loja Aurora',
      qrCode: null,
      at: new Date('2025-10-21T13:32:07.043Z'),
    })
  },

  'qrcode-updated.json': () => {
    const body = loadEvolutionFixture('qrcode-updated.json')
    expect(body.sender).toBeUndefined()
    const connection = connectionOf(normaliseEvolutionWebhook(body))
    expect(connection).toMatchObject({ instance: 'loja-aurora', kind: 'qrcode', state: null, wuid: null })
    expect(connection.qrCode).toEqual({
      code: body.data.qrcode.code,
      base64: body.data.qrcode.base64,
      pairingCode: null,
    })
    expect(connection.qrCode?.base64).toMatch(/^data:image\/png;base64,/)
  },

  'send-message.json': () => {
    const message = messageOf(normaliseFixture('send-message.json'))
    expect(message).toMatchObject({
      event: 'send.message',
      fromMe: true,
      messageId: '3EB0C7F2A91D4B6E8F1A2C',
      status: 'PENDING',
      source: 'web',
      pushName: 'Você',
      contactJids: ['5511987651234@s.whatsapp.net'],
      contactLid: null,
      mentionedJids: [],
      quotedMessageId: null,
      evolutionVersion: 'v2',
    })
    expect(message.text).toContain('Temos sim, Mariana!')
  },

  'messages-upsert.v1.text.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.v1.text.json'))
    expect(message).toMatchObject({
      evolutionVersion: 'v1',
      kind: 'text',
      text: 'Boa tarde! Ainda tem torta de limão?',
      status: null,
      contactJids: ['5511987651234@s.whatsapp.net'],
      contactPhone: '5511987651234',
      contactLid: null,
      replyJid: '5511987651234@s.whatsapp.net',
      timestamp: new Date(1721409600 * 1000),
    })
  },

  'messages-upsert.v1.extended-text.json': () => {
    const message = messageOf(normaliseFixture('messages-upsert.v1.extended-text.json'))
    expect(message).toMatchObject({
      evolutionVersion: 'v1',
      kind: 'text',
      text: 'Pode ser, manda o link do pedido: https://lojaaurora.com.br/pedido',
      quotedMessageId: 'BAE5F1C2D3A4B5C6',
      contactPhone: '5521998765432',
      source: 'ios',
    })
  },
}

describe('Evolution fixtures', () => {
  for (const [name, check] of Object.entries(fixtureChecks)) {
    it(`normalises ${name}`, check)
  }

  it('has a check for every fixture file', () => {
    expect(Object.keys(fixtureChecks).sort()).toEqual(listEvolutionFixtures())
  })
})
