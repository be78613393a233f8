import { describe, expect, it } from 'vitest'
import {
  normaliseEvolutionWebhook,
  type InboundMessage,
  type NormalisedWebhook,
} from '../../../../src/channels/evolution/inbound/index.js'
import { loadEvolutionFixture } from './evolution-fixtures.js'

/** The text fixture with `data.message` (and optionally more of `data`) replaced. */
const upsertWith = (message: unknown, data: Record<string, unknown> = {}): Record<string, any> => {
  const body = loadEvolutionFixture('messages-upsert.text.json')
  body.data = { ...body.data, message, ...data }
  return body
}

const normalise = (body: unknown): NormalisedWebhook => normaliseEvolutionWebhook(body)

const messageOf = (body: unknown): InboundMessage => {
  const result = normalise(body)
  if (result.type !== 'message') throw new Error(`expected a message, got ${JSON.stringify(result)}`)
  return result.message
}

const audioFixtureMessage = (): Record<string, any> => loadEvolutionFixture('messages-upsert.audio-ptt.json').data.message
const imageFixtureMessage = (): Record<string, any> =>
  loadEvolutionFixture('messages-upsert.image-caption.json').data.message

describe('wrappers', () => {
  it('unwraps ephemeralMessage', () => {
    const message = messageOf(upsertWith({ ephemeralMessage: { message: { extendedTextMessage: { text: 'sumiu' } } } }))
    expect(message).toMatchObject({ kind: 'text', text: 'sumiu' })
  })

  it('unwraps viewOnceMessage, viewOnceMessageV2 and viewOnceMessageV2Extension', () => {
    const { imageMessage } = imageFixtureMessage()
    for (const wrapper of ['viewOnceMessage', 'viewOnceMessageV2']) {
      const message = messageOf(upsertWith({ [wrapper]: { message: { imageMessage } } }))
      expect(message.kind).toBe('image')
      expect(message.text).toBe(imageMessage.caption)
      expect(message.media?.fileLength).toBe(184233)
    }
    const { audioMessage } = audioFixtureMessage()
    const audio = messageOf(upsertWith({ viewOnceMessageV2Extension: { message: { audioMessage } } }))
    expect(audio.kind).toBe('audio')
    expect(audio.media).toMatchObject({ ptt: true, seconds: 9 })
  })

  it('unwraps nested wrappers (ephemeral around view-once)', () => {
    const { imageMessage } = imageFixtureMessage()
    const message = messageOf(
      upsertWith({ ephemeralMessage: { message: { viewOnceMessageV2: { message: { imageMessage } } } } }),
    )
    expect(message.kind).toBe('image')
  })

  it('unwraps documentWithCaptionMessage (v1 and v2 before 2.2.0)', () => {
    const documentMessage = {
      url: 'https://mmg.whatsapp.net/d/f/x.enc',
      mimetype: 'application/pdf',
      title: 'orcamento.pdf',
      fileLength: '48211',
      pageCount: 2,
      fileName: 'orcamento.pdf',
      caption: 'Segue o orçamento',
      mediaKey: 'v0HmKBJF/7Rq8A==',
    }
    const message = messageOf(
      upsertWith(
        { documentWithCaptionMessage: { message: { documentMessage } } },
        { messageType: 'documentWithCaptionMessage' },
      ),
    )
    expect(message.kind).toBe('document')
    expect(message.text).toBe('Segue o orçamento')
    expect(message.media).toEqual({
      mimetype: 'application/pdf',
      seconds: null,
      ptt: false,
      fileName: 'orcamento.pdf',
      fileLength: 48211,
      base64: null,
      url: null,
    })
  })

  it('unwraps a simple editedMessage, but a wrapped protocolMessage is ignored', () => {
    expect(messageOf(upsertWith({ editedMessage: { message: { conversation: 'corrigido' } } })).text).toBe('corrigido')
    const edit = upsertWith({
      editedMessage: {
        message: {
          protocolMessage: {
            key: { remoteJid: '5511930001234@s.whatsapp.net', fromMe: true, id: 'ABC' },
            type: 14,
            editedMessage: { conversation: 'corrigido' },
          },
        },
      },
    })
    expect(normalise(edit)).toMatchObject({ type: 'ignored', reason: 'protocol message' })
  })
})

describe('interactive replies', () => {
  it('reads buttonsResponseMessage', () => {
    const message = messageOf(
      upsertWith({ buttonsResponseMessage: { selectedButtonId: 'btn-yes', selectedDisplayText: 'Sim', type: 1 } }),
    )
    expect(message).toMatchObject({ kind: 'interactive_reply', text: 'Sim', interactiveReplyId: 'btn-yes' })
  })

  it('reads listResponseMessage', () => {
    const message = messageOf(
      upsertWith({
        listResponseMessage: {
          title: 'Bolo de cenoura',
          listType: 1,
          singleSelectReply: { selectedRowId: 'row-cenoura' },
          description: 'Fatia R$ 12',
        },
      }),
    )
    expect(message).toMatchObject({
      kind: 'interactive_reply',
      text: 'Bolo de cenoura',
      interactiveReplyId: 'row-cenoura',
    })
  })

  it('reads templateButtonReplyMessage', () => {
    const message = messageOf(
      upsertWith({ templateButtonReplyMessage: { selectedId: 'tpl-1', selectedDisplayText: 'Quero', selectedIndex: 0 } }),
    )
    expect(message).toMatchObject({ kind: 'interactive_reply', text: 'Quero', interactiveReplyId: 'tpl-1' })
  })

  it('reads interactiveResponseMessage with a nativeFlow paramsJson id', () => {
    const message = messageOf(
      upsertWith({
        interactiveResponseMessage: {
          body: { text: 'Agendar horário', format: 1 },
          nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"agendar"}', version: 1 },
        },
      }),
    )
    expect(message).toMatchObject({ kind: 'interactive_reply', text: 'Agendar horário', interactiveReplyId: 'agendar' })
  })

  it('tolerates a broken paramsJson', () => {
    const message = messageOf(
      upsertWith({ interactiveResponseMessage: { nativeFlowResponseMessage: { paramsJson: '{oops' } } }),
    )
    expect(message).toMatchObject({ kind: 'interactive_reply', text: null, interactiveReplyId: null })
  })
})

describe('other kinds', () => {
  it('reads a location', () => {
    const message = messageOf(
      upsertWith({
        locationMessage: {
          degreesLatitude: -23.5613,
          degreesLongitude: -46.6565,
          name: 'Loja Aurora',
          address: 'Av. Paulista, 1000',
        },
      }),
    )
    expect(message).toMatchObject({
      kind: 'location',
      location: { latitude: -23.5613, longitude: -46.6565, name: 'Loja Aurora', address: 'Av. Paulista, 1000' },
      text: null,
    })
  })

  it('reads a live location without name or address', () => {
    const message = messageOf(upsertWith({ liveLocationMessage: { degreesLatitude: 1.5, degreesLongitude: 2 } }))
    expect(message.location).toEqual({ latitude: 1.5, longitude: 2, name: null, address: null })
  })

  it('reads a reaction, and a removed one', () => {
    const reaction = (text: string) =>
      upsertWith({
        reactionMessage: {
          key: { remoteJid: '5511987651234@s.whatsapp.net', fromMe: true, id: '3EB0C7F2A91D4B6E8F1A2C' },
          text,
          senderTimestampMs: { low: 1761057600, high: 0, unsigned: false },
        },
      })
    expect(messageOf(reaction('❤️'))).toMatchObject({
      kind: 'reaction',
      text: null,
      reaction: { emoji: '❤️', targetMessageId: '3EB0C7F2A91D4B6E8F1A2C' },
    })
    expect(messageOf(reaction('')).reaction?.emoji).toBe('')
  })

  it('reads stickers and contacts', () => {
    const sticker = messageOf(upsertWith({ stickerMessage: { mimetype: 'image/webp', isAnimated: false, fileLength: 9000 } }))
    expect(sticker).toMatchObject({ kind: 'sticker', media: { mimetype: 'image/webp', fileLength: 9000 } })
    const contact = messageOf(upsertWith({ contactMessage: { displayName: 'Ana', vcard: 'BEGIN:VCARD…' } }))
    expect(contact).toMatchObject({ kind: 'contact', media: null, text: null })
  })

  it('marks unknown content as unsupported', () => {
    const message = messageOf(upsertWith({ pollCreationMessageV3: { name: 'Sabor?', options: [] } }))
    expect(message).toMatchObject({ kind: 'unsupported', text: null, media: null })
  })

  it('ignores protocol messages, key material alone and empty messages', () => {
    expect(normalise(upsertWith({ protocolMessage: { type: 0 } }))).toMatchObject({
      type: 'ignored',
      reason: 'protocol message',
    })
    expect(
      normalise(upsertWith({ senderKeyDistributionMessage: { groupId: 'x' }, messageContextInfo: {} })),
    ).toMatchObject({ type: 'ignored', reason: 'protocol message' })
    expect(normalise(upsertWith({ messageContextInfo: {} }))).toMatchObject({ type: 'ignored', reason: 'empty message' })
    expect(normalise(upsertWith(null))).toMatchObject({ type: 'ignored', reason: 'empty message' })
    expect(normalise(upsertWith({ conversation: '' }))).toMatchObject({ type: 'ignored', reason: 'empty message' })
  })

  it('reads the content after senderKeyDistributionMessage in a group', () => {
    const message = messageOf(
      upsertWith({ senderKeyDistributionMessage: { groupId: 'x' }, conversation: 'oi grupo' }),
    )
    expect(message.text).toBe('oi grupo')
  })
})

describe('media fields', () => {
  it('takes base64 and mediaUrl that Evolution adds next to the content', () => {
    const message = messageOf(
      upsertWith({
        ...audioFixtureMessage(),
        base64: 'T2dnUwACAAAAAAAAAAA=',
        mediaUrl: 'https://s3.lojaaurora.com.br/evolution/audio.oga',
      }),
    )
    expect(message.media).toMatchObject({
      base64: 'T2dnUwACAAAAAAAAAAA=',
      url: 'https://s3.lojaaurora.com.br/evolution/audio.oga',
    })
  })

  it.each([
    ['number', 184233],
    ['decimal string', '184233'],
    ['{low,high,unsigned}', { low: 184233, high: 0, unsigned: true }],
  ])('reads fileLength as a %s', (_form, fileLength) => {
    const message = imageFixtureMessage()
    message.imageMessage.fileLength = fileLength
    expect(messageOf(upsertWith(message)).media?.fileLength).toBe(184233)
  })

  it('accepts byte fields as base64 instead of index-keyed objects', () => {
    const message = imageFixtureMessage()
    message.imageMessage.mediaKey = Buffer.from([1, 2, 3]).toString('base64')
    message.imageMessage.fileSha256 = 'qPQepAwa734RZA=='
    expect(messageOf(upsertWith(message)).kind).toBe('image')
  })

  it('turns wrong types in optional media fields into null', () => {
    const message = audioFixtureMessage()
    message.audioMessage.mimetype = 42
    message.audioMessage.seconds = 'nine'
    message.audioMessage.ptt = 'yes'
    expect(messageOf(upsertWith(message)).media).toMatchObject({ mimetype: null, seconds: null, ptt: false })
  })
})

describe('timestamps', () => {
  it.each([
    ['number', 1761057597],
    ['decimal string', '1761057597'],
    ['{low,high,unsigned}', { low: 1761057597, high: 0, unsigned: false }],
  ])('reads messageTimestamp as a %s', (_form, messageTimestamp) => {
    const body = upsertWith({ conversation: 'oi' }, { messageTimestamp })
    expect(messageOf(body).timestamp).toEqual(new Date(1761057597 * 1000))
  })

  it('falls back to date_time when messageTimestamp is unusable', () => {
    const body = upsertWith({ conversation: 'oi' }, { messageTimestamp: 'soon' })
    expect(messageOf(body).timestamp).toEqual(new Date('2025-10-21T14:32:07.411Z'))
  })
})

describe('quotes and mentions', () => {
  it('reads the quote from the content contextInfo when there is no top-level one (2.4.0-rc, media)', () => {
    const message = imageFixtureMessage()
    message.imageMessage.contextInfo = {
      stanzaId: '3EB0QUOTED',
      participant: '5511930001234@s.whatsapp.net',
      mentionedJid: ['5511930001234@s.whatsapp.net'],
    }
    const inbound = messageOf(upsertWith(message))
    expect(inbound.quotedMessageId).toBe('3EB0QUOTED')
    expect(inbound.mentionedJids).toEqual(['5511930001234@s.whatsapp.net'])
  })

  it('ignores wrong types in contextInfo', () => {
    const body = upsertWith({ conversation: 'oi' }, { contextInfo: { stanzaId: 7, mentionedJid: 'x' } })
    expect(messageOf(body)).toMatchObject({ quotedMessageId: null, mentionedJids: [] })
  })
})
