/**
 * The entry point: an Evolution webhook body → one NormalisedWebhook. Pure; no I/O.
 */
import { normaliseInboundMessage } from './inbound-message.js'
import { readConnectionUpdate, readQrCodeUpdate } from './connection-update.js'
import { readStatusChanges } from './status-update.js'
import { parseEvolutionWebhookEnvelope, type EvolutionWebhookEnvelope } from './webhook-envelope.js'
import { asRecord } from './json-values.js'
import type { IgnoredReason, NormaliseWebhookOptions, NormalisedWebhook } from './inbound-types.js'

const ignored = (envelope: EvolutionWebhookEnvelope, reason: IgnoredReason): NormalisedWebhook => ({
  type: 'ignored',
  event: envelope.event,
  instance: envelope.instance,
  reason,
})

/**
 * `messages.upsert` carries one message; history sets (an array, or v1's `{messages:[…]}`) are
 * batches, handled only when they hold exactly one message. Null for a batch of any other size.
 */
const singleMessageData = (data: unknown): { data: unknown } | null => {
  const record = asRecord(data)
  const batch = Array.isArray(data)
    ? data
    : record && record.key === undefined && Array.isArray(record.messages)
      ? (record.messages as unknown[])
      : null
  if (batch === null) return { data }
  return batch.length === 1 ? { data: batch[0] } : null
}

const normaliseMessageEvent = (
  envelope: EvolutionWebhookEnvelope,
  event: 'messages.upsert' | 'send.message',
  options: NormaliseWebhookOptions,
): NormalisedWebhook => {
  const single = singleMessageData(envelope.data)
  if (!single) return ignored(envelope, 'batch')
  const result = normaliseInboundMessage(single.data, {
    event,
    instance: envelope.instance,
    envelopeOwner: envelope.owner,
    envelopeDateTime: envelope.dateTime,
    receivedAt: options.receivedAt ?? new Date(),
  })
  return result.ignored ? ignored(envelope, result.reason) : { type: 'message', message: result.message }
}

/**
 * Normalises an Evolution webhook body. The event comes from `body.event`, or, when absent,
 * from `options.eventSuffix` (the `webhookByEvents` URL suffix, e.g. `messages-upsert`).
 * Throws AppError WEBHOOK_ENVELOPE_INVALID when the body is not an Evolution envelope at all.
 */
export const normaliseEvolutionWebhook = (body: unknown, options: NormaliseWebhookOptions = {}): NormalisedWebhook => {
  const envelope = parseEvolutionWebhookEnvelope(body, options)
  switch (envelope.event) {
    case 'messages.upsert':
    case 'send.message':
      return normaliseMessageEvent(envelope, envelope.event, options)
    case 'messages.update': {
      const updates = readStatusChanges(envelope.data, envelope.dateTime)
      if (updates.length === 0) return ignored(envelope, 'status update without message id or status')
      return { type: 'status', status: { instance: envelope.instance, updates } }
    }
    case 'connection.update':
      return {
        type: 'connection',
        connection: readConnectionUpdate(envelope.instance, envelope.data, envelope.dateTime),
      }
    case 'qrcode.updated':
      return { type: 'connection', connection: readQrCodeUpdate(envelope.instance, envelope.data, envelope.dateTime) }
    default:
      return ignored(envelope, 'unhandled event')
  }
}
