import { describe, expect, it } from 'vitest'
import {
  chatKindOf,
  normaliseEvolutionWebhook,
  type InboundMessage,
} from '../../../../src/channels/evolution/inbound/index.js'
import { loadEvolutionFixture } from './evolution-fixtures.js'

const phoneJid = '5511965432187@s.whatsapp.net'
const lidJid = '162534879012345@lid'

/** The LID fixture with its key replaced, as another Evolution version would send it. */
const lidFixtureWithKey = (key: Record<string, unknown>): InboundMessage => {
  const body = loadEvolutionFixture('messages-upsert.lid.json')
  body.data.key = { fromMe: false, id: 'D4E5F6A7B8C9D0E1F2A3B4C5D6E7F809', ...key }
  const result = normaliseEvolutionWebhook(body)
  if (result.type !== 'message') throw new Error(`expected a message, got ${JSON.stringify(result)}`)
  return result.message
}

const person = (message: InboundMessage) => ({
  chatJid: message.chatJid,
  chatKind: message.chatKind,
  contactJids: message.contactJids,
  contactPhone: message.contactPhone,
  contactLid: message.contactLid,
  replyJid: message.replyJid,
})

describe('the LID key shapes of each Evolution version', () => {
  it('2.3.5–2.3.6: remoteJid LID, phone in remoteJidAlt', () => {
    expect(person(lidFixtureWithKey({ remoteJid: lidJid, remoteJidAlt: phoneJid, participant: '', addressingMode: 'lid' }))).toEqual({
      chatJid: lidJid,
      chatKind: 'direct',
      contactJids: [phoneJid, lidJid],
      contactPhone: '5511965432187',
      contactLid: '162534879012345',
      replyJid: phoneJid,
    })
  })

  it('2.3.7: remoteJid and remoteJidAlt both the phone, addressingMode still lid', () => {
    expect(person(lidFixtureWithKey({ remoteJid: phoneJid, remoteJidAlt: phoneJid, participant: '', addressingMode: 'lid' }))).toEqual({
      chatJid: phoneJid,
      chatKind: 'direct',
      contactJids: [phoneJid],
      contactPhone: '5511965432187',
      contactLid: null,
      replyJid: phoneJid,
    })
  })

  it('2.4.0-rc: swapped, remoteJid phone and remoteJidAlt LID', () => {
    expect(person(lidFixtureWithKey({ remoteJid: phoneJid, remoteJidAlt: lidJid, participant: '', addressingMode: 'pn' }))).toEqual({
      chatJid: phoneJid,
      chatKind: 'direct',
      contactJids: [phoneJid, lidJid],
      contactPhone: '5511965432187',
      contactLid: '162534879012345',
      replyJid: phoneJid,
    })
  })

  it('2.3.1–2.3.2: remoteJid swapped to senderPn, LID in previousRemoteJid', () => {
    const message = lidFixtureWithKey({
      remoteJid: phoneJid,
      previousRemoteJid: lidJid,
      senderPn: phoneJid,
      senderLid: lidJid,
    })
    expect(person(message)).toMatchObject({ contactJids: [phoneJid, lidJid], contactLid: '162534879012345', replyJid: phoneJid })
  })

  it('2.3.0: remoteJid LID with senderPn', () => {
    const message = lidFixtureWithKey({ remoteJid: lidJid, senderPn: phoneJid })
    expect(person(message)).toMatchObject({ chatJid: lidJid, contactPhone: '5511965432187', replyJid: phoneJid })
  })

  it('only a LID, no phone anywhere: reply to the LID', () => {
    const message = lidFixtureWithKey({ remoteJid: lidJid, participant: '', addressingMode: 'lid' })
    expect(person(message)).toEqual({
      chatJid: lidJid,
      chatKind: 'direct',
      contactJids: [lidJid],
      contactPhone: null,
      contactLid: '162534879012345',
      replyJid: lidJid,
    })
  })

  it('drops device suffixes from the person ids and the reply JID', () => {
    const message = lidFixtureWithKey({ remoteJid: '5511965432187:12@s.whatsapp.net', remoteJidAlt: '162534879012345:3@lid' })
    expect(message.chatJid).toBe('5511965432187:12@s.whatsapp.net')
    expect(message.contactJids).toEqual([phoneJid, lidJid])
    expect(message.replyJid).toBe(phoneJid)
  })

  it('groups: the author from participant / participantAlt in either order, or participantPn', () => {
    const group = '120363041234567890@g.us'
    const pnFirst = lidFixtureWithKey({ remoteJid: group, participant: phoneJid, participantAlt: lidJid, addressingMode: 'pn' })
    expect(person(pnFirst)).toEqual({
      chatJid: group,
      chatKind: 'group',
      contactJids: [phoneJid, lidJid],
      contactPhone: '5511965432187',
      contactLid: '162534879012345',
      replyJid: group,
    })
    const b6 = lidFixtureWithKey({ remoteJid: group, participant: lidJid, participantPn: phoneJid, participantLid: lidJid })
    expect(b6.contactJids).toEqual([phoneJid, lidJid])
  })

  it('status@broadcast: chatKind broadcast, the author from participant, reply stays the raw JID', () => {
    const message = lidFixtureWithKey({ remoteJid: 'status@broadcast', participant: phoneJid, remoteJidAlt: lidJid })
    expect(person(message)).toEqual({
      chatJid: 'status@broadcast',
      chatKind: 'broadcast',
      contactJids: [phoneJid, lidJid],
      contactPhone: '5511965432187',
      contactLid: '162534879012345',
      replyJid: 'status@broadcast',
    })
  })

  it('names the kind of every chat JID', () => {
    expect(chatKindOf('5511987651234@s.whatsapp.net')).toBe('direct')
    expect(chatKindOf(lidJid)).toBe('direct')
    expect(chatKindOf('120363041234567890@g.us')).toBe('group')
    expect(chatKindOf('status@broadcast')).toBe('broadcast')
    expect(chatKindOf('120363000000000000@newsletter')).toBe('newsletter')
    expect(chatKindOf('something')).toBe('other')
  })
})
