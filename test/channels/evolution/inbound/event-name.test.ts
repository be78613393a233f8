import { describe, expect, it } from 'vitest'
import {
  eventNameFromSuffix,
  normaliseEventName,
  normaliseEvolutionWebhook,
} from '../../../../src/channels/evolution/inbound/index.js'
import { loadEvolutionFixture } from './evolution-fixtures.js'

describe('normaliseEventName', () => {
  it('maps the body, filter-key and URL-suffix spellings to the dotted name', () => {
    for (const name of ['messages.upsert', 'MESSAGES_UPSERT', 'messages-upsert', ' Messages.Upsert ']) {
      expect(normaliseEventName(name)).toBe('messages.upsert')
    }
    expect(normaliseEventName('SEND_MESSAGE')).toBe('send.message')
    expect(normaliseEventName('send-message')).toBe('send.message')
    expect(normaliseEventName('qrcode-updated')).toBe('qrcode.updated')
    expect(normaliseEventName('CONNECTION_UPDATE')).toBe('connection.update')
  })

  it('keeps the dashes of the names Evolution spells with dashes', () => {
    expect(normaliseEventName('group-participants-update')).toBe('group-participants.update')
    expect(normaliseEventName('GROUP_PARTICIPANTS_UPDATE')).toBe('group-participants.update')
    expect(normaliseEventName('typebot-change-status')).toBe('typebot.change-status')
    expect(normaliseEventName('GROUP_UPDATE')).toBe('groups.update')
  })

  it('lowercases unknown names with dots, and refuses empty ones', () => {
    expect(normaliseEventName('SOMETHING_NEW')).toBe('something.new')
    expect(normaliseEventName('')).toBeNull()
    expect(normaliseEventName('  ')).toBeNull()
  })
})

describe('eventNameFromSuffix', () => {
  it('takes the last path segment', () => {
    expect(eventNameFromSuffix('messages-upsert')).toBe('messages.upsert')
    expect(eventNameFromSuffix('/messages-upsert')).toBe('messages.upsert')
    expect(eventNameFromSuffix('/webhooks/evolution/t1/messages-upsert/?x=1')).toBe('messages.upsert')
    expect(eventNameFromSuffix('/')).toBeNull()
  })
})

describe('the event of a webhook', () => {
  const withoutEvent = (): Record<string, unknown> => {
    const body = loadEvolutionFixture('messages-upsert.text.json')
    delete body.event
    return body
  }

  it.each(['messages.upsert', 'MESSAGES_UPSERT', 'messages-upsert'])('accepts %s in the body', (event) => {
    const body = { ...loadEvolutionFixture('messages-upsert.text.json'), event }
    const result = normaliseEvolutionWebhook(body)
    expect(result.type === 'message' && result.message.event).toBe('messages.upsert')
  })

  it('comes from the webhookByEvents suffix when the body has none', () => {
    const result = normaliseEvolutionWebhook(withoutEvent(), { eventSuffix: '/messages-upsert' })
    expect(result.type).toBe('message')
  })

  it('prefers the body over the suffix', () => {
    const body = loadEvolutionFixture('send-message.json')
    const result = normaliseEvolutionWebhook(body, { eventSuffix: 'messages-upsert' })
    expect(result.type === 'message' && result.message.event).toBe('send.message')
  })

  it('is required from one of the two', () => {
    expect(() => normaliseEvolutionWebhook(withoutEvent())).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_ENVELOPE_INVALID' }),
    )
    expect(() => normaliseEvolutionWebhook({ ...withoutEvent(), event: '' }, { eventSuffix: '/' })).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_ENVELOPE_INVALID' }),
    )
  })
})
