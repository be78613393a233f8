/**
 * One `messages.upsert` / `send.message` data object → InboundMessage (REPORT.md §2.1).
 */
import { readMessageContent, mentionedJidsOf } from './message-content.js'
import { messageKeySchema, resolveMessageParties } from './message-parties.js'
import { readLong } from './protobuf-values.js'
import { messageStatusName } from './status-update.js'
import { asRecord, asText, unixTimeToDate } from './json-values.js'
import type { EvolutionVersion, IgnoredReason, InboundMessage, InboundMessageEvent } from './inbound-types.js'

export interface InboundMessageContext {
  event: InboundMessageEvent
  instance: string
  /** Envelope fields used for version detection and fallbacks. */
  envelopeOwner: string | null
  envelopeDateTime: Date | null
  receivedAt: Date
}

export type InboundMessageResult = { ignored: false; message: InboundMessage } | { ignored: true; reason: IgnoredReason }

/** v1 (Evolution 1.8): `owner` instead of `instanceId`, and no `status`. */
export const detectEvolutionVersion = (data: Record<string, unknown>, envelopeOwner: string | null): EvolutionVersion => {
  if (envelopeOwner !== null || asText(data.owner) !== null) return 'v1'
  if (data.instanceId === undefined && data.status === undefined) return 'v1'
  return 'v2'
}

/** Normalises one message object (`data` of messages.upsert or send.message). */
export const normaliseInboundMessage = (data: unknown, context: InboundMessageContext): InboundMessageResult => {
  const record = asRecord(data)
  const key = messageKeySchema.safeParse(asRecord(record?.key) ?? {})
  if (!record || !key.success || key.data.id === null || key.data.remoteJid === null) {
    return { ignored: true, reason: 'message without key' }
  }
  const messageId = key.data.id
  const parties = resolveMessageParties({ ...key.data, remoteJid: key.data.remoteJid })

  const read = readMessageContent(asRecord(record.message))
  if (read.ignored) return { ignored: true, reason: read.reason }
  const { content } = read

  // 2.1.1+ lift the content's contextInfo to data.contextInfo (and drop it for rewritten text);
  // 2.4.0-rc may put messageContextInfo there instead, so fall back to the content's own.
  const topContextInfo = asRecord(record.contextInfo)
  const quotedMessageId = asText(topContextInfo?.stanzaId) ?? asText(content.contextInfo?.stanzaId)
  const mentionedJids = [...new Set([...mentionedJidsOf(topContextInfo), ...mentionedJidsOf(content.contextInfo)])]

  const timestamp =
    unixTimeToDate(readLong(record.messageTimestamp)) ?? context.envelopeDateTime ?? context.receivedAt

  return {
    ignored: false,
    message: {
      event: context.event,
      instance: context.instance,
      messageId,
      fromMe: key.data.fromMe === true,
      ...parties,
      pushName: asText(record.pushName),
      timestamp,
      kind: content.kind,
      text: content.text,
      interactiveReplyId: content.interactiveReplyId,
      media: content.media,
      location: content.location,
      reaction: content.reaction,
      quotedMessageId,
      mentionedJids,
      status: messageStatusName(record.status),
      source: asText(record.source),
      evolutionVersion: detectEvolutionVersion(record, context.envelopeOwner),
      raw: data,
    },
  }
}
